// Where calibration, validation and drift dots go, in viewport px. Pure.

export interface Target {
  x: number;
  y: number;
}

/** Dots sit this far (fraction of the viewport) from each edge. */
export const EDGE_MARGIN = 0.1;

/** cols × rows grid spanning the viewport between the margins, row by row from the top left. */
export function calibrationTargets(grid: { cols: number; rows: number }, width: number, height: number): Target[] {
  const at = (i: number, n: number) => (n === 1 ? 0.5 : EDGE_MARGIN + ((1 - 2 * EDGE_MARGIN) * i) / (n - 1));
  const out: Target[] = [];
  for (let r = 0; r < grid.rows; r++)
    for (let c = 0; c < grid.cols; c++) out.push({ x: at(c, grid.cols) * width, y: at(r, grid.rows) * height });
  return out;
}

// Candidate validation positions (fractions), centre-first, spread over the screen.
const VALIDATION_CANDIDATES: readonly [number, number][] = [
  [0.5, 0.5],
  [0.3, 0.3],
  [0.7, 0.3],
  [0.3, 0.7],
  [0.7, 0.7],
  [0.5, 0.2],
  [0.5, 0.8],
  [0.2, 0.5],
  [0.8, 0.5],
  [0.2, 0.2],
  [0.8, 0.2],
  [0.2, 0.8],
  [0.8, 0.8],
  [0.4, 0.4],
  [0.6, 0.4],
  [0.4, 0.6],
  [0.6, 0.6],
];

/** Validation positions kept apart from the calibration dots, so validation tests generalisation. */
export function validationTargets(n: number, calibration: readonly Target[], width: number, height: number): Target[] {
  const minGap = 0.08 * Math.min(width, height);
  const candidates = VALIDATION_CANDIDATES.map(([fx, fy]) => ({ x: fx * width, y: fy * height }));
  const apart = candidates.filter((p) => calibration.every((c) => Math.hypot(c.x - p.x, c.y - p.y) >= minGap));
  // Nudge candidates that collide rather than run out (e.g. 13 points over a dense grid).
  const nudged = candidates.filter((p) => !apart.includes(p)).map((p) => ({ x: p.x + minGap * 0.75, y: p.y + minGap * 0.75 }));
  return [...apart, ...nudged].slice(0, n);
}

/** Calibration samples per dot: WebGazer keeps only the last 50 click samples. */
export const MAX_CALIBRATION_SAMPLES = 50;
export function samplesPerDot(requested: number, dots: number): number {
  return Math.max(1, Math.min(requested, Math.floor(MAX_CALIBRATION_SAMPLES / Math.max(1, dots))));
}
