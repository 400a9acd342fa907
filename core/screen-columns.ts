// The columnar form of one screen's recording (made by analysis/screen-columns.ts), as the
// analysis reads it and as IndexedDB stores it for finished sessions: typed arrays per kind of
// event, AOI box lists stored once per screen. The codes below are part of the stored format.
import type { SelectionRecord } from './records.ts';
import type { AoiKind, GazeLossReason, LayoutReason, RecordedEvent } from './events.ts';

/** Version of this shape; stored with every columnar record so a later change can tell old ones. */
export const SCREEN_COLUMNS_VERSION = 2;

/** Gaze samples; x/y are viewport CSS px, NaN when the tracker gave no point. */
export interface GazeColumns {
  /** ms from screen start, in time order. */
  t: Float64Array;
  x: Float32Array;
  y: Float32Array;
  /** HAS_POINT, or why the sample has none (an index into LOST_CODES). */
  lost: Uint8Array;
}

export interface PointColumns {
  t: Float64Array;
  x: Float32Array;
  y: Float32Array;
}

/** Distinct AOI box lists of a screen (a scroll does not change document-px boxes: one list serves many layouts). */
export interface BoxTable {
  length: number;
  kind: Uint8Array;
  row: Uint16Array;
  /** 0 = none (titles, arrows). */
  column: Uint16Array;
  position: Uint16Array;
  /** NaN = none. */
  movieId: Float64Array;
  /** x, y, w, h per box (document CSS px, as recorded). */
  rect: Float64Array;
}

/** The layout events of a screen, one index per event. */
export interface LayoutColumns {
  t: Float64Array;
  reason: Uint8Array;
  vw: Float64Array;
  vh: Float64Array;
  dpr: Float64Array;
  scrollY: Float64Array;
  /** Index into `tables` of the event's boxes. */
  table: Uint16Array;
  /** Rows per event (pages / offsets length) and the stride of pages / offsets. */
  rowCount: Uint16Array;
  stride: number;
  /** Current page (1-based) and first-visible offset (0-based) of each row, `stride` per event. */
  pages: Int32Array;
  offsets: Int32Array;
  tables: BoxTable[];
}

export interface SwipeColumns {
  t: Float64Array;
  row: Uint16Array;
  /** 0 forward, 1 backward. */
  direction: Uint8Array;
  page: Int32Array;
  offset: Int32Array;
  /** When the row's slide ended (its `swipe-end`); NaN when none was recorded (the row paged at `t`). Since version 2. */
  end: Float64Array;
}

export type ColumnSelection = Omit<SelectionRecord, 'taskId' | 'correct'>;

export interface ScreenColumns {
  version: typeof SCREEN_COLUMNS_VERSION;
  gaze: GazeColumns;
  cursor: PointColumns;
  clicks: PointColumns;
  /** scrollY of every layout and scroll event, in recorded order (the scroll timeline). */
  scroll: { t: Float64Array; y: Float64Array };
  swipes: SwipeColumns;
  layouts: LayoutColumns;
  /** The first selection event, if any. */
  selection: ColumnSelection | null;
  /** Time of the last event (0 for none). */
  lastT: number;
  /** Events of each kind, so a conversion can be checked for loss. */
  counts: Partial<Record<RecordedEvent['kind'], number>>;
}

export const LOST_CODES: readonly (GazeLossReason | 'unknown')[] = ['unknown', 'no-face', 'not-calibrated', 'hidden', 'error'];
/** lost[i] for a sample with a point. */
export const HAS_POINT = 255;

export const BOX_KINDS: readonly AoiKind[] = ['title', 'tile', 'backward', 'forward'];
export const LAYOUT_REASONS: readonly LayoutReason[] = ['load', 'resume', 'scroll', 'swipe', 'resize'];
