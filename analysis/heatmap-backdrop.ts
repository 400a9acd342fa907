// The schematic stimulus background (stimulus-background.ts) rasterised at one pixel per heatmap
// cell, so the CLI's PNGs show the page the analysis view draws, without text.
import type { RgbaImage } from './heatmap.ts';
import { BACKGROUND_COLOURS, canvasBackground, type BackgroundRect } from './stimulus-background.ts';

function fillRect(img: RgbaImage, cellPx: number, r: Pick<BackgroundRect, 'x' | 'y' | 'w' | 'h'>, rgb: readonly number[]): void {
  const x0 = Math.max(0, Math.floor(r.x / cellPx));
  const x1 = Math.min(img.width, Math.ceil((r.x + r.w) / cellPx));
  const y0 = Math.max(0, Math.floor(r.y / cellPx));
  const y1 = Math.min(img.height, Math.ceil((r.y + r.h) / cellPx));
  for (let j = y0; j < y1; j++) {
    for (let i = x0; i < x1; i++) {
      const o = (j * img.width + i) * 4;
      img.data[o] = rgb[0]!;
      img.data[o + 1] = rgb[1]!;
      img.data[o + 2] = rgb[2]!;
      img.data[o + 3] = 255;
    }
  }
}

/** Opaque backdrop of `rects` (default: the 3-page RecGaze canvas) at one pixel per heatmap cell. */
export function stimulusBackdrop(
  width: number,
  height: number,
  cellPx: number,
  rects: readonly BackgroundRect[] = canvasBackground(),
): RgbaImage {
  const img: RgbaImage = { width, height, data: new Uint8ClampedArray(width * height * 4) };
  fillRect(img, 1, { x: 0, y: 0, w: width, h: height }, BACKGROUND_COLOURS.page);
  for (const r of rects) if (r.kind !== 'page') fillRect(img, cellPx, r, BACKGROUND_COLOURS[r.kind]);
  return img;
}

/** Alpha-composites `top` over an opaque `base` of the same size (returns a new image). */
export function composite(base: RgbaImage, top: RgbaImage): RgbaImage {
  if (base.width !== top.width || base.height !== top.height)
    throw new Error(`composite: sizes differ (${base.width}×${base.height} vs ${top.width}×${top.height})`);
  const out = new Uint8ClampedArray(base.data.length);
  for (let i = 0; i < out.length; i += 4) {
    const a = top.data[i + 3]! / 255;
    out[i] = base.data[i]! * (1 - a) + top.data[i]! * a;
    out[i + 1] = base.data[i + 1]! * (1 - a) + top.data[i + 1]! * a;
    out[i + 2] = base.data[i + 2]! * (1 - a) + top.data[i + 2]! * a;
    out[i + 3] = 255;
  }
  return { width: base.width, height: base.height, data: out };
}
