// The truth log (what the synthetic participant's eyes did) and how it lines up with what the app
// recorded: the clock offset of a screen, the truth at a sample's time, accuracy figures, and
// which planted dwells came back as fixations. Pure.
import type { PointerMove, TruthFrame } from './protocol.ts';

/** One document's frames (page times are relative to its timeOrigin). */
export interface TruthDocument {
  timeOrigin: number;
  url: string;
  frames: TruthFrame[];
  pointer: PointerMove[];
}

export interface TruthLog {
  documents: TruthDocument[];
}

/** The document that was open at epoch ms `at` (the last one started before it). */
export function documentAt(log: TruthLog, at: number): TruthDocument | null {
  let found: TruthDocument | null = null;
  for (const d of log.documents) if (d.timeOrigin <= at) found = d;
  return found;
}

/**
 * Page time minus screen time for a screen, from cursor events: the app records each mousemove
 * at `event.timeStamp - t0`, the participant logs the same event's timeStamp. The offset most
 * matched events agree on (within 1 ms) wins; null when no recorded cursor event matches.
 */
export function screenOffset(pointer: readonly PointerMove[], recorded: readonly { t: number; x: number; y: number }[]): number | null {
  const candidates: number[] = [];
  const byPlace = new Map<string, number[]>();
  for (const p of pointer) {
    const key = `${p.x},${p.y}`;
    const list = byPlace.get(key);
    if (list) list.push(p.t);
    else byPlace.set(key, [p.t]);
  }
  for (const e of recorded) for (const t of byPlace.get(`${e.x},${e.y}`) ?? []) candidates.push(t - e.t);
  if (candidates.length === 0) return null;
  candidates.sort((a, b) => a - b);
  let best = candidates[0]!;
  let bestCount = 0;
  for (let i = 0, j = 0; i < candidates.length; i++) {
    while (candidates[i]! - candidates[j]! > 1) j++;
    if (i - j + 1 > bestCount) {
      bestCount = i - j + 1;
      best = candidates[Math.floor((i + j) / 2)]!;
    }
  }
  return best;
}

/** Index of the last frame painted at or before page time `t`, or -1. Frames are in time order. */
export function frameIndexAt(frames: readonly TruthFrame[], t: number): number {
  let lo = 0;
  let hi = frames.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (frames[mid]!.t <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** A run of frames: what the eyes did, step by step. */
export interface Dwell {
  label: string | null;
  start: number;
  end: number;
  /** Mean of the frames' points (null when every frame was away or closed). */
  x: number | null;
  y: number | null;
}

/** Runs of frames with the same label; with `jumpPx`, a jump of the eyes by more also starts a new run. */
export function dwells(frames: readonly TruthFrame[], jumpPx = Infinity): Dwell[] {
  const out: (Dwell & { n: number; sx: number; sy: number })[] = [];
  let last: TruthFrame | null = null;
  for (const f of frames) {
    let d = out.at(-1);
    const jumped =
      last !== null &&
      last.x !== null &&
      last.y !== null &&
      f.x !== null &&
      f.y !== null &&
      Math.hypot(f.x - last.x, f.y - last.y) > jumpPx;
    last = f;
    if (!d || d.label !== f.label || jumped) {
      d = { label: f.label, start: f.t, end: f.t, x: null, y: null, n: 0, sx: 0, sy: 0 };
      out.push(d);
    }
    d.end = f.t;
    if (f.x !== null && f.y !== null) {
      d.n++;
      d.sx += f.x;
      d.sy += f.y;
    }
  }
  return out.map(({ n, sx, sy, ...d }) => ({ ...d, x: n ? sx / n : null, y: n ? sy / n : null }));
}

export interface GazeErrorOptions {
  /** Samples this soon after the eyes moved (or after a blink) are left out: the tracker needs frames to catch up. */
  settleMs: number;
  /** Eyes that moved less than this (px) did not move (fixational jitter). */
  jumpPx: number;
}

export interface SampleError {
  t: number;
  dx: number;
  dy: number;
  truth: { x: number; y: number };
}

/**
 * Prediction minus truth for each sample (page time, viewport px) taken while the eyes rested:
 * the truth is the frame painted at the sample's time, and the eyes must have been on that point
 * (within jumpPx), open, for at least settleMs before.
 */
export function sampleErrors(
  samples: readonly { t: number; x: number | null; y: number | null }[],
  frames: readonly TruthFrame[],
  opts: GazeErrorOptions,
): SampleError[] {
  // When each frame's fixation began: the first frame since which the eyes stayed within jumpPx, open.
  const since: number[] = new Array<number>(frames.length);
  for (let i = 0; i < frames.length; i++) {
    const f = frames[i]!;
    const prev = frames[i - 1];
    const still =
      prev && f.x !== null && f.y !== null && prev.x !== null && prev.y !== null && Math.hypot(f.x - prev.x, f.y - prev.y) <= opts.jumpPx;
    since[i] = still ? since[i - 1]! : f.t;
  }
  const out: SampleError[] = [];
  for (const s of samples) {
    if (s.x === null || s.y === null) continue;
    const i = frameIndexAt(frames, s.t);
    const f = frames[i];
    if (!f || f.x === null || f.y === null || s.t - since[i]! < opts.settleMs) continue;
    out.push({ t: s.t, dx: s.x - f.x, dy: s.y - f.y, truth: { x: f.x, y: f.y } });
  }
  return out;
}

export interface ErrorSummary {
  samples: number;
  /** Mean distance from the truth. */
  meanPx: number | null;
  medianPx: number | null;
  /** Share of samples within half a tile of the truth (on the looked-at tile), and within one tile. */
  onTilePct: number | null;
  withinOneTilePct: number | null;
}

export function summariseErrors(errors: readonly SampleError[], tile: { width: number; height: number }): ErrorSummary {
  if (errors.length === 0) return { samples: 0, meanPx: null, medianPx: null, onTilePct: null, withinOneTilePct: null };
  const d = errors.map((e) => Math.hypot(e.dx, e.dy)).sort((a, b) => a - b);
  const pct = (f: (e: SampleError) => boolean) => (100 * errors.filter(f).length) / errors.length;
  return {
    samples: errors.length,
    meanPx: d.reduce((s, v) => s + v, 0) / d.length,
    medianPx: d[Math.floor(d.length / 2)]!,
    onTilePct: pct((e) => Math.abs(e.dx) <= tile.width / 2 && Math.abs(e.dy) <= tile.height / 2),
    withinOneTilePct: pct((e) => Math.abs(e.dx) <= tile.width && Math.abs(e.dy) <= tile.height),
  };
}

/** A dwell the test planted on a tile, in screen time (ms). */
export interface PlantedDwell {
  taskId: number;
  row: number;
  position: number;
  start: number;
  end: number;
}

/** A fixation as exported (fixations.csv), in screen time (ms). */
export interface ExportedFixation {
  taskId: number;
  start: number;
  durationMs: number;
  /** The carousel row of the AOI the fixation is on (tile, genre title or arrow), else of the closest AOI, else null. */
  row: number | null;
  /** The tile's position in its carousel, when the fixation is on a tile (or closest to one). */
  position: number | null;
  /** On a tile, not only near one. */
  onTile: boolean;
}

export interface DwellRecovery {
  dwell: PlantedDwell;
  /** The fixation overlapping the dwell most, or null. */
  fixation: ExportedFixation | null;
  rowRight: boolean;
  positionRight: boolean;
}

/**
 * Matches each planted dwell with the exported fixation that overlaps it most. The window starts
 * `lagMs` late and ends `lagMs` late: predictions trail the eyes by a few camera frames.
 */
export function recoverDwells(planted: readonly PlantedDwell[], fixations: readonly ExportedFixation[], lagMs = 300): DwellRecovery[] {
  return planted.map((dwell) => {
    const [a, b] = [dwell.start + lagMs, dwell.end + lagMs];
    let best: ExportedFixation | null = null;
    let bestOverlap = 0;
    for (const f of fixations) {
      if (f.taskId !== dwell.taskId) continue;
      const overlap = Math.min(b, f.start + f.durationMs) - Math.max(a, f.start);
      if (overlap > bestOverlap) {
        best = f;
        bestOverlap = overlap;
      }
    }
    return {
      dwell,
      fixation: best,
      rowRight: best?.row === dwell.row,
      positionRight: best?.row === dwell.row && best.position === dwell.position,
    };
  });
}

/** fixations.csv rows (header → cell) as ExportedFixation. */
export function exportedFixations(rows: readonly Record<string, string>[]): ExportedFixation[] {
  const num = (v: string | undefined) => (v === undefined || v === 'NA' || v === '' ? null : Number(v));
  return rows.map((r) => {
    const onTile = r.Fixation_AOI_type === 'Movie';
    const closestTile = r.Fixation_AOI_Closest_type === 'Movie';
    return {
      taskId: Number(r.TaskID),
      start: Number(r.Timestamp) * 1000,
      durationMs: Number(r.Fixation_Duration),
      row: num(r.Fixation_AOI_Carousel_position) ?? num(r.Fixation_AOI_Closest_Carousel_position),
      position: onTile
        ? num(r.Fixation_AOI_Movie_position_in_carousel)
        : closestTile
          ? num(r.Fixation_AOI_Closest_Movie_position_in_carousel)
          : null,
      onTile,
    };
  });
}
