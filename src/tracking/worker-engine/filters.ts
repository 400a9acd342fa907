// Smoothing of the predicted gaze point. Pure; each filter keeps its own state.

export interface PointFilter {
  /** Filtered point for a raw prediction at time `t` (ms). */
  next(x: number, y: number, t: number): [number, number];
}

export type FilterKind = 'none' | 'kalman' | 'one-euro';

/**
 * WebGazer's constant-velocity Kalman filter (its util_regression module, GPL-3.0-or-later): state
 * [x, y, vx, vy], one step per prediction, Q for Δt = 1/10, measurement noise 47 px.
 */
export class KalmanFilter implements PointFilter {
  private x = [500, 500, 0, 0];
  private p = diag(0.0001);
  private static readonly Q = [
    [1 / 4, 0, 1 / 2, 0],
    [0, 1 / 4, 0, 1 / 2],
    [1 / 2, 0, 1, 0],
    [0, 1 / 2, 0, 1],
  ].map((row) => row.map((v) => v / 10));
  private static readonly R = 47;

  next(zx: number, zy: number): [number, number] {
    const [x, y, vx, vy] = this.x as [number, number, number, number];
    const xp = [x + vx, y + vy, vx, vy];
    // P' = F P Fᵀ + Q with F = [[I, I], [0, I]]
    const f = (r: number, c: number) => (r === c ? 1 : c === r + 2 ? 1 : 0);
    const fp = mat((r, c) => [0, 1, 2, 3].reduce((s, k) => s + f(r, k) * this.p[k]![c]!, 0));
    const pp = mat((r, c) => [0, 1, 2, 3].reduce((s, k) => s + fp[r]![k]! * f(c, k), 0) + KalmanFilter.Q[r]![c]!);
    // H picks x, y: S = P'[0..1][0..1] + R I, K = P' Hᵀ S⁻¹
    const s00 = pp[0]![0]! + KalmanFilter.R;
    const s01 = pp[0]![1]!;
    const s10 = pp[1]![0]!;
    const s11 = pp[1]![1]! + KalmanFilter.R;
    const det = s00 * s11 - s01 * s10;
    const i00 = s11 / det;
    const i01 = -s01 / det;
    const i10 = -s10 / det;
    const i11 = s00 / det;
    const k = [0, 1, 2, 3].map((r) => [pp[r]![0]! * i00 + pp[r]![1]! * i10, pp[r]![0]! * i01 + pp[r]![1]! * i11] as const);
    const ex = zx - xp[0]!;
    const ey = zy - xp[1]!;
    this.x = xp.map((v, r) => v + k[r]![0] * ex + k[r]![1] * ey);
    // P = (I − K H) P'
    this.p = mat((r, c) => pp[r]![c]! - k[r]![0] * pp[0]![c]! - k[r]![1] * pp[1]![c]!);
    return [this.x[0]!, this.x[1]!];
  }
}

function diag(v: number): number[][] {
  return mat((r, c) => (r === c ? v : 0));
}
function mat(at: (r: number, c: number) => number): number[][] {
  return [0, 1, 2, 3].map((r) => [0, 1, 2, 3].map((c) => at(r, c)));
}

/** Casiez et al.'s 1€ filter on each axis: little lag in saccades, strong smoothing in fixations. */
export class OneEuroFilter implements PointFilter {
  private prev: { t: number; x: number; y: number; dx: number; dy: number } | null = null;
  constructor(
    private readonly minCutoffHz = 0.5,
    private readonly beta = 0.01,
    private readonly derivativeCutoffHz = 1,
  ) {}

  next(x: number, y: number, t: number): [number, number] {
    const prev = this.prev;
    if (!prev || t <= prev.t) {
      this.prev = { t, x, y, dx: 0, dy: 0 };
      return [x, y];
    }
    const dt = (t - prev.t) / 1000;
    const alpha = (cutoff: number) => 1 / (1 + 1 / (2 * Math.PI * cutoff * dt));
    const ad = alpha(this.derivativeCutoffHz);
    const dx = ad * ((x - prev.x) / dt) + (1 - ad) * prev.dx;
    const dy = ad * ((y - prev.y) / dt) + (1 - ad) * prev.dy;
    const ax = alpha(this.minCutoffHz + this.beta * Math.abs(dx));
    const ay = alpha(this.minCutoffHz + this.beta * Math.abs(dy));
    const fx = ax * x + (1 - ax) * prev.x;
    const fy = ay * y + (1 - ay) * prev.y;
    this.prev = { t, x: fx, y: fy, dx, dy };
    return [fx, fy];
  }
}

export function createFilter(kind: FilterKind): PointFilter | null {
  switch (kind) {
    case 'none':
      return null;
    case 'kalman':
      return new KalmanFilter();
    case 'one-euro':
      return new OneEuroFilter();
  }
}
