// WebGazer's eye-appearance features, ported from WebGazer 3.5.3 (GPL-3.0-or-later, Brown HCI):
// the eye box from the face-mesh eyelid landmarks (its facemesh module), each box resized to 10×6,
// grey (util.grayscale) and histogram-equalised (util.equalizeHistogram, after Martin Tschirsich's
// js-objectdetect). Pure: it works on RGBA pixels handed to it, in the worker.

/** Landmark [x, y, z] in video px (z: MediaPipe's relative depth, in the same scale as x). */
export type Landmark = readonly [number, number, number];

/** Eyelid landmarks of MediaPipe's face mesh; "left"/"right" are the subject's. */
export const EYE_INDICES = {
  leftUpper: [466, 388, 387, 386, 385, 384, 398],
  leftLower: [263, 249, 390, 373, 374, 380, 381, 382, 362],
  rightUpper: [246, 161, 160, 159, 158, 157, 173],
  rightLower: [33, 7, 163, 144, 145, 153, 154, 155, 133],
} as const;

export const PATCH_WIDTH = 10;
export const PATCH_HEIGHT = 6;
/** Features per eye. */
export const PATCH_SIZE = PATCH_WIDTH * PATCH_HEIGHT;

/** Integer pixel box in the video frame. */
export interface PixelBox {
  x: number;
  y: number;
  w: number;
  h: number;
}

function eyeBox(landmarks: readonly Landmark[], upper: readonly number[], lower: readonly number[]): PixelBox | null {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  // As WebGazer: the top-left from the upper lid, the bottom-right from the lower lid.
  for (const i of upper) {
    const p = landmarks[i];
    if (!p) return null;
    minX = Math.min(minX, p[0]);
    minY = Math.min(minY, p[1]);
  }
  for (const i of lower) {
    const p = landmarks[i];
    if (!p) return null;
    maxX = Math.max(maxX, p[0]);
    maxY = Math.max(maxY, p[1]);
  }
  const x = Math.round(minX);
  const y = Math.round(minY);
  const w = Math.round(maxX) - x;
  const h = Math.round(maxY) - y;
  return w > 0 && h > 0 ? { x, y, w, h } : null;
}

/** Both eye boxes, or null when the mesh has too few landmarks or an eye box is empty (closed eye). */
export function eyeBoxes(landmarks: readonly Landmark[]): { left: PixelBox; right: PixelBox } | null {
  const left = eyeBox(landmarks, EYE_INDICES.leftUpper, EYE_INDICES.leftLower);
  const right = eyeBox(landmarks, EYE_INDICES.rightUpper, EYE_INDICES.rightLower);
  return left && right ? { left, right } : null;
}

/**
 * Grey level (WebGazer's weights) of an RGBA patch resized to outW × outH by area averaging (each
 * output pixel is the mean of the source pixels it covers, with fractional edges).
 */
export function resizeGrey(rgba: ArrayLike<number>, w: number, h: number, outW = PATCH_WIDTH, outH = PATCH_HEIGHT): Float64Array {
  const grey = new Float64Array(w * h);
  for (let i = 0, p = 0; i < grey.length; i++, p += 4) grey[i] = rgba[p]! * 0.299 + rgba[p + 1]! * 0.587 + rgba[p + 2]! * 0.114;
  const out = new Float64Array(outW * outH);
  const sx = w / outW;
  const sy = h / outH;
  for (let oy = 0; oy < outH; oy++) {
    const y0 = oy * sy;
    const y1 = y0 + sy;
    for (let ox = 0; ox < outW; ox++) {
      const x0 = ox * sx;
      const x1 = x0 + sx;
      let sum = 0;
      let area = 0;
      for (let y = Math.floor(y0); y < Math.min(h, Math.ceil(y1)); y++) {
        const wy = Math.min(y + 1, y1) - Math.max(y, y0);
        for (let x = Math.floor(x0); x < Math.min(w, Math.ceil(x1)); x++) {
          const wx = Math.min(x + 1, x1) - Math.max(x, x0);
          sum += grey[y * w + x]! * wx * wy;
          area += wx * wy;
        }
      }
      out[oy * outW + ox] = area > 0 ? sum / area : 0;
    }
  }
  return out;
}

/** WebGazer's histogram equalisation (`step` samples every step-th pixel for the histogram). */
export function equalizeHistogram(grey: ArrayLike<number>, step = 5): Float64Array {
  const n = grey.length;
  const hist = new Float64Array(256);
  for (let i = 0; i < n; i += step) hist[Math.min(255, Math.max(0, Math.floor(grey[i]!)))]! += 1;
  const norm = (255 * step) / n;
  let prev = 0;
  for (let i = 0; i < 256; i++) {
    prev += hist[i]!;
    hist[i] = prev * norm;
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = hist[Math.min(255, Math.max(0, Math.floor(grey[i]!)))]!;
  return out;
}

/** The PATCH_SIZE appearance features of one eye from its RGBA crop. */
export function patchFeatures(rgba: ArrayLike<number>, w: number, h: number): Float64Array {
  return equalizeHistogram(resizeGrey(rgba, w, h));
}
