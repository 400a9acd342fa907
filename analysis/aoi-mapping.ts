// Maps a gaze point at time t to an AOI using the layout as it was recorded: the latest `layout`
// event at or before t gives the AOI boxes (document px) and each row's page/offset; `swipe` events
// after it change one row's offset (tiles keep their boxes, the items in them change); `scroll` and
// `layout` events give scrollY, and document y = viewport y + scrollY.
import type { AoiLabel, ScreenRows } from './dataset.ts';
import type { AoiBox, LayoutEvent, RecordedEvent } from '../core/events.ts';
import { DESIGN_WIDTH } from '../core/coordinates.ts';

export const DEFAULT_AOI_RADIUS_PX = 60;

export interface LayoutState {
  t: number;
  viewport: LayoutEvent['viewport'];
  pages: number[];
  offsets: number[];
  boxes: AoiBox[];
  /** Box rectangles flattened as x0, y0, x1, y1 (document px) for the hot loop. */
  rects: Float64Array;
  /** Top (document px) of each row's topmost box, index row − 1; NaN when the row has no box. */
  rowTop: Float64Array;
  rowBottom: Float64Array;
  /** Labels of the boxes, built on first hit (they are shared by every fixation on the box). */
  labels: (AoiLabel | undefined)[];
}

export interface LayoutTimeline {
  states: LayoutState[];
  stateTimes: Float64Array;
  scrollTimes: Float64Array;
  scrollValues: Float64Array;
  rows: ScreenRows | undefined;
}

export interface TimelineOptions {
  /** Items in a row's list (for positions after a swipe without a new layout event). */
  itemsPerRow?: number;
  rows?: ScreenRows | undefined;
}

function prepareState(t: number, viewport: LayoutEvent['viewport'], pages: number[], offsets: number[], boxes: AoiBox[]): LayoutState {
  const nb = boxes.length;
  const rects = new Float64Array(nb * 4);
  let maxRow = 0;
  for (let i = 0; i < nb; i++) {
    const b = boxes[i]!;
    if (b.row > maxRow) maxRow = b.row;
  }
  const rowTop = new Float64Array(maxRow * 2);
  const rowBottom = rowTop.subarray(maxRow);
  const seen = new Uint8Array(maxRow);
  for (let i = 0; i < nb; i++) {
    const b = boxes[i]!;
    const x = b.x;
    const y = b.y;
    const y1 = y + b.h;
    rects[i * 4] = x;
    rects[i * 4 + 1] = y;
    rects[i * 4 + 2] = x + b.w;
    rects[i * 4 + 3] = y1;
    const r = b.row - 1;
    if (r < 0) continue;
    if (!seen[r]) {
      seen[r] = 1;
      rowTop[r] = y;
      rowBottom[r] = y1;
    } else {
      if (y < rowTop[r]!) rowTop[r] = y;
      if (y1 > rowBottom[r]!) rowBottom[r] = y1;
    }
  }
  for (let r = 0; r < maxRow; r++) {
    if (!seen[r]) {
      rowTop[r] = NaN;
      rowBottom[r] = NaN;
    }
  }
  return {
    t,
    viewport,
    pages,
    offsets,
    boxes,
    rects,
    rowTop: rowTop.subarray(0, maxRow),
    rowBottom,
    labels: new Array<AoiLabel | undefined>(nb),
  };
}

/** Positions 1..n of the tiles of a row whose first visible item is `offset` (wrap-around). */
function positionInRow(offset: number, column: number, itemsPerRow: number): number {
  return ((offset + column - 1) % itemsPerRow) + 1;
}

function applySwipe(
  prev: LayoutState,
  t: number,
  row: number,
  page: number,
  offset: number,
  itemsPerRow: number,
  rows: ScreenRows | undefined,
): LayoutState {
  const pages = prev.pages.slice();
  const offsets = prev.offsets.slice();
  pages[row - 1] = page;
  offsets[row - 1] = offset;
  const boxes = prev.boxes.map((b) => {
    if (b.row !== row || b.kind !== 'tile' || b.column === undefined) return b;
    const position = positionInRow(offset, b.column, itemsPerRow);
    const movieId = rows?.items[row - 1]?.[position - 1];
    const nb: AoiBox = { ...b, position };
    if (movieId !== undefined) nb.movieId = movieId;
    else delete nb.movieId;
    return nb;
  });
  return prepareState(t, prev.viewport, pages, offsets, boxes);
}

function sameLayout(prev: LayoutState, e: LayoutEvent): boolean {
  if (prev.boxes === e.boxes) return true;
  if (prev.viewport.w !== e.viewport.w || prev.boxes.length !== e.boxes.length || prev.offsets.length !== e.offsets.length) return false;
  for (let i = 0; i < e.offsets.length; i++) if (prev.offsets[i] !== e.offsets[i]) return false;
  const a = prev.boxes[0];
  const b = e.boxes[0];
  return !a || !b || (a.x === b.x && a.y === b.y && a.w === b.w);
}

/** Builds the layout/scroll timeline of one screen from its events (in time order). */
export function buildLayoutTimeline(events: readonly RecordedEvent[], options: TimelineOptions = {}): LayoutTimeline {
  const states: LayoutState[] = [];
  const scrollT: number[] = [];
  const scrollV: number[] = [];
  const itemsPerRow = options.itemsPerRow ?? 15;
  for (const e of events) {
    if (e.kind === 'layout') {
      const prev = states[states.length - 1];
      // Boxes are in document px, so a scroll that changed nothing else keeps the prepared geometry.
      if (prev && e.reason === 'scroll' && sameLayout(prev, e)) states.push({ ...prev, t: e.t });
      else states.push(prepareState(e.t, e.viewport, e.pages, e.offsets, e.boxes));
      scrollT.push(e.t);
      scrollV.push(e.scrollY);
    } else if (e.kind === 'scroll') {
      scrollT.push(e.t);
      scrollV.push(e.scrollY);
    } else if (e.kind === 'swipe') {
      const prev = states[states.length - 1];
      if (prev) states.push(applySwipe(prev, e.t, e.row, e.page, e.offset, itemsPerRow, options.rows));
    }
  }
  return {
    states,
    stateTimes: Float64Array.from(states, (s) => s.t),
    scrollTimes: Float64Array.from(scrollT),
    scrollValues: Float64Array.from(scrollV),
    rows: options.rows,
  };
}

/** Index of the last time ≤ t (−1 if none). */
function lastAtOrBefore(times: Float64Array, t: number): number {
  let lo = 0;
  let hi = times.length - 1;
  let ans = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! <= t) {
      ans = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return ans;
}

/** Layout in effect at t; before the first layout event, the first one (recording starts with it). */
export function stateAt(timeline: LayoutTimeline, t: number): LayoutState | null {
  const i = lastAtOrBefore(timeline.stateTimes, t);
  return timeline.states[i < 0 ? 0 : i] ?? null;
}

export function scrollYAt(timeline: LayoutTimeline, t: number): number {
  const i = lastAtOrBefore(timeline.scrollTimes, t);
  return i < 0 ? (timeline.scrollValues[0] ?? 0) : timeline.scrollValues[i]!;
}

/** Row (1-based) whose band — from its top box to the next row's top — holds docY; nearest row outside. */
export function rowAtY(state: LayoutState, docY: number): number | null {
  let best: number | null = null;
  for (let r = 0; r < state.rowTop.length; r++) {
    const top = state.rowTop[r]!;
    if (Number.isNaN(top)) continue;
    if (best === null || docY >= top) best = r + 1;
    else break;
  }
  return best;
}

const BACKGROUND: AoiLabel = Object.freeze({ type: 'Background' }) as AoiLabel;

export function labelOfBox(state: LayoutState, box: AoiBox, rows: ScreenRows | undefined): AoiLabel {
  const type = box.kind === 'tile' ? 'Movie' : box.kind === 'title' ? 'Genre' : box.kind === 'forward' ? 'Forward' : 'Backward';
  const label: AoiLabel = { type, row: box.row };
  const page = state.pages[box.row - 1];
  if (page !== undefined) label.page = page;
  if (box.kind === 'tile') {
    if (box.position !== undefined) label.position = box.position;
    if (box.column !== undefined) label.column = box.column;
    if (box.movieId !== undefined) label.movieId = box.movieId;
  }
  const genre = rows?.genres[box.row - 1];
  if (genre !== undefined) label.genre = genre;
  return label;
}

export interface AoiHit {
  strict: AoiLabel;
  closest: AoiLabel;
  /** Index into state.boxes of the strict hit, −1 for Background. */
  strictIndex: number;
  closestIndex: number;
}

/**
 * Strict AOI (the box containing the point) and closest AOI (the strict one, or else the nearest
 * box within radiusPx). radiusPx is given at the 1920-px reference width and scales with the
 * viewport width, like the page does.
 */
export function hitTest(
  state: LayoutState,
  x: number,
  docY: number,
  rows: ScreenRows | undefined,
  radiusPx = DEFAULT_AOI_RADIUS_PX,
): AoiHit {
  const rects = state.rects;
  const nb = state.boxes.length;
  const radius = radiusPx * (state.viewport.w / DESIGN_WIDTH);
  let bestD2 = radius * radius;
  let best = -1;
  for (let i = 0; i < nb; i++) {
    const x0 = rects[i * 4]!;
    const y0 = rects[i * 4 + 1]!;
    const x1 = rects[i * 4 + 2]!;
    const y1 = rects[i * 4 + 3]!;
    const dx = x < x0 ? x0 - x : x > x1 ? x - x1 : 0;
    const dy = docY < y0 ? y0 - docY : docY > y1 ? docY - y1 : 0;
    if (dx === 0 && dy === 0) {
      const label = (state.labels[i] ??= labelOfBox(state, state.boxes[i]!, rows));
      return { strict: label, closest: label, strictIndex: i, closestIndex: i };
    }
    const d2 = dx * dx + dy * dy;
    if (d2 <= bestD2) {
      bestD2 = d2;
      best = i;
    }
  }
  return {
    strict: BACKGROUND,
    closest: best >= 0 ? (state.labels[best] ??= labelOfBox(state, state.boxes[best]!, rows)) : BACKGROUND,
    strictIndex: -1,
    closestIndex: best,
  };
}

/** AOI of a viewport point at time t (scrollY from the timeline unless given). */
export function mapPointToAoi(
  timeline: LayoutTimeline,
  x: number,
  y: number,
  t: number,
  scrollY?: number,
  radiusPx = DEFAULT_AOI_RADIUS_PX,
): AoiHit {
  const state = stateAt(timeline, t);
  if (!state) return { strict: BACKGROUND, closest: BACKGROUND, strictIndex: -1, closestIndex: -1 };
  const docY = y + (scrollY ?? scrollYAt(timeline, t));
  return hitTest(state, x, docY, timeline.rows, radiusPx);
}
