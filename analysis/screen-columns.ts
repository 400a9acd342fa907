// One screen's recording made into typed columns (core/screen-columns.ts): what the analysis needs
// of the event stream (gaze, cursor, clicks, scroll, swipes, layouts with their AOI boxes, the
// selection), made once per screen. A RecGaze-scale study is ~3 M gaze samples; as event objects (plus a copy of every AOI
// box in every layout event) that was ~1 GB in Node and ~800 MB of structured clone to read back
// from IndexedDB. As columns it is ~20 bytes a sample, and typed arrays clone as plain memory.
import type { AoiBox, GazeEvent, LayoutEvent, RecordedEvent, SwipeEndEvent, SwipeEvent } from '../core/events.ts';
import {
  BOX_KINDS,
  HAS_POINT,
  LAYOUT_REASONS,
  LOST_CODES,
  SCREEN_COLUMNS_VERSION,
  type BoxTable,
  type ColumnSelection,
  type GazeColumns,
  type LayoutColumns,
  type ScreenColumns,
} from '../core/screen-columns.ts';

/** Code of a sample without a point and without a recorded reason. */
const LOST_UNKNOWN = 0;
const LOST_INDEX = new Map<string, number>(LOST_CODES.map((c, i) => [c, i]));
const BOX_KIND_INDEX = new Map<string, number>(BOX_KINDS.map((k, i) => [k, i]));
const REASON_INDEX = new Map<string, number>(LAYOUT_REASONS.map((k, i) => [k, i]));

/** The events in time order (stable), without copying when they already are (the usual case). */
export function inTimeOrder(events: readonly RecordedEvent[]): readonly RecordedEvent[] {
  for (let i = 1; i < events.length; i++)
    if (events[i]!.t < events[i - 1]!.t)
      return events
        .map((e, k) => ({ e, k }))
        .sort((a, b) => a.e.t - b.e.t || a.k - b.k)
        .map((p) => p.e);
  return events;
}

function emptyTable(n: number): BoxTable {
  return {
    length: n,
    kind: new Uint8Array(n),
    row: new Uint16Array(n),
    column: new Uint16Array(n),
    position: new Uint16Array(n),
    movieId: new Float64Array(n),
    rect: new Float64Array(n * 4),
  };
}

function fillTable(t: BoxTable, boxes: readonly AoiBox[]): void {
  for (let i = 0; i < boxes.length; i++) {
    const b = boxes[i]!;
    const kind = BOX_KIND_INDEX.get(b.kind);
    if (kind === undefined) throw new Error(`AOI box ${i} has an unknown kind ${JSON.stringify(b.kind)}`);
    t.kind[i] = kind;
    t.row[i] = b.row;
    t.column[i] = b.column ?? 0;
    t.position[i] = b.position ?? 0;
    t.movieId[i] = b.movieId ?? NaN;
    t.rect[i * 4] = b.x;
    t.rect[i * 4 + 1] = b.y;
    t.rect[i * 4 + 2] = b.w;
    t.rect[i * 4 + 3] = b.h;
  }
}

const sameArray = (a: ArrayLike<number>, b: ArrayLike<number>): boolean => {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && !(Number.isNaN(a[i]!) && Number.isNaN(b[i]!))) return false;
  return true;
};

function sameTable(a: BoxTable, b: BoxTable): boolean {
  return (
    a.length === b.length &&
    sameArray(a.rect, b.rect) &&
    sameArray(a.kind, b.kind) &&
    sameArray(a.row, b.row) &&
    sameArray(a.column, b.column) &&
    sameArray(a.position, b.position) &&
    sameArray(a.movieId, b.movieId)
  );
}

export function boxTable(boxes: readonly AoiBox[]): BoxTable {
  const t = emptyTable(boxes.length);
  fillTable(t, boxes);
  return t;
}

/** Box i of a table as the recorded AoiBox. */
export function boxAt(table: BoxTable, i: number): AoiBox {
  const box: AoiBox = {
    kind: BOX_KINDS[table.kind[i]!]!,
    row: table.row[i]!,
    x: table.rect[i * 4]!,
    y: table.rect[i * 4 + 1]!,
    w: table.rect[i * 4 + 2]!,
    h: table.rect[i * 4 + 3]!,
  };
  if (table.column[i]) box.column = table.column[i]!;
  if (table.position[i]) box.position = table.position[i]!;
  if (!Number.isNaN(table.movieId[i]!)) box.movieId = table.movieId[i]!;
  return box;
}

export function tableBoxes(table: BoxTable): AoiBox[] {
  return Array.from({ length: table.length }, (_, i) => boxAt(table, i));
}

function lostCode(e: GazeEvent): number {
  return e.x !== null && e.y !== null ? HAS_POINT : (LOST_INDEX.get(e.lost ?? 'unknown') ?? LOST_UNKNOWN);
}

/** Gaze events as columns, in the order given. */
export function gazeColumns(events: readonly GazeEvent[]): GazeColumns {
  const n = events.length;
  const g: GazeColumns = { t: new Float64Array(n), x: new Float32Array(n), y: new Float32Array(n), lost: new Uint8Array(n) };
  for (let i = 0; i < n; i++) {
    const e = events[i]!;
    g.t[i] = e.t;
    g.lost[i] = lostCode(e);
    g.x[i] = g.lost[i] === HAS_POINT ? e.x! : NaN;
    g.y[i] = g.lost[i] === HAS_POINT ? e.y! : NaN;
  }
  return g;
}

type Typed = Float64Array | Float32Array | Uint8Array | Uint16Array | Int32Array;

/** Growable column for a screen's events: staged in a Float64Array (one store shape for all of them). */
class Staging<A extends Typed> {
  private buf = new Float64Array(64);
  length = 0;
  constructor(private readonly make: (n: number) => A) {}
  push(v: number): void {
    if (this.length === this.buf.length) {
      const next = new Float64Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = v;
  }
  get(i: number): number {
    return this.buf[i]!;
  }
  set(i: number, v: number): void {
    this.buf[i] = v;
  }
  done(): A {
    const out = this.make(this.length);
    out.set(this.buf.subarray(0, this.length));
    return out;
  }
}

/** Growable typed column kept in its own type (a fixation table's columns: few types, many rows). */
export class TypedColumn<A extends Float64Array | Float32Array | Int32Array> {
  private buf: A;
  length = 0;
  constructor(
    private readonly make: (n: number) => A,
    capacity = 64,
  ) {
    this.buf = make(Math.max(16, capacity));
  }
  push(v: number): void {
    if (this.length === this.buf.length) {
      const next = this.make(Math.ceil(this.buf.length * 1.5));
      next.set(this.buf as never);
      this.buf = next;
    }
    this.buf[this.length++] = v;
  }
  done(): A {
    return this.buf.length === this.length ? this.buf : (this.buf.slice(0, this.length) as A);
  }
}

const f64 = (n: number) => new Float64Array(n);
const f32 = (n: number) => new Float32Array(n);
const u8 = (n: number) => new Uint8Array(n);
const u16 = (n: number) => new Uint16Array(n);
const i32 = (n: number) => new Int32Array(n);

/**
 * Builds a screen's columns event by event (in time order), so a recorder or a loader can convert
 * as events arrive and never hold them all as objects.
 */
export class ScreenColumnsBuilder {
  private gt = new Staging(f64);
  private gx = new Staging(f32);
  private gy = new Staging(f32);
  private gl = new Staging(u8);
  private ct = new Staging(f64);
  private cx = new Staging(f32);
  private cy = new Staging(f32);
  private kt = new Staging(f64);
  private kx = new Staging(f32);
  private ky = new Staging(f32);
  private st = new Staging(f64);
  private sy = new Staging(f64);
  private wt = new Staging(f64);
  private wr = new Staging(u16);
  private wd = new Staging(u8);
  private wp = new Staging(i32);
  private wo = new Staging(i32);
  private we = new Staging(f64);
  private layouts: LayoutEvent[] = [];
  private selection: ColumnSelection | null = null;
  private lastT = -Infinity;
  private counts: Partial<Record<RecordedEvent['kind'], number>> = {};

  add(e: RecordedEvent): void {
    if (e.t < this.lastT) throw new Error(`events must be added in time order (t ${e.t} after ${this.lastT})`);
    this.lastT = e.t;
    this.counts[e.kind] = (this.counts[e.kind] ?? 0) + 1;
    switch (e.kind) {
      case 'gaze': {
        const lost = lostCode(e);
        this.gt.push(e.t);
        this.gx.push(lost === HAS_POINT ? e.x! : NaN);
        this.gy.push(lost === HAS_POINT ? e.y! : NaN);
        this.gl.push(lost);
        break;
      }
      case 'cursor':
        this.ct.push(e.t);
        this.cx.push(e.x);
        this.cy.push(e.y);
        break;
      case 'click':
        this.kt.push(e.t);
        this.kx.push(e.x);
        this.ky.push(e.y);
        break;
      case 'scroll':
        this.st.push(e.t);
        this.sy.push(e.scrollY);
        break;
      case 'layout':
        this.st.push(e.t);
        this.sy.push(e.scrollY);
        this.layouts.push(e);
        break;
      case 'swipe':
        this.addSwipe(e);
        break;
      case 'swipe-end':
        this.addSwipeEnd(e);
        break;
      case 'selection':
        this.selection ??= { t: e.t, row: e.row, position: e.position, column: e.column, page: e.page, movieId: e.movieId };
        break;
      default:
        break;
    }
  }

  private addSwipe(e: SwipeEvent): void {
    this.wt.push(e.t);
    this.wr.push(e.row);
    this.wd.push(e.direction === 'backward' ? 1 : 0);
    this.wp.push(e.page);
    this.wo.push(e.offset);
    this.we.push(NaN);
  }

  /** Ends the row's latest swipe that has no end yet (a row slides once at a time). */
  private addSwipeEnd(e: SwipeEndEvent): void {
    for (let i = this.wt.length - 1; i >= 0; i--) {
      if (this.wr.get(i) !== e.row) continue;
      if (Number.isNaN(this.we.get(i))) this.we.set(i, e.t);
      return;
    }
  }

  finish(): ScreenColumns {
    return packColumns({
      version: SCREEN_COLUMNS_VERSION,
      gaze: { t: this.gt.done(), x: this.gx.done(), y: this.gy.done(), lost: this.gl.done() },
      cursor: { t: this.ct.done(), x: this.cx.done(), y: this.cy.done() },
      clicks: { t: this.kt.done(), x: this.kx.done(), y: this.ky.done() },
      scroll: { t: this.st.done(), y: this.sy.done() },
      swipes: {
        t: this.wt.done(),
        row: this.wr.done(),
        direction: this.wd.done(),
        page: this.wp.done(),
        offset: this.wo.done(),
        end: this.we.done(),
      },
      layouts: layoutColumns(this.layouts),
      selection: this.selection,
      lastT: Number.isFinite(this.lastT) ? this.lastT : 0,
      counts: this.counts,
    });
  }
}

/**
 * The same columns as views on one ArrayBuffer, and box-table fields that repeat (a swipe changes
 * only positions and movie ids) stored once: a screen is one allocation instead of ~40, which is
 * most of the memory of a study's ~3,500 screens, and IndexedDB clones one buffer per screen.
 */
function packColumns(c: ScreenColumns): ScreenColumns {
  const unique: Typed[] = [];
  const canon = new Map<Typed, Typed>();
  const take = (a: Typed, dedupe = false): void => {
    if (canon.has(a)) return;
    if (dedupe)
      for (const u of unique)
        if (u.constructor === a.constructor && u.length === a.length && sameArray(u, a)) {
          canon.set(a, u);
          return;
        }
    canon.set(a, a);
    unique.push(a);
  };
  const { gaze, cursor, clicks, scroll, swipes, layouts: L } = c;
  for (const a of [gaze.t, gaze.x, gaze.y, gaze.lost, cursor.t, cursor.x, cursor.y, clicks.t, clicks.x, clicks.y, scroll.t, scroll.y])
    take(a);
  for (const a of [swipes.t, swipes.row, swipes.direction, swipes.page, swipes.offset, swipes.end]) take(a);
  for (const a of [L.t, L.reason, L.vw, L.vh, L.dpr, L.scrollY, L.table, L.rowCount, L.pages, L.offsets]) take(a);
  for (const b of L.tables) for (const a of [b.kind, b.row, b.column, b.position, b.movieId, b.rect]) take(a, true);
  let bytes = 0;
  const offsets = unique.map((a) => {
    const at = Math.ceil(bytes / 8) * 8;
    bytes = at + a.byteLength;
    return at;
  });
  const buffer = new ArrayBuffer(Math.ceil(bytes / 8) * 8);
  const view = new Map<Typed, Typed>();
  unique.forEach((a, i) => {
    const Ctor = a.constructor as new (b: ArrayBuffer, offset: number, length: number) => Typed;
    const v = new Ctor(buffer, offsets[i]!, a.length);
    v.set(a);
    view.set(a, v);
  });
  const v = <T extends Typed>(a: T): T => view.get(canon.get(a)!) as T;
  return {
    ...c,
    gaze: { t: v(gaze.t), x: v(gaze.x), y: v(gaze.y), lost: v(gaze.lost) },
    cursor: { t: v(cursor.t), x: v(cursor.x), y: v(cursor.y) },
    clicks: { t: v(clicks.t), x: v(clicks.x), y: v(clicks.y) },
    scroll: { t: v(scroll.t), y: v(scroll.y) },
    swipes: {
      t: v(swipes.t),
      row: v(swipes.row),
      direction: v(swipes.direction),
      page: v(swipes.page),
      offset: v(swipes.offset),
      end: v(swipes.end),
    },
    layouts: {
      ...L,
      t: v(L.t),
      reason: v(L.reason),
      vw: v(L.vw),
      vh: v(L.vh),
      dpr: v(L.dpr),
      scrollY: v(L.scrollY),
      table: v(L.table),
      rowCount: v(L.rowCount),
      pages: v(L.pages),
      offsets: v(L.offsets),
      tables: L.tables.map((b) => ({
        length: b.length,
        kind: v(b.kind),
        row: v(b.row),
        column: v(b.column),
        position: v(b.position),
        movieId: v(b.movieId),
        rect: v(b.rect),
      })),
    },
  };
}

function layoutColumns(layouts: readonly LayoutEvent[]): LayoutColumns {
  const n = layouts.length;
  let stride = 0;
  for (const e of layouts) stride = Math.max(stride, e.pages.length, e.offsets.length);
  const out: LayoutColumns = {
    t: new Float64Array(n),
    reason: new Uint8Array(n),
    vw: new Float64Array(n),
    vh: new Float64Array(n),
    dpr: new Float64Array(n),
    scrollY: new Float64Array(n),
    table: new Uint16Array(n),
    rowCount: new Uint16Array(n),
    stride,
    pages: new Int32Array(n * stride),
    offsets: new Int32Array(n * stride),
    tables: [],
  };
  const lists: (readonly AoiBox[])[] = [];
  let scratch = emptyTable(0);
  for (let i = 0; i < n; i++) {
    const e = layouts[i]!;
    out.t[i] = e.t;
    out.reason[i] = REASON_INDEX.get(e.reason) ?? 0;
    out.vw[i] = e.viewport.w;
    out.vh[i] = e.viewport.h;
    out.dpr[i] = e.viewport.dpr;
    out.scrollY[i] = e.scrollY;
    out.rowCount[i] = e.pages.length;
    for (let r = 0; r < e.pages.length; r++) out.pages[i * stride + r] = e.pages[r]!;
    for (let r = 0; r < e.offsets.length; r++) out.offsets[i * stride + r] = e.offsets[r]!;
    // Mostly the previous list again (a scroll) or a recent one (a swipe back): search from the end.
    let k = lists.lastIndexOf(e.boxes);
    if (k < 0) {
      if (scratch.length !== e.boxes.length) scratch = emptyTable(e.boxes.length);
      fillTable(scratch, e.boxes);
      k = out.tables.length - 1;
      while (k >= 0 && !sameTable(out.tables[k]!, scratch)) k--;
      if (k < 0) {
        k = out.tables.length;
        out.tables.push(scratch);
        scratch = emptyTable(0);
      }
      lists[k] = e.boxes;
    }
    out.table[i] = k;
  }
  return out;
}

/** A screen's recorded events (any order) as columns. */
export function screenColumns(events: readonly RecordedEvent[]): ScreenColumns {
  const b = new ScreenColumnsBuilder();
  for (const e of inTimeOrder(events)) b.add(e);
  return b.finish();
}

/** Layout event i as recorded (for code that draws or exports a layout). */
export function layoutAt(l: LayoutColumns, i: number): LayoutEvent {
  const rows = l.rowCount[i]!;
  const base = i * l.stride;
  return {
    kind: 'layout',
    t: l.t[i]!,
    reason: LAYOUT_REASONS[l.reason[i]!]!,
    viewport: { w: l.vw[i]!, h: l.vh[i]!, dpr: l.dpr[i]! },
    scrollY: l.scrollY[i]!,
    pages: Array.from(l.pages.subarray(base, base + rows)),
    offsets: Array.from(l.offsets.subarray(base, base + rows)),
    boxes: tableBoxes(l.tables[l.table[i]!]!),
  };
}

/** Number of gaze samples with a point. */
export function gazeWithPoint(g: GazeColumns): number {
  let n = 0;
  for (let i = 0; i < g.lost.length; i++) if (g.lost[i] === HAS_POINT) n++;
  return n;
}
