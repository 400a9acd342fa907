// An affine correction of predicted gaze points, fitted by least squares on pairs of (prediction,
// where the eyes were) such as the validation targets' samples. Pure.

/** x' = a·x + b·y + c, y' = d·x + e·y + f. */
export type Affine = readonly [number, number, number, number, number, number];

export const IDENTITY: Affine = [1, 0, 0, 0, 1, 0];

export interface PointPair {
  x: number;
  y: number;
  targetX: number;
  targetY: number;
}

function solve3(m: number[][], v: number[]): [number, number, number] | null {
  const [a, b, c] = m as [number[], number[], number[]];
  const det = a[0]! * (b[1]! * c[2]! - b[2]! * c[1]!) - a[1]! * (b[0]! * c[2]! - b[2]! * c[0]!) + a[2]! * (b[0]! * c[1]! - b[1]! * c[0]!);
  if (!Number.isFinite(det) || Math.abs(det) < 1e-9) return null;
  const col = (k: number) => m.map((row, i) => row.map((x, j) => (j === k ? v[i]! : x)));
  const d = (q: number[][]) => {
    const [p, r, s] = q as [number[], number[], number[]];
    return p[0]! * (r[1]! * s[2]! - r[2]! * s[1]!) - p[1]! * (r[0]! * s[2]! - r[2]! * s[0]!) + p[2]! * (r[0]! * s[1]! - r[1]! * s[0]!);
  };
  return [d(col(0)) / det, d(col(1)) / det, d(col(2)) / det];
}

/**
 * Least-squares affine map from predictions to targets; null with fewer than three distinct
 * targets not on one line (the map would not be determined). Coordinates are centred first so
 * the normal equations stay well conditioned at screen-size values.
 */
export function fitAffine(pairs: readonly PointPair[]): Affine | null {
  const targets = new Set(pairs.map((p) => `${Math.round(p.targetX)},${Math.round(p.targetY)}`));
  if (targets.size < 3) return null;
  const n = pairs.length;
  const mx = pairs.reduce((s, p) => s + p.x, 0) / n;
  const my = pairs.reduce((s, p) => s + p.y, 0) / n;
  const m = [
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
  ];
  const vx = [0, 0, 0];
  const vy = [0, 0, 0];
  for (const p of pairs) {
    const r = [p.x - mx, p.y - my, 1];
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) m[i]![j]! += r[i]! * r[j]!;
      vx[i]! += r[i]! * p.targetX;
      vy[i]! += r[i]! * p.targetY;
    }
  }
  const sx = solve3(m, vx);
  const sy = solve3(m, vy);
  if (!sx || !sy) return null;
  // Back from centred coordinates: c' = c − a·mx − b·my.
  return [sx[0], sx[1], sx[2] - sx[0] * mx - sx[1] * my, sy[0], sy[1], sy[2] - sy[0] * mx - sy[1] * my];
}

export function applyAffine(a: Affine, x: number, y: number): { x: number; y: number } {
  return { x: a[0] * x + a[1] * y + a[2], y: a[3] * x + a[4] * y + a[5] };
}
