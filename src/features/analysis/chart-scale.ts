// Scales for the hand-written SVG charts: a linear scale with "nice" ticks and a band scale.

/** Tick values 1/2/5 × 10^k covering [min, max] with about `count` steps. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min === max) return [min];
  const lo = Math.min(min, max);
  const hi = Math.max(min, max);
  const raw = (hi - lo) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const f = raw / mag;
  const step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step)
    out.push(Math.abs(v) < step * 1e-9 ? 0 : Number(v.toPrecision(12)));
  return out;
}

export interface LinearScale {
  (value: number): number;
  domain: [number, number];
  ticks(count?: number): number[];
}

/** Maps the domain onto the range linearly; a zero-width domain maps everything to the range start. */
export function linearScale(domain: [number, number], range: [number, number]): LinearScale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const k = d1 !== d0 ? (r1 - r0) / (d1 - d0) : 0;
  const f = ((v: number) => r0 + (v - d0) * k) as LinearScale;
  f.domain = [d0, d1];
  f.ticks = (count = 5) => niceTicks(d0, d1, count);
  return f;
}

/** Value domain for bars: always includes 0, widened to the nice ticks around the data. */
export function barDomain(values: readonly number[]): [number, number] {
  let lo = 0;
  let hi = 0;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo === hi) return [0, 1];
  const ticks = niceTicks(lo, hi, 5);
  const step = ticks.length > 1 ? ticks[1]! - ticks[0]! : 1;
  return [Math.min(lo, Math.floor(lo / step) * step), Math.max(hi, Math.ceil(hi / step) * step)];
}

export interface BandScale {
  x(index: number): number;
  width: number;
}

/** `n` equal bands over the range with `padding` (0..1) of each band left empty. */
export function bandScale(n: number, range: [number, number], padding = 0.2): BandScale {
  const step = n > 0 ? (range[1] - range[0]) / n : 0;
  return { x: (i) => range[0] + i * step + (step * padding) / 2, width: step * (1 - padding) };
}

/** Short tick label: integers as is, else up to 3 significant digits, thousands as k. */
export function formatTick(v: number): string {
  if (!Number.isFinite(v)) return '';
  const a = Math.abs(v);
  if (a >= 10_000) return `${Number((v / 1000).toPrecision(3))}k`;
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(3)));
}

/** Polyline point lists of a series, broken where a value is missing (NaN). */
export function lineSegments(values: readonly number[], x: (i: number) => number, y: (v: number) => number): string[] {
  const out: string[] = [];
  let cur: string[] = [];
  values.forEach((v, i) => {
    if (Number.isFinite(v)) cur.push(`${x(i)},${y(v)}`);
    else if (cur.length) {
      out.push(cur.join(' '));
      cur = [];
    }
  });
  if (cur.length) out.push(cur.join(' '));
  return out;
}

/** Dark → red → yellow ramp for table cells; t in 0..1 (NaN → transparent). */
export function rampColour(t: number): string {
  if (!Number.isFinite(t)) return 'transparent';
  const u = Math.max(0, Math.min(1, t));
  const r = Math.round(40 + 215 * Math.min(1, u * 1.6));
  const g = Math.round(40 + (190 * Math.max(0, u - 0.55)) / 0.45);
  const b = 40;
  return `rgb(${r},${g},${b})`;
}

/** All bars of a series as one SVG path (one DOM node however many bars); NaN values are skipped. */
export function barsPath(values: readonly number[], x: (i: number) => number, width: number, y: (v: number) => number): string {
  const y0 = y(0);
  let d = '';
  values.forEach((v, i) => {
    if (!Number.isFinite(v) || v === 0) return;
    const top = Math.min(y(v), y0);
    const h = Math.abs(y(v) - y0);
    d += `M${round2(x(i))} ${round2(top)}h${round2(width)}v${round2(h)}h${round2(-width)}Z`;
  });
  return d;
}

const round2 = (v: number) => Math.round(v * 100) / 100;
