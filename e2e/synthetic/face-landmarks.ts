// MediaPipe face-mesh landmark indices for the eyes, and the eye geometry taken from them. Pure.
import type { EyeGeometry, FaceGeometry, Vec2 } from './gaze-model.ts';

/**
 * Eye contours round the opening, outer corner first, along the lower lid to the inner corner,
 * back along the upper lid ("right" and "left" are the participant's; the right eye is on the
 * picture's left).
 */
export const RIGHT_EYE_CONTOUR = [33, 7, 163, 144, 145, 153, 154, 155, 133, 173, 157, 158, 159, 160, 161, 246] as const;
export const LEFT_EYE_CONTOUR = [263, 249, 390, 373, 374, 380, 381, 382, 362, 398, 384, 385, 386, 387, 388, 466] as const;
/** Refined landmarks: iris centre, then four points on its edge. */
export const RIGHT_IRIS = [468, 469, 470, 471, 472] as const;
export const LEFT_IRIS = [473, 474, 475, 476, 477] as const;
export const REFINED_LANDMARKS = 478;

type Landmarks = readonly (readonly [number, number])[];

const at = (lm: Landmarks, i: number): Vec2 => {
  const p = lm[i];
  if (!p) throw new Error(`landmark ${i} missing (got ${lm.length}; refined landmarks have ${REFINED_LANDMARKS})`);
  return { x: p[0], y: p[1] };
};

function eye(lm: Landmarks, contour: readonly number[], iris: readonly number[]): EyeGeometry {
  const centre = at(lm, iris[0]!);
  const edge = iris.slice(1).map((i) => at(lm, i));
  const irisRadius = edge.reduce((s, p) => s + Math.hypot(p.x - centre.x, p.y - centre.y), 0) / edge.length;
  return { contour: contour.map((i) => at(lm, i)), iris: centre, irisRadius };
}

export function faceGeometry(lm: Landmarks, width: number, height: number): FaceGeometry {
  return { width, height, eyes: [eye(lm, RIGHT_EYE_CONTOUR, RIGHT_IRIS), eye(lm, LEFT_EYE_CONTOUR, LEFT_IRIS)] };
}

/** The detected iris centres (right eye first). */
export function irisCentres(lm: Landmarks): [Vec2, Vec2] {
  return [at(lm, RIGHT_IRIS[0]), at(lm, LEFT_IRIS[0])];
}
