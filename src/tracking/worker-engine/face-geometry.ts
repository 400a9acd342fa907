// Geometric features from the face mesh, beside the eye-patch appearance: where each iris sits
// between its eye corners, and the head's pose. Pure; landmarks in video px.
import type { Landmark } from './eye-patch.ts';

// MediaPipe face-mesh indices (subject's left/right). Irises exist only with refineLandmarks (478 points).
const RIGHT_OUTER = 33;
const RIGHT_INNER = 133;
const LEFT_INNER = 362;
const LEFT_OUTER = 263;
const RIGHT_IRIS = 468;
const LEFT_IRIS = 473;
const NOSE_TIP = 1;
const FOREHEAD = 10;
const CHIN = 152;

function irisInEye(iris: Landmark, a: Landmark, b: Landmark): [number, number] {
  const ex = b[0] - a[0];
  const ey = b[1] - a[1];
  const len2 = ex * ex + ey * ey;
  const dx = iris[0] - a[0];
  const dy = iris[1] - a[1];
  // Along the corner-to-corner axis (0..1) and across it, both in eye widths: free of head roll and scale.
  return [(dx * ex + dy * ey) / len2, (ex * dy - ey * dx) / len2];
}

export const IRIS_FEATURES = 4;

/** Iris position in each eye (along, across), or null without iris landmarks. */
export function irisFeatures(lm: readonly Landmark[]): number[] | null {
  const ri = lm[RIGHT_IRIS];
  const li = lm[LEFT_IRIS];
  const ro = lm[RIGHT_OUTER];
  const rn = lm[RIGHT_INNER];
  const ln = lm[LEFT_INNER];
  const lo = lm[LEFT_OUTER];
  if (!ri || !li || !ro || !rn || !ln || !lo) return null;
  return [...irisInEye(ri, ro, rn), ...irisInEye(li, ln, lo)];
}

export interface HeadPose {
  /** Radians; yaw > 0 when the face turns towards the image's right. */
  yaw: number;
  pitch: number;
  roll: number;
  /** Face centre (between the eyes) as fractions of the frame. */
  cx: number;
  cy: number;
  /** Distance between the outer eye corners as a fraction of the frame width (∝ 1 / distance). */
  scale: number;
}

export const HEAD_POSE_FEATURES = 6;

/** Head pose from the mesh's 3D landmarks (z is in x's scale): an approximation, not a PnP solve. */
export function headPose(lm: readonly Landmark[], frameWidth: number, frameHeight: number): HeadPose | null {
  const ro = lm[RIGHT_OUTER];
  const lo = lm[LEFT_OUTER];
  const top = lm[FOREHEAD];
  const chin = lm[CHIN];
  const nose = lm[NOSE_TIP];
  if (!ro || !lo || !top || !chin || !nose || frameWidth <= 0 || frameHeight <= 0) return null;
  const ex = lo[0] - ro[0];
  const ey = lo[1] - ro[1];
  const ez = lo[2] - ro[2];
  const fx = chin[0] - top[0];
  const fy = chin[1] - top[1];
  const fz = chin[2] - top[2];
  const eyeSpan = Math.hypot(ex, ey);
  if (eyeSpan === 0) return null;
  return {
    yaw: Math.atan2(ez, Math.hypot(ex, ey)),
    pitch: Math.atan2(fz, Math.hypot(fx, fy)),
    roll: Math.atan2(ey, ex),
    cx: (ro[0] + lo[0]) / 2 / frameWidth,
    cy: (ro[1] + lo[1]) / 2 / frameHeight,
    scale: eyeSpan / frameWidth,
  };
}

export function headPoseVector(p: HeadPose): number[] {
  return [p.yaw, p.pitch, p.roll, p.cx, p.cy, p.scale];
}

/** Geometric head-pose compensation: what the screen and the viewer are taken to be. */
export interface PoseCompensation {
  /** Shift by the head's yaw and pitch away from the calibration pose. */
  rotation: boolean;
  /** Shift by the head's movement across the camera picture. */
  translation: boolean;
  /** CSS px per cm on the screen (96 CSS px per inch unless the screen was measured). */
  pxPerCm: number;
  /** Viewing distance at calibration, cm. */
  distanceCm: number;
  /** The camera's horizontal field of view (translation only). */
  fovDeg: number;
}

/**
 * Translation only: on the synthetic participant it took 10–30 px off the error with the head
 * moving or turning, while the mesh's yaw and pitch hardly followed the painted head's turns
 * (README), so rotation could not be shown to help. The screen is taken to be 96 CSS px per inch
 * at 60 cm (the app's defaults) until the gaze setup's measurement reaches the engine (`ViewingGeometry`).
 */
export const DEFAULT_POSE_COMPENSATION: PoseCompensation = {
  rotation: false,
  translation: true,
  pxPerCm: 96 / 2.54,
  distanceCm: 60,
  fovDeg: 60,
};

/**
 * Screen shift (CSS px) to add to a prediction made from eye features when the head has moved
 * from the calibration pose `ref` to `pose` (both headPoseVector). Eye features see the eye in
 * the head; a head turned by Δ while the eyes keep a target counter-rotates them, so the features
 * alone predict a point D·tan(Δ) the other way. The camera is not mirrored: a face turning to
 * the image's right (yaw > 0) is the viewer turning to their left, towards smaller screen x.
 * The distance follows the eye span (D = D₀ · scale₀ / scale).
 */
export function poseShift(pose: readonly number[], ref: readonly number[], c: PoseCompensation): [number, number] {
  const [yaw, pitch, , cx, cy, scale] = pose as [number, number, number, number, number, number];
  const [yaw0, pitch0, , cx0, cy0, scale0] = ref as [number, number, number, number, number, number];
  const d = scale > 0 ? (c.distanceCm * scale0) / scale : c.distanceCm;
  let dx = 0;
  let dy = 0;
  if (c.rotation) {
    dx += -d * Math.tan(yaw - yaw0);
    dy += d * Math.tan(pitch - pitch0);
  }
  if (c.translation) {
    // The picture's width at distance d; a viewer moving to their right moves left in the picture.
    const widthCm = 2 * d * Math.tan(((c.fovDeg / 2) * Math.PI) / 180);
    dx += -(cx - cx0) * widthCm;
    dy += (cy - cy0) * widthCm * 0.75;
  }
  return [dx * c.pxPerCm, dy * c.pxPerCm];
}

/** The participant's screen and seat as the gaze setup measured them. */
export interface ViewingGeometry {
  /** CSS px per cm on the screen: the screen's width in CSS px over its measured width in cm. */
  pxPerCm: number;
  /** Eyes to screen, cm. */
  distanceCm: number;
}

/**
 * What a measurement may be: the setup's form allows screens 15–200 cm wide at 25–150 cm; the
 * px-per-cm range holds a 320-px phone on a 200-cm wall (1.6) up to a 5K screen 15 cm wide (340).
 */
export const VIEWING_LIMITS = { pxPerCm: { min: 1, max: 400 }, distanceCm: { min: 25, max: 150 } } as const;

/** The problem with a measurement, in words, or null when the engine can use it. */
export function viewingProblem(v: ViewingGeometry): string | null {
  const { pxPerCm, distanceCm } = VIEWING_LIMITS;
  if (!Number.isFinite(v.pxPerCm) || v.pxPerCm < pxPerCm.min || v.pxPerCm > pxPerCm.max)
    return `The screen's density must be ${pxPerCm.min}–${pxPerCm.max} CSS px per cm, got ${v.pxPerCm}.`;
  if (!Number.isFinite(v.distanceCm) || v.distanceCm < distanceCm.min || v.distanceCm > distanceCm.max)
    return `The viewing distance must be ${distanceCm.min}–${distanceCm.max} cm, got ${v.distanceCm}.`;
  return null;
}

/** From what the setup stores (the screen's width in CSS px and in cm, the distance) to what the engine uses. */
export function viewingFromScreen(screenWidthPx: number, screenWidthCm: number, distanceCm: number): ViewingGeometry {
  return { pxPerCm: screenWidthPx / screenWidthCm, distanceCm };
}

/** The compensation with a measured screen in place of its assumed one; null keeps it as configured. */
export function withViewing(c: PoseCompensation, v: ViewingGeometry | null): PoseCompensation {
  return v ? { ...c, pxPerCm: v.pxPerCm, distanceCm: v.distanceCm } : c;
}
