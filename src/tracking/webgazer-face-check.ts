// Pure check of where the face sits in the camera image, for the camera-setup feedback.

export type FacePlacement = 'no-face' | 'too-far' | 'too-close' | 'off-centre' | 'ok';

export interface FaceBox {
  /** Fractions of the video frame, 0..1. */
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface FaceCheck {
  placement: FacePlacement;
  box?: FaceBox;
}

/** Face width as a fraction of the frame width: below → too far, above → too close. */
export const FACE_WIDTH_MIN = 0.18;
export const FACE_WIDTH_MAX = 0.65;
/** Largest distance of the face centre from the frame centre, as a fraction of the frame. */
export const FACE_CENTRE_TOLERANCE = 0.22;

/** Bounding box of face landmarks ([x, y, …] in video px) as fractions of the frame. */
export function faceBox(positions: readonly (readonly number[])[], videoWidth: number, videoHeight: number): FaceBox | null {
  if (!positions.length || videoWidth <= 0 || videoHeight <= 0) return null;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const p of positions) {
    const x = p[0];
    const y = p[1];
    if (x === undefined || y === undefined || !Number.isFinite(x) || !Number.isFinite(y)) continue;
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  if (!Number.isFinite(minX) || !Number.isFinite(minY)) return null;
  return { x: minX / videoWidth, y: minY / videoHeight, w: (maxX - minX) / videoWidth, h: (maxY - minY) / videoHeight };
}

export function checkFace(box: FaceBox | null): FaceCheck {
  if (!box) return { placement: 'no-face' };
  if (box.w < FACE_WIDTH_MIN) return { placement: 'too-far', box };
  if (box.w > FACE_WIDTH_MAX) return { placement: 'too-close', box };
  const cx = box.x + box.w / 2;
  const cy = box.y + box.h / 2;
  if (Math.abs(cx - 0.5) > FACE_CENTRE_TOLERANCE || Math.abs(cy - 0.5) > FACE_CENTRE_TOLERANCE) return { placement: 'off-centre', box };
  return { placement: 'ok', box };
}

export const FACE_MESSAGES: Record<FacePlacement, string> = {
  'no-face': 'No face found. Sit facing the camera in good light, with nothing covering your eyes.',
  'too-far': 'Your face is too far away. Move a little closer to the screen.',
  'too-close': 'Your face is too close. Move back a little.',
  'off-centre': 'Move so that your face is in the middle of the picture.',
  ok: 'Face found. Keep your head still from now on.',
};
