import { describe, expect, it } from 'vitest';
import { featureVector, GazeModel, WEBGAZER_MODEL, type FaceObservation, type GazeModelOptions } from './gaze-model.ts';
import type { PoseCompensation } from './face-geometry.ts';

/** An eye whose appearance shifts with the gaze point (a bright pupil moving across the patch). */
function observation(x: number, y: number): FaceObservation {
  const eye = Array.from({ length: 60 }, (_, i) => {
    const px = ((i % 10) / 9) * 1920;
    const py = (Math.floor(i / 10) / 5) * 1080;
    return 255 * Math.exp(-(((px - x) / 500) ** 2 + ((py - y) / 400) ** 2));
  });
  return { eyes: [eye, eye.slice().reverse()], iris: [x / 1920, y / 1080, 0, 0], pose: [0, 0, 0, 0.5, 0.5, 0.2] };
}

describe('featureVector()', () => {
  it('concatenates the switched-on parts and is null when one is missing', () => {
    const obs = observation(100, 100);
    expect(featureVector(obs, { eyePatches: true, iris: false, headPose: false })).toHaveLength(120);
    expect(featureVector(obs, { eyePatches: true, iris: true, headPose: true })).toHaveLength(130);
    expect(featureVector({ ...obs, iris: null }, { eyePatches: true, iris: true, headPose: false })).toBeNull();
    expect(featureVector(obs, { eyePatches: false, iris: false, headPose: false })).toBeNull();
  });
});

describe('GazeModel', () => {
  const grid = [0.1, 0.5, 0.9].flatMap((fy) => [0.1, 0.5, 0.9].map((fx) => [fx * 1920, fy * 1080] as const));

  it('is untrained until a sample arrives, then predicts calibration-like points near their targets', () => {
    const m = new GazeModel({ ...WEBGAZER_MODEL, filter: 'none' });
    expect(m.predict(observation(500, 500), 0)).toBeNull();
    for (const [x, y] of grid) expect(m.addSample(observation(x, y), x, y)).toBe(true);
    expect(m.sampleCount).toBe(9);
    const p = m.predict(observation(960, 540), 0)!;
    expect(Math.hypot(p.x - 960, p.y - 540)).toBeLessThan(100);
  });

  it('keeps only the newest `window` samples, refuses frames without the features, and clears', () => {
    const m = new GazeModel({ ...WEBGAZER_MODEL, window: 5 });
    for (const [x, y] of grid) m.addSample(observation(x, y), x, y);
    expect(m.sampleCount).toBe(5);
    expect(m.addSample({ eyes: null, iris: null, pose: null }, 1, 1)).toBe(false);
    m.clear();
    expect(m.sampleCount).toBe(0);
    expect(m.predict(observation(1, 1), 0)).toBeNull();
  });

  it('hands its calibration to a fresh model (a new worker): the same predictions, at most its window, copies not shared', () => {
    const m = new GazeModel({ ...WEBGAZER_MODEL, filter: 'none' });
    for (const [x, y] of grid) m.addSample(observation(x, y), x, y);
    const set = m.calibration();
    const fresh = new GazeModel({ ...WEBGAZER_MODEL, filter: 'none' });
    expect(fresh.predict(observation(700, 300), 0)).toBeNull();
    fresh.restore(structuredClone(set));
    expect(fresh.sampleCount).toBe(9);
    expect(fresh.predict(observation(700, 300), 0)).toEqual(m.predict(observation(700, 300), 0));
    set.rows[0]![0] = 1e9; // the copy handed over is not the model's own
    expect(m.predict(observation(700, 300), 0)).toEqual(fresh.predict(observation(700, 300), 0));
    const small = new GazeModel({ ...WEBGAZER_MODEL, window: 4 });
    small.restore(m.calibration());
    expect(small.sampleCount).toBe(4);
    expect(small.calibration().xs).toEqual(m.calibration().xs.slice(-4));
  });

  it('iris features alone (standardised ridge) map a linear iris signal back to the screen', () => {
    const m = new GazeModel({
      features: { eyePatches: false, iris: true, headPose: false },
      ridge: { lambda: 1e-6, standardise: true },
      window: 50,
      filter: 'none',
    });
    for (const [x, y] of grid) m.addSample(observation(x, y), x, y);
    const p = m.predict(observation(700, 300), 0)!;
    expect(p.x).toBeCloseTo(700, 0);
    expect(p.y).toBeCloseTo(300, 0);
  });
});

describe('GazeModel with head-pose compensation', () => {
  const grid = [0.1, 0.5, 0.9].flatMap((fy) => [0.1, 0.5, 0.9].map((fx) => [fx * 1920, fy * 1080] as const));
  const comp = { rotation: true, translation: false, pxPerCm: 40, distanceCm: 60, fovDeg: 60 };

  const iris: GazeModelOptions = {
    ...WEBGAZER_MODEL,
    features: { eyePatches: false, iris: true, headPose: false },
    ridge: { lambda: 1e-6, standardise: true },
    filter: 'none',
  };
  /** The same calibration without and with a compensation. */
  function trainedPair(compensation: PoseCompensation): [GazeModel, GazeModel] {
    const pair: [GazeModel, GazeModel] = [new GazeModel(iris), new GazeModel({ ...iris, compensation })];
    for (const [x, y] of grid) for (const m of pair) m.addSample(observation(x, y), x, y);
    return pair;
  }

  it('shifts predictions by the head turn since calibration, and needs a pose in the frame', () => {
    const [plain, compensated] = trainedPair(comp);
    // Same eye features, head turned 0.1 rad to the left: the compensated model moves left by D·tan(0.1).
    const turned = { ...observation(960, 540), pose: [0.1, 0, 0, 0.5, 0.5, 0.2] };
    const a = plain.predict(turned, 0)!;
    const b = compensated.predict(turned, 0)!;
    expect(b.x - a.x).toBeCloseTo(-60 * Math.tan(0.1) * 40, 3);
    expect(b.y - a.y).toBeCloseTo(0, 3);
    expect(compensated.predict({ ...turned, pose: null }, 0)).toBeNull();
  });

  it('takes the measured screen: the same head movement shifts by its px per cm and distance; without compensation nothing changes', () => {
    const [plain, compensated] = trainedPair({ ...comp, rotation: false, translation: true });
    // The face 5 % of the picture to the left since calibration (pose [.., cx 0.45]; calibration at 0.5).
    const moved = { ...observation(960, 540), pose: [0, 0, 0, 0.45, 0.5, 0.2] };
    const shiftX = () => compensated.predict(moved, 0)!.x - plain.predict(moved, 0)!.x;
    const cm = 0.05 * 2 * 60 * Math.tan(Math.PI / 6);
    expect(shiftX()).toBeCloseTo(cm * 40, 3);
    compensated.setViewing({ pxPerCm: 50.26, distanceCm: 45 });
    expect(shiftX()).toBeCloseTo(cm * (45 / 60) * 50.26, 3);
    expect(compensated.poseCompensation).toMatchObject({ pxPerCm: 50.26, distanceCm: 45, translation: true, rotation: false });
    compensated.setViewing(null);
    expect(shiftX()).toBeCloseTo(cm * 40, 3);
    plain.setViewing({ pxPerCm: 50.26, distanceCm: 45 });
    expect(plain.poseCompensation).toBeNull();
  });
});
