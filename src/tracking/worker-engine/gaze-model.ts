// From one frame's face observation to a screen point: which features are used, the ridge
// regression trained by calibration samples, and the smoothing filter. Pure, so every accuracy
// step can be switched on or off and compared on the same recorded observations.
import { DEFAULT_POSE_COMPENSATION, poseShift, withViewing, type PoseCompensation, type ViewingGeometry } from './face-geometry.ts';
import { createFilter, type FilterKind, type PointFilter } from './filters.ts';
import { fitRidge, type RidgeFit, type RidgeOptions } from './ridge.ts';

/** What the worker measured in one frame (null parts: not available in that frame). */
export interface FaceObservation {
  /** Appearance features of the subject's left and right eye (eye-patch.ts). */
  eyes: readonly [ArrayLike<number>, ArrayLike<number>] | null;
  /** face-geometry.ts irisFeatures. */
  iris: readonly number[] | null;
  /** face-geometry.ts headPoseVector. */
  pose: readonly number[] | null;
}

export interface FeatureSwitches {
  eyePatches: boolean;
  iris: boolean;
  headPose: boolean;
}

export interface GazeModelOptions {
  features: FeatureSwitches;
  ridge: RidgeOptions;
  /** Calibration samples kept (the newest). */
  window: number;
  filter: FilterKind;
  /** Geometric head-pose compensation of each prediction (needs a pose in every frame); null: none. */
  compensation?: PoseCompensation | null;
  /** Implicit recalibration: a click once calibrated is a calibration sample at the pointer (people look at what they click). */
  trainOnClicks?: boolean;
}

/** WebGazer's model as it is: eye patches only, its ridge, its 50-sample window and Kalman filter. */
export const WEBGAZER_MODEL: GazeModelOptions = {
  features: { eyePatches: true, iris: false, headPose: false },
  ridge: { lambda: 1e-5, standardise: false },
  window: 50,
  filter: 'kalman',
};

/**
 * The engine's model, chosen on the synthetic participant (README: accuracy steps): eye patches
 * and iris landmarks in a standardised ridge, the head's movement across the picture compensated,
 * and a 1€ filter (Kalman's accuracy, half its jitter).
 */
export const ENGINE_MODEL: GazeModelOptions = {
  features: { eyePatches: true, iris: true, headPose: false },
  ridge: { lambda: 10, standardise: true },
  window: 50,
  filter: 'one-euro',
  compensation: DEFAULT_POSE_COMPENSATION,
};

/** The feature vector for the switched-on parts, or null when one of them is missing in this frame. */
export function featureVector(obs: FaceObservation, on: FeatureSwitches): number[] | null {
  const out: number[] = [];
  if (on.eyePatches) {
    if (!obs.eyes) return null;
    for (const eye of obs.eyes) for (let i = 0; i < eye.length; i++) out.push(eye[i]!);
  }
  if (on.iris) {
    if (!obs.iris) return null;
    out.push(...obs.iris);
  }
  if (on.headPose) {
    if (!obs.pose) return null;
    out.push(...obs.pose);
  }
  return out.length ? out : null;
}

/** A model's calibration samples: feature rows, the head pose of each, and the screen points. */
export interface CalibrationSet {
  rows: number[][];
  poses: (number[] | null)[];
  xs: number[];
  ys: number[];
}

export class GazeModel {
  private rows: number[][] = [];
  private poses: (readonly number[] | null)[] = [];
  private xs: number[] = [];
  private ys: number[] = [];
  private fit: [RidgeFit, RidgeFit] | null = null;
  private filter: PointFilter | null;
  /** Mean head pose of the calibration samples: where compensation shifts from. */
  private refPose: number[] | null = null;
  /** options.compensation with the measured screen, once there is one. */
  private compensation: PoseCompensation | null;

  constructor(readonly options: GazeModelOptions) {
    this.filter = createFilter(options.filter);
    this.compensation = options.compensation ?? null;
  }

  /** The participant's measured screen (null: the compensation's own assumption); models without compensation ignore it. */
  setViewing(viewing: ViewingGeometry | null): void {
    this.compensation = this.options.compensation ? withViewing(this.options.compensation, viewing) : null;
  }

  /** The head-pose compensation in use (null: none). */
  get poseCompensation(): PoseCompensation | null {
    return this.compensation;
  }

  get sampleCount(): number {
    return this.rows.length;
  }

  /** Pairs one frame's features with the screen point the participant looked at; false when the frame has none. */
  addSample(obs: FaceObservation, x: number, y: number): boolean {
    const row = featureVector(obs, this.options.features);
    if (!row) return false;
    this.rows.push(row);
    this.poses.push(obs.pose);
    this.xs.push(x);
    this.ys.push(y);
    const extra = this.rows.length - this.options.window;
    if (extra > 0) {
      this.rows.splice(0, extra);
      this.poses.splice(0, extra);
      this.xs.splice(0, extra);
      this.ys.splice(0, extra);
    }
    this.fit = null;
    this.refPose = null;
    return true;
  }

  /** The calibration as numbers (copies), for a fresh engine to take over. */
  calibration(): CalibrationSet {
    return { rows: this.rows.map((r) => [...r]), poses: this.poses.map((p) => (p ? [...p] : null)), xs: [...this.xs], ys: [...this.ys] };
  }

  /** Takes over another model's calibration (its newest `window` samples); the filter starts afresh. */
  restore(set: CalibrationSet): void {
    const n = Math.min(set.rows.length, set.poses.length, set.xs.length, set.ys.length);
    const from = Math.max(0, n - this.options.window);
    this.rows = set.rows.slice(from, n).map((r) => [...r]);
    this.poses = set.poses.slice(from, n).map((p) => (p ? [...p] : null));
    this.xs = set.xs.slice(from, n);
    this.ys = set.ys.slice(from, n);
    this.fit = null;
    this.refPose = null;
    this.filter = createFilter(this.options.filter);
  }

  clear(): void {
    this.rows = [];
    this.poses = [];
    this.refPose = null;
    this.xs = [];
    this.ys = [];
    this.fit = null;
    this.filter = createFilter(this.options.filter);
  }

  /** Raw (unfiltered) prediction, or null when untrained or the frame lacks a feature. */
  predictRaw(obs: FaceObservation): { x: number; y: number } | null {
    if (!this.rows.length) return null;
    const row = featureVector(obs, this.options.features);
    if (!row) return null;
    if (!this.fit) {
      const [fx, fy] = fitRidge(this.rows, [this.xs, this.ys], this.options.ridge);
      this.fit = [fx!, fy!];
    }
    let x = this.fit[0].predict(row);
    let y = this.fit[1].predict(row);
    const c = this.compensation;
    if (c) {
      const ref = this.referencePose();
      if (!obs.pose || !ref) return null;
      const [dx, dy] = poseShift(obs.pose, ref, c);
      x += dx;
      y += dy;
    }
    return Number.isFinite(x) && Number.isFinite(y) ? { x, y } : null;
  }

  private referencePose(): number[] | null {
    if (this.refPose) return this.refPose;
    const poses = this.poses.filter((p): p is readonly number[] => p !== null);
    if (!poses.length) return null;
    this.refPose = poses[0]!.map((_, i) => poses.reduce((s, p) => s + p[i]!, 0) / poses.length);
    return this.refPose;
  }

  /** Filtered prediction for a frame captured at `t` ms. */
  predict(obs: FaceObservation, t: number): { x: number; y: number } | null {
    const raw = this.predictRaw(obs);
    if (!raw || !this.filter) return raw;
    const [x, y] = this.filter.next(raw.x, raw.y, t);
    return { x, y };
  }
}
