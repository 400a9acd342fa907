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
