// Maps a gaze point at time t to an AOI using the layout as it was recorded: the latest `layout`
// event at or before t gives the AOI boxes (document px) and each row's page/offset; `swipe` events
// after it change one row's offset (tiles keep their boxes, the items in them change); `scroll` and
// `layout` events give scrollY, and document y = viewport y + scrollY.
//
// A swipe with a recorded end (`swipe-end`) slides the row for ~500 ms: from the swipe to its end the
// row's tiles are moving and are no AOIs (SLIDE_LABELLING); the row's new items take the boxes at the
// end. A swipe without an end (recordings from before the animation) pages the row at once.
import type { AoiLabel, ScreenRows } from './dataset.ts';
import type { AoiBox, LayoutEvent, RecordedEvent } from '../core/events.ts';
import { DESIGN_WIDTH } from '../core/coordinates.ts';
import { screenColumns, tableBoxes } from './screen-columns.ts';
import { BOX_KINDS, type BoxTable, type ScreenColumns } from '../core/screen-columns.ts';

export const DEFAULT_AOI_RADIUS_PX = 60;

export interface LayoutState {
  t: number;
  viewport: LayoutEvent['viewport'];
  /** Page (1-based) and first-visible offset of each row, index row − 1. */
  pages: ArrayLike<number>;
  offsets: ArrayLike<number>;
  /** The AOI boxes (document px); `stateBoxes` gives them as AoiBox objects. */
  table: BoxTable;
  /** Box rectangles flattened as x0, y0, x1, y1 (document px) for the hot loop. */
  rects: Float64Array;
  /** Top (document px) of each row's topmost box, index row − 1; NaN when the row has no box. */
  rowTop: Float64Array;
  rowBottom: Float64Array;
  /** Labels of the boxes, built on first hit (they are shared by every fixation on the box). */
  labels: (AoiLabel | undefined)[];
  /** 1 for the tiles of rows that are sliding now (no AOIs until the slide ends); null when none slides. */
  moving: Uint8Array | null;
}

/** How gaze during a slide is labelled (the export README quotes it). */
export const SLIDE_LABELLING =
  "while a row slides (from its swipe to its swipe-end, 500 ms) its tiles are moving and are no AOIs: a fixation, cursor visit or click that starts then gets the label of a box that stands still (the row title, its arrows, other rows) or Background, never a movie of the sliding row (gaze samples and fixations there count as on the page the row slides to, e.g. for their canvas position); the new page's movies are labelled from the swipe-end on (the layout event after it has their boxes), and a fixation that started before the swipe keeps the movie that was there when it started";

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

const TILE = BOX_KINDS.indexOf('tile');

interface Geometry {
  rects: Float64Array;
  rowTop: Float64Array;
  rowBottom: Float64Array;
}

function geometry(table: BoxTable): Geometry {
  const nb = table.length;
  const rects = new Float64Array(nb * 4);
  let maxRow = 0;
  for (let i = 0; i < nb; i++) if (table.row[i]! > maxRow) maxRow = table.row[i]!;
  const rowTop = new Float64Array(maxRow).fill(NaN);
  const rowBottom = new Float64Array(maxRow).fill(NaN);
  for (let i = 0; i < nb; i++) {
    const x = table.rect[i * 4]!;
    const y = table.rect[i * 4 + 1]!;
    const y1 = y + table.rect[i * 4 + 3]!;
    rects[i * 4] = x;
    rects[i * 4 + 1] = y;
    rects[i * 4 + 2] = x + table.rect[i * 4 + 2]!;
    rects[i * 4 + 3] = y1;
    const r = table.row[i]! - 1;
    if (r < 0) continue;
    if (Number.isNaN(rowTop[r]!)) {
      rowTop[r] = y;
      rowBottom[r] = y1;
    } else {
      if (y < rowTop[r]!) rowTop[r] = y;
      if (y1 > rowBottom[r]!) rowBottom[r] = y1;
    }
  }
  return { rects, rowTop, rowBottom };
}

/** Positions 1..n of the tiles of a row whose first visible item is `offset` (wrap-around). */
function positionInRow(offset: number, column: number, itemsPerRow: number): number {
  return ((offset + column - 1) % itemsPerRow) + 1;
}

/** The table after a swipe of `row` to `offset`: its tiles show other items (same boxes). */
function swipedTable(table: BoxTable, row: number, offset: number, itemsPerRow: number, rows: ScreenRows | undefined): BoxTable {
  const position = table.position.slice();
  const movieId = table.movieId.slice();
  for (let i = 0; i < table.length; i++) {
    if (table.row[i] !== row || table.kind[i] !== TILE || !table.column[i]) continue;
    const p = positionInRow(offset, table.column[i]!, itemsPerRow);
    position[i] = p;
    movieId[i] = rows?.items[row - 1]?.[p - 1] ?? NaN;
  }
  return { ...table, position, movieId };
}

function sameRows(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The layout / swipe / scroll timeline of one screen from its columns. */
export function layoutTimeline(c: ScreenColumns, options: TimelineOptions = {}): LayoutTimeline {
  const L = c.layouts;
  const W = c.swipes;
  const itemsPerRow = options.itemsPerRow ?? 15;
  // by rect array: a swiped table shares its boxes' rectangles (and so their geometry) with its base
  const prepared = new Map<Float64Array, Geometry>();
  const sliding = new Set<number>();
  const prepare = (t: number, viewport: LayoutEvent['viewport'], pages: ArrayLike<number>, offsets: ArrayLike<number>, table: BoxTable) => {
    let g = prepared.get(table.rect);
    if (!g) prepared.set(table.rect, (g = geometry(table)));
    const moving = movingTiles(table, sliding);
    const state: LayoutState = { t, viewport, pages, offsets, table, ...g, labels: new Array<AoiLabel | undefined>(table.length), moving };
    return state;
  };
  const states: LayoutState[] = [];
  const actions = swipeActions(W);
  let li = 0;
  let ai = 0;
  // Layouts and swipe starts/ends by time; at equal times the swipe first (the layout it causes is complete).
  while (li < L.t.length || ai < actions.length) {
    const prev = states[states.length - 1];
    const a = actions[ai];
    if (a && (li >= L.t.length || a.t <= L.t[li]!)) {
      ai++;
      const row = W.row[a.i]!;
      if (a.end) sliding.delete(row);
      else if (hasEnd(W, a.i)) sliding.add(row);
      if (!prev) continue;
      const pages = Int32Array.from(prev.pages as ArrayLike<number>);
      const offsets = Int32Array.from(prev.offsets as ArrayLike<number>);
      pages[row - 1] = W.page[a.i]!;
      offsets[row - 1] = W.offset[a.i]!;
      // A slide's start: the same boxes, the row's tiles moving (no AOIs) until its end.
      if (!a.end && sliding.has(row)) {
        states.push(prepare(a.t, prev.viewport, pages, offsets, prev.table));
        continue;
      }
      // a layout recorded at the swipe's (or slide end's) own time replaces the swiped state at once: skip it
      if (li < L.t.length && L.t[li] === a.t) continue;
      states.push(prepare(a.t, prev.viewport, pages, offsets, swipedTable(prev.table, row, W.offset[a.i]!, itemsPerRow, options.rows)));
      continue;
    }
    const base = li * L.stride;
    const pages = L.pages.subarray(base, base + L.rowCount[li]!);
    const offsets = L.offsets.subarray(base, base + L.rowCount[li]!);
    const table = L.tables[L.table[li]!]!;
    const t = L.t[li]!;
    // A layout that changed nothing but the scroll (which the scroll timeline has) is no new state:
    // the one in effect keeps its prepared geometry and the labels built so far.
    const same =
      prev &&
      prev.table === table &&
      prev.viewport.w === L.vw[li] &&
      prev.viewport.h === L.vh[li] &&
      sameRows(prev.pages, pages) &&
      sameRows(prev.offsets, offsets);
    if (!same) states.push(prepare(t, { w: L.vw[li]!, h: L.vh[li]!, dpr: L.dpr[li]! }, pages, offsets, table));
    li++;
  }
  return {
    states,
    stateTimes: Float64Array.from(states, (s) => s.t),
    scrollTimes: c.scroll.t,
    scrollValues: c.scroll.y,
    rows: options.rows,
  };
}

/** Swipe starts and the ends of slides, by time (an end after the starts at the same time). */
function swipeActions(W: ScreenColumns['swipes']): { t: number; i: number; end: boolean }[] {
  const out: { t: number; i: number; end: boolean }[] = [];
  for (let i = 0; i < W.t.length; i++) {
    out.push({ t: W.t[i]!, i, end: false });
    if (hasEnd(W, i)) out.push({ t: W.end[i]!, i, end: true });
  }
  return out.sort((a, b) => a.t - b.t || Number(a.end) - Number(b.end));
}

/** Whether swipe i has a recorded end (columns made before version 2 have no `end` at all). */
function hasEnd(W: ScreenColumns['swipes'], i: number): boolean {
  const end = (W.end as Float64Array | undefined)?.[i];
  return end !== undefined && !Number.isNaN(end);
}

/** Tiles of the sliding rows, or null when no row slides. */
function movingTiles(table: BoxTable, sliding: ReadonlySet<number>): Uint8Array | null {
  if (sliding.size === 0) return null;
  const moving = new Uint8Array(table.length);
  for (let i = 0; i < table.length; i++) if (table.kind[i] === TILE && sliding.has(table.row[i]!)) moving[i] = 1;
  return moving;
}

/** Builds the layout/scroll timeline of one screen from its events. */
export function buildLayoutTimeline(events: readonly RecordedEvent[], options: TimelineOptions = {}): LayoutTimeline {
  return layoutTimeline(screenColumns(events), options);
}

const boxLists = new WeakMap<BoxTable, AoiBox[]>();

/** The boxes of a layout state as AoiBox objects (made once per box table). */
export function stateBoxes(state: LayoutState): AoiBox[] {
  let list = boxLists.get(state.table);
  if (!list) boxLists.set(state.table, (list = tableBoxes(state.table)));
  return list;
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
const LABEL_TYPES: Record<AoiBox['kind'], AoiLabel['type']> = { tile: 'Movie', title: 'Genre', forward: 'Forward', backward: 'Backward' };

/** Label of box i of a state. */
export function labelOf(state: LayoutState, i: number, rows: ScreenRows | undefined): AoiLabel {
  const t = state.table;
  const kind = BOX_KINDS[t.kind[i]!]!;
  const row = t.row[i]!;
  const label: AoiLabel = { type: LABEL_TYPES[kind], row };
  const page = state.pages[row - 1];
  if (page !== undefined) label.page = page;
  if (kind === 'tile') {
    const position = t.position[i]!;
    if (position) label.position = position;
    if (t.column[i]) label.column = t.column[i]!;
    // a box recorded without its movie: the screen's rows know which item sits at that position
    const movieId = Number.isNaN(t.movieId[i]!) && position ? rows?.items[row - 1]?.[position - 1] : t.movieId[i]!;
    if (movieId !== undefined && !Number.isNaN(movieId)) label.movieId = movieId;
  }
  const genre = rows?.genres[row - 1];
  if (genre !== undefined) label.genre = genre;
  return label;
}

export interface AoiHit {
  strict: AoiLabel;
  closest: AoiLabel;
  /** Index into state.table of the strict hit, −1 for Background. */
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
  const nb = state.table.length;
  const radius = radiusPx * (state.viewport.w / DESIGN_WIDTH);
  let bestD2 = radius * radius;
  let best = -1;
  const moving = state.moving;
  for (let i = 0; i < nb; i++) {
    if (moving && moving[i]) continue;
    const x0 = rects[i * 4]!;
    const y0 = rects[i * 4 + 1]!;
    const x1 = rects[i * 4 + 2]!;
    const y1 = rects[i * 4 + 3]!;
    const dx = x < x0 ? x0 - x : x > x1 ? x - x1 : 0;
    const dy = docY < y0 ? y0 - docY : docY > y1 ? docY - y1 : 0;
    if (dx === 0 && dy === 0) {
      const label = (state.labels[i] ??= labelOf(state, i, rows));
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
    closest: best >= 0 ? (state.labels[best] ??= labelOf(state, best, rows)) : BACKGROUND,
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
