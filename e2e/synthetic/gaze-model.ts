// The synthetic participant's geometry: where the head and eyes are, where the eyes point, and
// how that shows in the camera picture. Pure; the page renderer and the Node-side analysis share it.
//
// World frame, in cm, origin at the camera lens: x to the participant's right (= the screen's +x),
// y down, z from the screen towards the participant. The screen is the plane z = 0, the camera
// sits centred above it, and the viewport is centred horizontally below the camera.
// The camera picture is not mirrored: the participant's right is the picture's left.

export interface Vec2 {
  x: number;
  y: number;
}
interface Vec3 {
  x: number;
  y: number;
  z: number;
}

/** Head pose relative to the rest pose: cm and degrees. */
export interface HeadPose {
  /** To the participant's right. */
  x: number;
  /** Down. */
  y: number;
  /** Away from the screen. */
  z: number;
  /** Turned towards the participant's right. */
  yaw: number;
  /** Tilted down. */
  pitch: number;
  /** Tilted towards the participant's right shoulder. */
  roll: number;
}

export const HEAD_AT_REST: HeadPose = { x: 0, y: 0, z: 0, yaw: 0, pitch: 0, roll: 0 };

/** Where the participant sits and how big the screen is. */
export interface Setup {
  /** CSS px per cm on the screen (the app's default card setting is 96 px per inch). */
  pxPerCm: number;
  /** Eyes to screen at rest. */
  distanceCm: number;
  /** Eyes below the camera at rest. */
  eyesBelowCameraCm: number;
  /** Camera down to the viewport's top edge (camera above the screen + the browser's bar). */
  viewportTopCm: number;
  /** Eyeball radius (rotation centre to iris). */
  eyeRadiusCm: number;
  /** Interpupillary distance. */
  ipdCm: number;
  /** Neck pivot behind the eyes: head rotations turn about it. */
  pivotBehindEyesCm: number;
}

export const DEFAULT_SETUP: Setup = {
  pxPerCm: 96 / 2.54,
  distanceCm: 60,
  eyesBelowCameraCm: 6,
  viewportTopCm: 1 + 87 / (96 / 2.54),
  eyeRadiusCm: 1.2,
  ipdCm: 6.3,
  pivotBehindEyesCm: 9,
};

/** The face photo: eye openings and irises as MediaPipe found them (photo px). */
export interface EyeGeometry {
  /** The 16 eye-contour landmarks, round the opening; the first 9 are the lower lid, corner to corner. */
  contour: Vec2[];
  iris: Vec2;
  irisRadius: number;
}
export interface FaceGeometry {
  width: number;
  height: number;
  /** The participant's right eye (the picture's left) first. */
  eyes: [EyeGeometry, EyeGeometry];
}

/** How the photo is framed by the camera at the rest pose. */
export interface Framing {
  width: number;
  height: number;
  /** Camera px per photo px at rest. */
  zoom: number;
  /** Where the midpoint between the eyes appears at rest (camera px). */
  eyesAt: Vec2;
}

const RAD = Math.PI / 180;

type Mat3 = [number, number, number, number, number, number, number, number, number];

function rotation(pose: HeadPose): Mat3 {
  const [cy, sy] = [Math.cos(pose.yaw * RAD), Math.sin(pose.yaw * RAD)];
  const [cp, sp] = [Math.cos(pose.pitch * RAD), Math.sin(pose.pitch * RAD)];
  const [cr, sr] = [Math.cos(pose.roll * RAD), Math.sin(pose.roll * RAD)];
  // R = yaw · pitch · roll. Forward (0,0,-1) turns to (sin yaw, ·, -cos yaw) and (·, sin pitch, ·).
  const yaw: Mat3 = [cy, 0, -sy, 0, 1, 0, sy, 0, cy];
  const pitch: Mat3 = [1, 0, 0, 0, cp, -sp, 0, sp, cp];
  const roll: Mat3 = [cr, -sr, 0, sr, cr, 0, 0, 0, 1];
  return mul(mul(yaw, pitch), roll);
}

function mul(a: Mat3, b: Mat3): Mat3 {
  const out = new Array<number>(9).fill(0) as Mat3;
  for (let r = 0; r < 3; r++)
    for (let c = 0; c < 3; c++) out[r * 3 + c] = a[r * 3]! * b[c]! + a[r * 3 + 1]! * b[3 + c]! + a[r * 3 + 2]! * b[6 + c]!;
  return out;
}

const apply = (m: Mat3, v: Vec3): Vec3 => ({
  x: m[0] * v.x + m[1] * v.y + m[2] * v.z,
  y: m[3] * v.x + m[4] * v.y + m[5] * v.z,
  z: m[6] * v.x + m[7] * v.y + m[8] * v.z,
});
const applyT = (m: Mat3, v: Vec3): Vec3 => ({
  x: m[0] * v.x + m[3] * v.y + m[6] * v.z,
  y: m[1] * v.x + m[4] * v.y + m[7] * v.z,
  z: m[2] * v.x + m[5] * v.y + m[8] * v.z,
});
const add = (a: Vec3, b: Vec3): Vec3 => ({ x: a.x + b.x, y: a.y + b.y, z: a.z + b.z });
const sub = (a: Vec3, b: Vec3): Vec3 => ({ x: a.x - b.x, y: a.y - b.y, z: a.z - b.z });

/** A viewport point (CSS px) on the screen plane, in world cm. */
export function viewportToWorld(p: Vec2, viewportWidthPx: number, setup: Setup): Vec3 {
  return { x: (p.x - viewportWidthPx / 2) / setup.pxPerCm, y: setup.viewportTopCm + p.y / setup.pxPerCm, z: 0 };
}

/** The inverse of viewportToWorld for a world point on the screen plane. */
export function worldToViewport(w: Vec3, viewportWidthPx: number, setup: Setup): Vec2 {
  return { x: w.x * setup.pxPerCm + viewportWidthPx / 2, y: (w.y - setup.viewportTopCm) * setup.pxPerCm };
}

export interface HeadState {
  rot: Mat3;
  /** Midpoint between the eyes (world cm). */
  eyes: Vec3;
  /** Eye centres: the participant's right eye first. */
  eye: [Vec3, Vec3];
}

export function headState(pose: HeadPose, setup: Setup): HeadState {
  const rot = rotation(pose);
  const pivot: Vec3 = { x: pose.x, y: setup.eyesBelowCameraCm + pose.y, z: setup.distanceCm + pose.z + setup.pivotBehindEyesCm };
  const eyes = add(pivot, apply(rot, { x: 0, y: 0, z: -setup.pivotBehindEyesCm }));
  const half = setup.ipdCm / 2;
  return { rot, eyes, eye: [add(eyes, apply(rot, { x: half, y: 0, z: 0 })), add(eyes, apply(rot, { x: -half, y: 0, z: 0 }))] };
}

/** Eye-in-head direction (degrees) of an eye at `eye` looking at world point `target`: + is right and down. */
export function eyeInHead(head: HeadState, eye: Vec3, target: Vec3): { yaw: number; pitch: number } {
  const g = applyT(head.rot, sub(target, eye));
  return { yaw: Math.atan2(g.x, -g.z) / RAD, pitch: Math.atan2(g.y, Math.hypot(g.x, g.z)) / RAD };
}

/** Px per cm at the face in the photo (from the eyes' distance). */
export function photoPxPerCm(face: FaceGeometry, setup: Setup): number {
  const [a, b] = face.eyes;
  return Math.hypot(a.iris.x - b.iris.x, a.iris.y - b.iris.y) / setup.ipdCm;
}

export interface EyePaint {
  /** Painted iris centre (photo px). */
  iris: Vec2;
  /** Iris radii (photo px), foreshortened when the eye turns away from the camera. */
  rx: number;
  ry: number;
  /** Eye-in-head direction (degrees). */
  yaw: number;
  pitch: number;
}

/**
 * Where each eye's iris is painted in the photo when the head has `pose` and the eyes look at
 * world point `target`: the photo's own iris is taken as looking into the camera from the rest
 * pose, and the iris moves by eyeRadius · sin(angle) from there.
 */
export function paintEyes(face: FaceGeometry, setup: Setup, pose: HeadPose, target: Vec3): [EyePaint, EyePaint] {
  const rest = headState(HEAD_AT_REST, setup);
  const head = headState(pose, setup);
  const k = setup.eyeRadiusCm * photoPxPerCm(face, setup);
  const camera: Vec3 = { x: 0, y: 0, z: 0 };
  const paint = (i: 0 | 1): EyePaint => {
    const ref = eyeInHead(rest, rest.eye[i], camera);
    const now = eyeInHead(head, head.eye[i], target);
    const toCam = eyeInHead(head, head.eye[i], camera);
    const offX = Math.sin(now.yaw * RAD) * Math.cos(now.pitch * RAD) - Math.sin(ref.yaw * RAD) * Math.cos(ref.pitch * RAD);
    const offY = Math.sin(now.pitch * RAD) - Math.sin(ref.pitch * RAD);
    const eye = face.eyes[i];
    return {
      // The picture is not mirrored: the participant's right (+x) is the photo's -x.
      iris: { x: eye.iris.x - k * offX, y: eye.iris.y + k * offY },
      rx: eye.irisRadius * Math.cos((now.yaw - toCam.yaw) * RAD),
      ry: eye.irisRadius * Math.cos((now.pitch - toCam.pitch) * RAD),
      yaw: now.yaw,
      pitch: now.pitch,
    };
  };
  return [paint(0), paint(1)];
}

/** 2D affine [a, b, c, d, e, f] (canvas setTransform order) from photo px to camera px. */
export type Affine = [number, number, number, number, number, number];

/**
 * The head pose as a 2D transform of the photo: the eyes' midpoint is projected through a pinhole
 * camera whose focal length makes the rest pose match `framing`; the face scales with distance,
 * foreshortens with yaw and pitch and turns with roll.
 */
export function headTransform(face: FaceGeometry, setup: Setup, framing: Framing, pose: HeadPose): Affine {
  const rest = headState(HEAD_AT_REST, setup);
  const head = headState(pose, setup);
  const f = framing.zoom * photoPxPerCm(face, setup) * rest.eyes.z;
  const cx = framing.eyesAt.x + (f * rest.eyes.x) / rest.eyes.z;
  const cy = framing.eyesAt.y - (f * rest.eyes.y) / rest.eyes.z;
  const u = cx - (f * head.eyes.x) / head.eyes.z;
  const v = cy + (f * head.eyes.y) / head.eyes.z;
  const s = (framing.zoom * rest.eyes.z) / head.eyes.z;
  const sx = s * Math.cos(pose.yaw * RAD);
  const sy = s * Math.cos(pose.pitch * RAD);
  // Mirror image: a roll towards the participant's right shoulder turns the picture clockwise.
  const [c, n] = [Math.cos(pose.roll * RAD), Math.sin(pose.roll * RAD)];
  const [a, b] = face.eyes;
  const mx = (a.iris.x + b.iris.x) / 2;
  const my = (a.iris.y + b.iris.y) / 2;
  // T(u,v) · Rot · Scale(sx, sy) · T(-m)
  const A = c * sx;
  const B = n * sx;
  const C = -n * sy;
  const D = c * sy;
  return [A, B, C, D, u - (A * mx + C * my), v - (B * mx + D * my)];
}

export const applyAffine = (m: Affine, p: Vec2): Vec2 => ({ x: m[0] * p.x + m[2] * p.y + m[4], y: m[1] * p.x + m[3] * p.y + m[5] });

/** Visual angle (degrees) between two viewport points seen from the rest pose's eyes. */
export function angleBetween(a: Vec2, b: Vec2, viewportWidthPx: number, setup: Setup): number {
  const eyes = headState(HEAD_AT_REST, setup).eyes;
  const va = sub(viewportToWorld(a, viewportWidthPx, setup), eyes);
  const vb = sub(viewportToWorld(b, viewportWidthPx, setup), eyes);
  const cos = (va.x * vb.x + va.y * vb.y + va.z * vb.z) / (Math.hypot(va.x, va.y, va.z) * Math.hypot(vb.x, vb.y, vb.z));
  return Math.acos(Math.min(1, Math.max(-1, cos))) / RAD;
}
