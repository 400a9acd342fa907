import { describe, expect, it } from 'vitest';
import type { Landmark } from './eye-patch.ts';
import {
  DEFAULT_POSE_COMPENSATION,
  headPose,
  irisFeatures,
  poseShift,
  viewingFromScreen,
  viewingProblem,
  withViewing,
} from './face-geometry.ts';

function face(opts: { irisShift?: number; roll?: number; yawDepth?: number } = {}): Landmark[] {
  const lm: Landmark[] = Array.from({ length: 478 }, () => [320, 240, 0] as Landmark);
  const rot = (x: number, y: number): [number, number] => {
    const a = opts.roll ?? 0;
    const dx = x - 320;
    const dy = y - 240;
    return [320 + dx * Math.cos(a) - dy * Math.sin(a), 240 + dx * Math.sin(a) + dy * Math.cos(a)];
  };
  const set = (i: number, x: number, y: number, z = 0) => (lm[i] = [...rot(x, y), z]);
  const d = opts.yawDepth ?? 0;
  set(33, 260, 220, -d); // right eye outer
  set(133, 300, 220);
  set(362, 340, 220);
  set(263, 380, 220, d); // left eye outer
  const s = opts.irisShift ?? 0;
  set(468, 280 + s, 220);
  set(473, 360 + s, 220);
  set(10, 320, 150);
  set(152, 320, 330);
  set(1, 320, 250, -30);
  return lm;
}

describe('irisFeatures()', () => {
  it('places a centred iris half-way between the corners, and follows it when the eyes turn', () => {
    const [ra, rc, la, lc] = irisFeatures(face())!;
    expect(ra).toBeCloseTo(0.5, 6);
    expect(la).toBeCloseTo(0.5, 6);
    expect(rc).toBeCloseTo(0, 6);
    expect(lc).toBeCloseTo(0, 6);
    const [ra2, , la2] = irisFeatures(face({ irisShift: 8 }))!;
    expect(ra2).toBeCloseTo(0.7, 6);
    expect(la2).toBeCloseTo(0.7, 6); // both axes run towards the image right
  });
  it('does not change with head roll, and is null without iris landmarks', () => {
    const still = irisFeatures(face({ irisShift: 5 }))!;
    const rolled = irisFeatures(face({ irisShift: 5, roll: 0.3 }))!;
    still.forEach((v, i) => expect(rolled[i]).toBeCloseTo(v, 6));
    expect(irisFeatures(face().slice(0, 468))).toBeNull();
  });
});

describe('headPose()', () => {
  it('reads roll from the eye line, yaw from the eye corners depth, position and scale from the frame', () => {
    const p = headPose(face({ roll: 0.2, yawDepth: 20 }), 640, 480)!;
    expect(p.roll).toBeCloseTo(0.2, 2);
    expect(p.yaw).toBeGreaterThan(0.2);
    expect(headPose(face(), 640, 480)!.yaw).toBeCloseTo(0, 6);
    expect(p.scale).toBeCloseTo(120 / 640, 6);
    expect(headPose(face(), 640, 480)!.cx).toBeCloseTo(0.5, 6);
    expect(headPose([], 640, 480)).toBeNull();
  });
});

describe('poseShift()', () => {
  const c = { ...DEFAULT_POSE_COMPENSATION, rotation: true, translation: true, pxPerCm: 40, distanceCm: 60, fovDeg: 60 };
  const ref = [0, 0, 0, 0.5, 0.4, 0.2];

  it('is zero at the calibration pose', () => {
    expect(poseShift(ref, ref, c)).toEqual([0, 0]);
  });

  it('shifts by D·tan(Δ) on the screen for a turned head: left turn (yaw > 0) to smaller x, head down (pitch > 0) to larger y', () => {
    const turn = (5 * Math.PI) / 180;
    const [dx, dy] = poseShift([turn, -turn, 0, 0.5, 0.4, 0.2], ref, { ...c, translation: false });
    expect(dx).toBeCloseTo(-60 * Math.tan(turn) * 40, 6);
    expect(dy).toBeCloseTo(-60 * Math.tan(turn) * 40, 6);
  });

  it('takes the distance from the eye span: twice the span, half the distance, half the shift', () => {
    const turn = 0.1;
    const [near] = poseShift([turn, 0, 0, 0.5, 0.4, 0.4], ref, { ...c, translation: false });
    const [far] = poseShift([turn, 0, 0, 0.5, 0.4, 0.2], ref, { ...c, translation: false });
    expect(near / far).toBeCloseTo(0.5, 9);
  });

  it('follows a head moving across the picture: a viewer moving to their right (left in the picture) shifts right', () => {
    // 10 % of the picture's width at 60 cm with a 60° camera: 0.1 · 2 · 60 · tan 30° cm.
    const [dx, dy] = poseShift([0, 0, 0, 0.4, 0.4, 0.2], ref, { ...c, rotation: false });
    expect(dx).toBeCloseTo(0.1 * 2 * 60 * Math.tan(Math.PI / 6) * 40, 6);
    expect(dy).toBe(0);
    const [, down] = poseShift([0, 0, 0, 0.5, 0.5, 0.2], ref, { ...c, rotation: false });
    expect(down).toBeGreaterThan(0);
  });
});

describe('the measured screen in the compensation', () => {
  // Picture widths from the diagonal and aspect: 13.3" 16:10 → 28.65 cm over 1440 CSS px; 24" 16:9 → 53.13 cm over 1920.
  const widthCm = (inches: number, w: number, h: number) => (inches * 2.54 * w) / Math.hypot(w, h);
  const laptop = viewingFromScreen(1440, widthCm(13.3, 16, 10), 60);
  const monitor = viewingFromScreen(1920, widthCm(24, 16, 9), 60);
  const ref = [0, 0, 0, 0.5, 0.4, 0.2];
  // The viewer moves 2 cm to their right at 60 cm: 2 / (2 · 60 · tan 30°) of a 60° camera's picture, to its left.
  const moved = [0, 0, 0, 0.5 - 2 / (2 * 60 * Math.tan(Math.PI / 6)), 0.4, 0.2];
  const shift = (c = DEFAULT_POSE_COMPENSATION) => poseShift(moved, ref, c)[0];

  it('converts a screen width in px and cm to px per cm: the laptop is denser than the monitor', () => {
    expect(laptop.pxPerCm).toBeCloseTo(50.27, 2);
    expect(monitor.pxPerCm).toBeCloseTo(36.14, 2);
    expect(laptop.distanceCm).toBe(60);
  });

  it('shifts the same head movement by the screen distance it covers: 2 cm is 100.5 px on the laptop, 72.3 px on the monitor, 75.6 px assumed', () => {
    expect(shift()).toBeCloseTo(2 * (96 / 2.54), 6);
    expect(shift(withViewing(DEFAULT_POSE_COMPENSATION, laptop))).toBeCloseTo(2 * 50.27, 1);
    expect(shift(withViewing(DEFAULT_POSE_COMPENSATION, monitor))).toBeCloseTo(2 * 36.14, 1);
    expect(shift(withViewing(DEFAULT_POSE_COMPENSATION, laptop)) - shift(withViewing(DEFAULT_POSE_COMPENSATION, monitor))).toBeGreaterThan(
      25,
    );
  });

  it('takes the head movement in cm from the distance: the same movement in the picture is less at 45 cm than at 60', () => {
    const near = shift(withViewing(DEFAULT_POSE_COMPENSATION, { ...laptop, distanceCm: 45 }));
    expect(near).toBeCloseTo(2 * 50.27 * (45 / 60), 1);
  });

  it('keeps the configured assumption without a measurement, and the other switches with one', () => {
    expect(withViewing(DEFAULT_POSE_COMPENSATION, null)).toBe(DEFAULT_POSE_COMPENSATION);
    expect(withViewing(DEFAULT_POSE_COMPENSATION, laptop)).toEqual({
      ...DEFAULT_POSE_COMPENSATION,
      pxPerCm: laptop.pxPerCm,
      distanceCm: 60,
    });
  });

  it('names what is wrong with a measurement out of range', () => {
    expect(viewingProblem(laptop)).toBeNull();
    expect(viewingProblem({ pxPerCm: 0, distanceCm: 60 })).toMatch(/density must be 1–400 CSS px per cm, got 0/);
    expect(viewingProblem({ pxPerCm: Number.NaN, distanceCm: 60 })).toMatch(/density/);
    expect(viewingProblem({ pxPerCm: 40, distanceCm: 10 })).toMatch(/viewing distance must be 25–150 cm, got 10/);
  });
});
