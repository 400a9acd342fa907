// Attention metrics over AOI-labelled fixations: dwell per cell / column / row, title vs tile
// share, time to first fixation, entry points, transitions, what precedes a swipe, the column
// looked at after a swipe, click-conditioned examination (L-pattern), CTR given examination, and
// per-screen gaze data quality. Matrices are flat Float64Arrays, row-major, 0-based indices.
import { quantilesInPlace } from './preprocess.ts';
import type { AoiLabel, AoiType } from './dataset.ts';
import type { GazeEvent, TaskType } from '../core/events.ts';
import type { ScreenQuality } from '../core/records.ts';
import { gazeColumns } from './screen-columns.ts';
import { HAS_POINT, LOST_CODES, type GazeColumns } from '../core/screen-columns.ts';

const NO_FACE = LOST_CODES.indexOf('no-face');

export interface MetricFixation {
  t: number;
  durationMs: number;
  aoi: AoiLabel;
}

export interface ScreenFixations {
  sessionId: string;
  participantId: string;
  taskId: number;
  task: TaskType;
  fixations: MetricFixation[];
  swipes: { t: number; row: number; direction: 'forward' | 'backward' }[];
  selection: { row: number; position: number; t: number } | null;
}

export interface GridShape {
  rows: number;
  /** Positions per row (items per row). */
  positions: number;
  /** Visible columns. */
  columns: number;
}

export const RECGAZE_SHAPE: GridShape = { rows: 10, positions: 15, columns: 5 };

export const AOI_TYPES: readonly AoiType[] = ['Movie', 'Genre', 'Forward', 'Backward', 'Background'];

type TypeTable = Record<AoiType, number>;
const typeTable = (): TypeTable => ({ Movie: 0, Genre: 0, Forward: 0, Backward: 0, Background: 0 });

/** Row/position of a Movie label inside the grid, as a flat index; −1 otherwise. */
function cellIndex(a: AoiLabel, shape: GridShape): number {
  if (a.type !== 'Movie' || a.row === undefined || a.position === undefined) return -1;
  if (a.row < 1 || a.row > shape.rows || a.position < 1 || a.position > shape.positions) return -1;
  return (a.row - 1) * shape.positions + (a.position - 1);
}

function inRows(row: number | undefined, shape: GridShape): row is number {
  return row !== undefined && row >= 1 && row <= shape.rows;
}

// ---------------------------------------------------------------------------------------------
// Dwell

export interface DwellTables {
  cellCount: Float64Array;
  cellDwellMs: Float64Array;
  columnCount: Float64Array;
  columnDwellMs: Float64Array;
  /** Movie + Genre fixations per row. */
  rowCount: Float64Array;
  rowDwellMs: Float64Array;
  typeCount: TypeTable;
  typeDwellMs: TypeTable;
  /** Genre dwell / (Genre + Movie dwell); NaN without either. */
  titleShare: number;
  tileShare: number;
}

export function dwellTables(screens: readonly ScreenFixations[], shape: GridShape): DwellTables {
  const cells = shape.rows * shape.positions;
  const t: DwellTables = {
    cellCount: new Float64Array(cells),
    cellDwellMs: new Float64Array(cells),
    columnCount: new Float64Array(shape.columns),
    columnDwellMs: new Float64Array(shape.columns),
    rowCount: new Float64Array(shape.rows),
    rowDwellMs: new Float64Array(shape.rows),
    typeCount: typeTable(),
    typeDwellMs: typeTable(),
    titleShare: NaN,
    tileShare: NaN,
  };
  for (const s of screens) {
    for (const f of s.fixations) {
      const a = f.aoi;
      t.typeCount[a.type]++;
      t.typeDwellMs[a.type] += f.durationMs;
      const c = cellIndex(a, shape);
      if (c >= 0) {
        t.cellCount[c]!++;
        t.cellDwellMs[c] = t.cellDwellMs[c]! + f.durationMs;
      }
      if (a.type === 'Movie' && a.column !== undefined && a.column >= 1 && a.column <= shape.columns) {
        t.columnCount[a.column - 1]!++;
        t.columnDwellMs[a.column - 1] = t.columnDwellMs[a.column - 1]! + f.durationMs;
      }
      if ((a.type === 'Movie' || a.type === 'Genre') && inRows(a.row, shape)) {
        t.rowCount[a.row - 1]!++;
        t.rowDwellMs[a.row - 1] = t.rowDwellMs[a.row - 1]! + f.durationMs;
      }
    }
  }
  const both = t.typeDwellMs.Genre + t.typeDwellMs.Movie;
  if (both > 0) {
    t.titleShare = t.typeDwellMs.Genre / both;
    t.tileShare = t.typeDwellMs.Movie / both;
  }
  return t;
}

// ---------------------------------------------------------------------------------------------
// Time to first fixation

export interface FirstFixationTable {
  /** Mean onset (ms from screen start) of the first fixation on each cell, over screens that fixated it. */
  cellMeanMs: Float64Array;
  /** Screens in which the cell was fixated. */
  cellScreens: Float64Array;
  rowMeanMs: Float64Array;
  rowScreens: Float64Array;
  screens: number;
}

export function timeToFirstFixation(screens: readonly ScreenFixations[], shape: GridShape): FirstFixationTable {
  const cells = shape.rows * shape.positions;
  const cellSum = new Float64Array(cells);
  const cellScreens = new Float64Array(cells);
  const rowSum = new Float64Array(shape.rows);
  const rowScreens = new Float64Array(shape.rows);
  const seenCell = new Uint8Array(cells);
  const seenRow = new Uint8Array(shape.rows);
  for (const s of screens) {
    seenCell.fill(0);
    seenRow.fill(0);
    for (const f of s.fixations) {
      const c = cellIndex(f.aoi, shape);
      if (c >= 0 && !seenCell[c]) {
        seenCell[c] = 1;
        cellSum[c] = cellSum[c]! + f.t;
        cellScreens[c]!++;
      }
      const r = f.aoi.row;
      if ((f.aoi.type === 'Movie' || f.aoi.type === 'Genre') && inRows(r, shape) && !seenRow[r - 1]) {
        seenRow[r - 1] = 1;
        rowSum[r - 1] = rowSum[r - 1]! + f.t;
        rowScreens[r - 1]!++;
      }
    }
  }
  return {
    cellMeanMs: cellSum.map((v, i) => (cellScreens[i]! > 0 ? v / cellScreens[i]! : NaN)),
    cellScreens,
    rowMeanMs: rowSum.map((v, i) => (rowScreens[i]! > 0 ? v / rowScreens[i]! : NaN)),
    rowScreens,
    screens: screens.length,
  };
}

// ---------------------------------------------------------------------------------------------
// Entry points

export interface EntryPointTable {
  /** AOI type of each screen's first fixation. */
  firstType: TypeTable;
  /** Cell / column / row of the first fixation on a tile (first Movie fixation). */
  cell: Float64Array;
  column: Float64Array;
  row: Float64Array;
  screens: number;
}

export function entryPoints(screens: readonly ScreenFixations[], shape: GridShape): EntryPointTable {
  const out: EntryPointTable = {
    firstType: typeTable(),
    cell: new Float64Array(shape.rows * shape.positions),
    column: new Float64Array(shape.columns),
    row: new Float64Array(shape.rows),
    screens: 0,
  };
  for (const s of screens) {
    const first = s.fixations[0];
    if (!first) continue;
    out.screens++;
    out.firstType[first.aoi.type]++;
    const movie = s.fixations.find((f) => cellIndex(f.aoi, shape) >= 0);
    if (!movie) continue;
    out.cell[cellIndex(movie.aoi, shape)]!++;
    const col = movie.aoi.column;
    if (col !== undefined && col >= 1 && col <= shape.columns) out.column[col - 1]!++;
    out.row[movie.aoi.row! - 1]!++;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Transitions

export interface TransitionTables {
  /** From position → to position between consecutive tile fixations in the same row. */
  withinRow: Float64Array;
  /** From row → to row between consecutive row-level (tile or title) fixations in different rows. */
  crossRow: Float64Array;
  withinRowCount: number;
  crossRowCount: number;
}

/**
 * Consecutive fixations on tiles and titles, Background and arrows skipped, repeated fixations on
 * the same AOI collapsed to one visit. A tile → tile move in one row counts as within-row (by
 * position); any move between rows counts as cross-row (by row).
 */
export function transitionTables(screens: readonly ScreenFixations[], shape: GridShape): TransitionTables {
  const P = shape.positions;
  const R = shape.rows;
  const out: TransitionTables = {
    withinRow: new Float64Array(P * P),
    crossRow: new Float64Array(R * R),
    withinRowCount: 0,
    crossRowCount: 0,
  };
  for (const s of screens) {
    let prev: AoiLabel | null = null;
    for (const f of s.fixations) {
      const a = f.aoi;
      if ((a.type !== 'Movie' && a.type !== 'Genre') || !inRows(a.row, shape)) continue;
      if (prev && prev.type === a.type && prev.row === a.row && prev.position === a.position) continue;
      if (prev) {
        if (prev.row === a.row) {
          if (
            prev.type === 'Movie' &&
            a.type === 'Movie' &&
            prev.position !== undefined &&
            a.position !== undefined &&
            prev.position <= P &&
            a.position <= P
          ) {
            out.withinRow[(prev.position - 1) * P + (a.position - 1)]!++;
            out.withinRowCount++;
          }
        } else {
          out.crossRow[(prev.row! - 1) * R + (a.row - 1)]!++;
          out.crossRowCount++;
        }
      }
      prev = a;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Swipes

export interface SwipeTables {
  swipes: number;
  /** AOI type of the last fixation that started at or before each swipe ('none' when there is none). */
  precedingType: TypeTable & { none: number };
  /** Visible column of that fixation when it was on a tile. */
  precedingColumn: Float64Array;
  /** Swipes whose preceding fixation was on the swiped row. */
  precedingSameRow: number;
  /** Visible column of the first tile fixation on the swiped row after the swipe (before the next swipe of that row). */
  followingColumn: Float64Array;
}

export function swipeTables(screens: readonly ScreenFixations[], shape: GridShape): SwipeTables {
  const out: SwipeTables = {
    swipes: 0,
    precedingType: { ...typeTable(), none: 0 },
    precedingColumn: new Float64Array(shape.columns),
    precedingSameRow: 0,
    followingColumn: new Float64Array(shape.columns),
  };
  for (const s of screens) {
    const fx = s.fixations;
    let k = 0;
    const swipes = s.swipes.slice().sort((a, b) => a.t - b.t);
    for (let i = 0; i < swipes.length; i++) {
      const sw = swipes[i]!;
      out.swipes++;
      while (k < fx.length && fx[k]!.t <= sw.t) k++;
      const last = k > 0 ? fx[k - 1]! : null;
      if (!last) out.precedingType.none++;
      else {
        out.precedingType[last.aoi.type]++;
        const col = last.aoi.column;
        if (last.aoi.type === 'Movie' && col !== undefined && col >= 1 && col <= shape.columns) out.precedingColumn[col - 1]!++;
        if (last.aoi.row === sw.row) out.precedingSameRow++;
      }
      let nextSameRow = Infinity;
      for (let j = i + 1; j < swipes.length; j++) {
        if (swipes[j]!.row === sw.row) {
          nextSameRow = swipes[j]!.t;
          break;
        }
      }
      for (let j = k; j < fx.length && fx[j]!.t < nextSameRow; j++) {
        const a = fx[j]!.aoi;
        if (a.type === 'Movie' && a.row === sw.row && a.column !== undefined && a.column >= 1 && a.column <= shape.columns) {
          out.followingColumn[a.column - 1]!++;
          break;
        }
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Examination and clicks

/** Cells fixated (examined) in a screen, as a 0/1 array over rows × positions. */
export function examinedCells(s: ScreenFixations, shape: GridShape): Uint8Array {
  const ex = new Uint8Array(shape.rows * shape.positions);
  for (const f of s.fixations) {
    const c = cellIndex(f.aoi, shape);
    if (c >= 0) ex[c] = 1;
  }
  return ex;
}

export interface ClickConditionedTable {
  /** Per clicked cell (with at least one screen): how many screens and how often each cell was examined. */
  byClick: { row: number; position: number; screens: number; examined: Float64Array }[];
  /**
   * Examination probability by offset from the clicked cell: index (dr + rows − 1) × (2·positions − 1)
   * + (dp + positions − 1); NaN where no screen had that offset inside the grid.
   */
  relative: Float64Array;
  relativeOpportunities: Float64Array;
  screens: number;
}

export function clickConditionedExamination(screens: readonly ScreenFixations[], shape: GridShape): ClickConditionedTable {
  const R = shape.rows;
  const P = shape.positions;
  const W = 2 * P - 1;
  const groups = new Map<number, { row: number; position: number; screens: number; examined: Float64Array }>();
  const relHits = new Float64Array((2 * R - 1) * W);
  const relOpp = new Float64Array((2 * R - 1) * W);
  let n = 0;
  for (const s of screens) {
    const sel = s.selection;
    if (!sel || sel.row < 1 || sel.row > R || sel.position < 1 || sel.position > P) continue;
    n++;
    const key = (sel.row - 1) * P + (sel.position - 1);
    let g = groups.get(key);
    if (!g) {
      g = { row: sel.row, position: sel.position, screens: 0, examined: new Float64Array(R * P) };
      groups.set(key, g);
    }
    g.screens++;
    const ex = examinedCells(s, shape);
    for (let c = 0; c < R * P; c++) {
      g.examined[c] = g.examined[c]! + ex[c]!;
      const dr = Math.floor(c / P) - (sel.row - 1);
      const dp = (c % P) - (sel.position - 1);
      const ri = (dr + R - 1) * W + (dp + P - 1);
      relOpp[ri]!++;
      relHits[ri] = relHits[ri]! + ex[c]!;
    }
  }
  const byClick = [...groups.entries()].sort((a, b) => a[0] - b[0]).map(([, g]) => g);
  return { byClick, relative: relHits.map((h, i) => (relOpp[i]! > 0 ? h / relOpp[i]! : NaN)), relativeOpportunities: relOpp, screens: n };
}

export interface CtrTable {
  /** Per cell: screens in which it was examined, clicks on it when examined, all clicks on it. */
  cellExamined: Float64Array;
  cellClicksExamined: Float64Array;
  cellClicks: Float64Array;
  /** Per position (summed over rows). */
  positionExamined: Float64Array;
  positionClicksExamined: Float64Array;
  positionClicks: Float64Array;
  /** Clicks / examined per position; NaN when never examined. */
  positionCtr: Float64Array;
}

export function ctrGivenExamination(screens: readonly ScreenFixations[], shape: GridShape): CtrTable {
  const cells = shape.rows * shape.positions;
  const P = shape.positions;
  const t: CtrTable = {
    cellExamined: new Float64Array(cells),
    cellClicksExamined: new Float64Array(cells),
    cellClicks: new Float64Array(cells),
    positionExamined: new Float64Array(P),
    positionClicksExamined: new Float64Array(P),
    positionClicks: new Float64Array(P),
    positionCtr: new Float64Array(P),
  };
  for (const s of screens) {
    const ex = examinedCells(s, shape);
    for (let c = 0; c < cells; c++) t.cellExamined[c] = t.cellExamined[c]! + ex[c]!;
    const sel = s.selection;
    if (sel && sel.row >= 1 && sel.row <= shape.rows && sel.position >= 1 && sel.position <= P) {
      const c = (sel.row - 1) * P + (sel.position - 1);
      t.cellClicks[c]!++;
      if (ex[c]) t.cellClicksExamined[c]!++;
    }
  }
  for (let c = 0; c < cells; c++) {
    const p = c % P;
    t.positionExamined[p] = t.positionExamined[p]! + t.cellExamined[c]!;
    t.positionClicksExamined[p] = t.positionClicksExamined[p]! + t.cellClicksExamined[c]!;
    t.positionClicks[p] = t.positionClicks[p]! + t.cellClicks[c]!;
  }
  for (let p = 0; p < P; p++) t.positionCtr[p] = t.positionExamined[p]! > 0 ? t.positionClicksExamined[p]! / t.positionExamined[p]! : NaN;
  return t;
}

// ---------------------------------------------------------------------------------------------
// Data quality

/**
 * Gaze data quality of one screen. A sample is lost when it has no coordinates. Face-lost time is
 * the time from each 'no-face' sample to the next sample (the median interval for the last one).
 * achievedHz = (samples − 1) / (last − first timestamp).
 */
export function computeScreenQuality(gazeEvents: readonly GazeEvent[]): ScreenQuality {
  return gazeQuality(gazeColumns(gazeEvents));
}

/** Reused by gazeQuality, one screen at a time (a new array per screen was garbage for the collector). */
let intervalScratch = new Float64Array(2048);

/** Sample count, loss, sampling interval and rate, and time without a face, of a screen's gaze. */
export function gazeQuality(g: GazeColumns): ScreenQuality {
  const n = g.t.length;
  let lost = 0;
  for (let i = 0; i < n; i++) if (g.lost[i] !== HAS_POINT) lost++;
  if (n === 0)
    return { samples: 0, lost: 0, lostPct: 0, intervalMedianMs: null, intervalIqrMs: null, achievedHz: null, faceLostMs: 0, durationMs: 0 };
  let faceLostMs = 0;
  for (let i = 0; i < n - 1; i++) if (g.lost[i] === NO_FACE) faceLostMs += g.t[i + 1]! - g.t[i]!;
  if (intervalScratch.length < n - 1) intervalScratch = new Float64Array(2 * n);
  const d = intervalScratch.subarray(0, Math.max(0, n - 1));
  for (let i = 1; i < n; i++) d[i - 1] = g.t[i]! - g.t[i - 1]!;
  const [q1, median, q3] = n > 1 ? quantilesInPlace(d, [0.25, 0.5, 0.75]) : [NaN, null, NaN];
  const iqr = n > 1 ? q3! - q1! : null;
  // the last sample has no interval of its own: it counts for the median one
  if (g.lost[n - 1] === NO_FACE) faceLostMs += median ?? 0;
  const durationMs = g.t[n - 1]! - g.t[0]!;
  return {
    samples: n,
    lost,
    lostPct: (100 * lost) / n,
    intervalMedianMs: median,
    intervalIqrMs: iqr,
    achievedHz: n > 1 && durationMs > 0 ? ((n - 1) * 1000) / durationMs : null,
    faceLostMs,
    durationMs,
  };
}

// ---------------------------------------------------------------------------------------------

export interface MetricsTables {
  shape: GridShape;
  screens: number;
  dwell: DwellTables;
  firstFixation: FirstFixationTable;
  entry: EntryPointTable;
  transitions: TransitionTables;
  swipes: SwipeTables;
  clickConditioned: ClickConditionedTable;
  ctr: CtrTable;
}

export function computeMetrics(screens: readonly ScreenFixations[], shape: GridShape = RECGAZE_SHAPE): MetricsTables {
  return {
    shape,
    screens: screens.length,
    dwell: dwellTables(screens, shape),
    firstFixation: timeToFirstFixation(screens, shape),
    entry: entryPoints(screens, shape),
    transitions: transitionTables(screens, shape),
    swipes: swipeTables(screens, shape),
    clickConditioned: clickConditionedExamination(screens, shape),
    ctr: ctrGivenExamination(screens, shape),
  };
}
