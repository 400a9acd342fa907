// Plain data shapes shared by the recorder, the exporter and the analysis library.
// Everything here is serialisable (IndexedDB, JSON, workers) and free of DOM types.

/** Where a gaze sample came from; every sample and every export names it. */
export type GazeSourceKind = 'webgazer' | 'worker' | 'mouse' | 'replay' | 'simulated';

/** Task type of a carousel screen (RecGaze: 0 practice, 1–30 free, 31–35 semi-free, 36–40 direct search). */
export type TaskType = 'practice' | 'free_browsing' | 'semi_free' | 'direct_search';

/** Why a gaze sample has no coordinates. */
export type GazeLossReason = 'no-face' | 'not-calibrated' | 'hidden' | 'error';

/** Axis-aligned box in CSS px. */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export type AoiKind = 'title' | 'tile' | 'backward' | 'forward';

/**
 * One area of interest as rendered. Boxes are in *document* CSS px (viewport px + scroll offset at
 * capture time), so a vertical scroll does not change them; horizontal paging does.
 */
export interface AoiBox extends Box {
  kind: AoiKind;
  /** Row, 1 = top. */
  row: number;
  /** Tiles only: visible column 1..visibleCount. */
  column?: number;
  /** Tiles only: position of the item in the row's list, 1..itemsPerRow. */
  position?: number;
  /** Tiles only: catalogue id of the item. */
  movieId?: number;
}

/** Screen-relative timestamps are ms from the screen's start (performance.now()-based). */
export interface GazeEvent {
  kind: 'gaze';
  t: number;
  /** Viewport CSS px; null when the tracker gave no prediction. */
  x: number | null;
  y: number | null;
  source: GazeSourceKind;
  lost?: GazeLossReason;
}
export interface CursorEvent {
  kind: 'cursor';
  t: number;
  x: number;
  y: number;
}
export interface ClickEvent {
  kind: 'click';
  t: number;
  x: number;
  y: number;
  button: number;
}
export interface WheelEvent_ {
  kind: 'wheel';
  t: number;
  dx: number;
  dy: number;
}
export interface ScrollEvent {
  kind: 'scroll';
  t: number;
  scrollY: number;
}
export type SwipeSource = 'arrow' | 'keyboard' | 'drag';
/** A swipe starts (the arrow click, key or drag); the row then slides for ~500 ms until its `swipe-end`. */
export interface SwipeEvent {
  kind: 'swipe';
  t: number;
  row: number;
  direction: 'forward' | 'backward';
  source: SwipeSource;
  /** Page shown after the swipe, 1-based (page = floor(offset / pageStep) + 1). */
  page: number;
  /** Index of the first visible item after the swipe, 0-based. */
  offset: number;
}
/**
 * The row's slide has ended: its new tiles stand in place (a `layout` event with reason `swipe`
 * follows with their boxes). Recordings made before the slide was animated have no such event: their
 * rows paged at the swipe's own time.
 */
export interface SwipeEndEvent {
  kind: 'swipe-end';
  t: number;
  row: number;
  /** Page and first visible offset shown now, as in the swipe that started the slide. */
  page: number;
  offset: number;
}
export interface HoverEvent {
  kind: 'hover';
  t: number;
  phase: 'enter' | 'leave';
  row: number;
  position: number;
  movieId: number;
}
export type LayoutReason = 'load' | 'resume' | 'scroll' | 'swipe' | 'resize';
export interface LayoutEvent {
  kind: 'layout';
  t: number;
  reason: LayoutReason;
  viewport: { w: number; h: number; dpr: number };
  scrollY: number;
  /** Current page of each row (index 0 = row 1), 1-based. */
  pages: number[];
  /** Current first-visible offset of each row, 0-based. */
  offsets: number[];
  boxes: AoiBox[];
}
export interface SelectionEvent {
  kind: 'selection';
  t: number;
  row: number;
  position: number;
  column: number;
  page: number;
  movieId: number;
  x: number;
  y: number;
}
/** Marks that recording of this screen continued after a reload or a restored tab. */
export interface ResumeEvent {
  kind: 'resume';
  t: number;
}
export interface VisibilityEvent {
  kind: 'visibility';
  t: number;
  state: 'visible' | 'hidden';
}

export type RecordedEvent =
  | GazeEvent
  | CursorEvent
  | ClickEvent
  | WheelEvent_
  | ScrollEvent
  | SwipeEvent
  | SwipeEndEvent
  | HoverEvent
  | LayoutEvent
  | SelectionEvent
  | ResumeEvent
  | VisibilityEvent;

export type RecordedEventKind = RecordedEvent['kind'];
