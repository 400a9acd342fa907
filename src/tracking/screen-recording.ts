// The recording of one carousel screen, outside React: the screen clock, the page listeners, the
// recorder, the layout snapshots and the running data quality. Components only render and report
// what the participant did on the carousel (swipes, hovers, the selection).
import { computeScreenQuality } from '../../analysis/metrics.ts';
import type { AoiBox, GazeEvent, LayoutReason, RecordedEvent, SwipeSource } from '../../core/events.ts';
import { pageOf } from '../../core/layout/paging.ts';
import type { ChunkRecord, ScreenQuality, SelectionRecord } from '../../core/records.ts';
import type { LayoutSettings } from '../../core/study-config/schema.ts';
import type { GazeLabDb } from '../db/db.ts';
import { screenChunks } from '../db/sessions.ts';
import { EventRecorder } from './event-recorder.ts';
import type { GazeSource } from './gaze-source.ts';
import { resumeState, type ResumeState } from './resume-state.ts';
import type { SessionWriter } from './session-writer.ts';

export interface ScreenClock {
  /** ms since the screen started (continues across a reload via the stored start time). */
  now(): number;
  /** Converts a performance.now() stamp to screen time. */
  fromPerf(t: number): number;
}

export function screenClock(startedAtEpochMs: number, resumed: boolean): ScreenClock {
  const t0 = resumed ? performance.now() - (Date.now() - startedAtEpochMs) : performance.now();
  return { now: () => performance.now() - t0, fromPerf: (t) => t - t0 };
}

/** The tile the participant picked, as the carousel reports it. */
export interface PickedTile {
  row: number;
  position: number;
  column: number;
  page: number;
  movieId: number;
}

export interface ScreenRecordingOptions {
  sessionId: string;
  taskId: number;
  rows: number;
  layout: LayoutSettings;
  /** Epoch ms when the screen first started. */
  startedAt: number;
  gaze: GazeSource;
  writer: SessionWriter;
  /** Direct search: the target, so the selection can say whether it was found. */
  targetMovieId?: number | undefined;
  /** The rendered AOI boxes in document px (the component owns the DOM). */
  readBoxes: () => AoiBox[];
  /** The window was resized: the component renders at the new width, then calls snapshot('resize'). */
  onResize?: () => void;
}

export interface ScreenResult {
  selection: SelectionRecord;
  quality: ScreenQuality;
}

const mergeBySeq = (lists: readonly (readonly ChunkRecord[])[]): ChunkRecord[] => {
  const bySeq = new Map<number, ChunkRecord>();
  for (const list of lists) for (const c of list) if (!bySeq.has(c.seq)) bySeq.set(c.seq, c);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
};

/**
 * Opens a screen: reads what storage holds of it (a reload in the middle of the screen) and what
 * the session's writer still holds, and prepares its recording.
 */
export async function openScreenRecording(options: ScreenRecordingOptions, database?: GazeLabDb): Promise<ScreenRecording> {
  const stored = await screenChunks(options.sessionId, options.taskId, database).catch(() => [] as ChunkRecord[]);
  return new ScreenRecording(options, mergeBySeq([stored, options.writer.heldChunks(options.taskId)]));
}

export class ScreenRecording {
  readonly resume: ResumeState;
  readonly clock: ScreenClock;
  private readonly options: ScreenRecordingOptions;
  private readonly recorder: EventRecorder;
  private readonly gazeEvents: GazeEvent[] = [];
  private offsets: number[];
  private detachListeners: (() => void) | null = null;
  private attachedOnce = false;
  private done = false;

  constructor(options: ScreenRecordingOptions, stored: readonly ChunkRecord[]) {
    this.options = options;
    const events = stored.flatMap((c) => c.events);
    this.resume = resumeState(events, options.rows);
    this.offsets = this.resume.offsets.slice();
    for (const e of events) if (e.kind === 'gaze') this.gazeEvents.push(e);
    this.clock = screenClock(options.startedAt, this.resume.resumed);
    this.recorder = new EventRecorder({
      sessionId: options.sessionId,
      taskId: options.taskId,
      writer: options.writer,
      firstSeq: (stored.at(-1)?.seq ?? -1) + 1,
    });
    options.writer.retainScreen(options.taskId, stored);
  }

  /** Starts listening and recording (again after `detach`, as React's StrictMode does). */
  attach(): void {
    if (this.done || this.detachListeners) return;
    window.scrollTo(0, this.resume.scrollY);
    const first = !this.attachedOnce;
    this.attachedOnce = true;
    if (first && this.resume.resumed) this.record({ kind: 'resume', t: this.clock.now() });
    this.recorder.start();
    const unhook = this.options.writer.onBeforeWriteAhead(() => this.recorder.cut());
    const detachPage = this.attachPageListeners();
    this.detachListeners = () => {
      unhook();
      detachPage();
    };
    if (first) requestAnimationFrame(() => this.snapshot(this.resume.resumed ? 'resume' : 'load'));
  }

  /** Stops listening; what was recorded goes to the writer. */
  detach(): void {
    this.detachListeners?.();
    this.detachListeners = null;
    this.recorder.stop();
  }

  /** Records the AOI boxes as rendered now. */
  snapshot(reason: LayoutReason): void {
    if (this.done) return;
    this.record({
      kind: 'layout',
      t: this.clock.now(),
      reason,
      viewport: { w: window.innerWidth, h: window.innerHeight, dpr: window.devicePixelRatio },
      scrollY: window.scrollY,
      pages: this.offsets.map((o) => pageOf(o, this.options.layout)),
      offsets: this.offsets.slice(),
      boxes: this.options.readBoxes(),
    });
  }

  /** A swipe starts: the row slides to its new page (its boxes are recorded when the slide ends). */
  swipe(row: number, direction: 'forward' | 'backward', source: SwipeSource, offset: number, page: number, offsets: number[]): void {
    this.offsets = offsets.slice();
    this.record({ kind: 'swipe', t: this.clock.now(), row, direction, source, page, offset });
  }

  /** The row's slide has ended and its new tiles are rendered in place: record the end and their boxes. */
  swipeEnd(row: number, offset: number, page: number): void {
    this.record({ kind: 'swipe-end', t: this.clock.now(), row, page, offset });
    this.snapshot('swipe');
  }

  hover(phase: 'enter' | 'leave', tile: Pick<PickedTile, 'row' | 'position' | 'movieId'>): void {
    this.record({ kind: 'hover', t: this.clock.now(), phase, row: tile.row, position: tile.position, movieId: tile.movieId });
  }

  /** The participant picked a tile: the screen ends (nothing after the selection belongs to it). */
  select(tile: PickedTile, x: number, y: number): ScreenResult | null {
    if (this.done) return null;
    const t = this.clock.now();
    this.record({
      kind: 'selection',
      t,
      row: tile.row,
      position: tile.position,
      column: tile.column,
      page: tile.page,
      movieId: tile.movieId,
      x,
      y,
    });
    this.done = true;
    this.detach();
    this.options.writer.releaseScreen(this.options.taskId);
    const selection: SelectionRecord = { taskId: this.options.taskId, t, ...tile };
    if (this.options.targetMovieId !== undefined) selection.correct = tile.movieId === this.options.targetMovieId;
    return { selection, quality: this.quality() };
  }

  /** Data quality of the screen so far (every gaze sample, stored before a reload or recorded now). */
  quality(): ScreenQuality {
    return computeScreenQuality(this.gazeEvents);
  }

  get ended(): boolean {
    return this.done;
  }

  private record(e: RecordedEvent): void {
    if (this.done) return;
    if (e.kind === 'gaze') this.gazeEvents.push(e);
    this.recorder.push(e);
  }

  /** Every cursor move (not throttled), clicks, wheel, scroll, visibility, resize and the gaze stream. */
  private attachPageListeners(): () => void {
    const { clock } = this;
    let scrollTimer: ReturnType<typeof setTimeout> | undefined;
    let resizeTimer: ReturnType<typeof setTimeout> | undefined;
    const onMove = (e: MouseEvent) => this.record({ kind: 'cursor', t: clock.fromPerf(e.timeStamp), x: e.clientX, y: e.clientY });
    const onClick = (e: MouseEvent) =>
      this.record({ kind: 'click', t: clock.fromPerf(e.timeStamp), x: e.clientX, y: e.clientY, button: e.button });
    const onWheel = (e: WheelEvent) => this.record({ kind: 'wheel', t: clock.fromPerf(e.timeStamp), dx: e.deltaX, dy: e.deltaY });
    const onScroll = (e: Event) => {
      this.record({ kind: 'scroll', t: clock.fromPerf(e.timeStamp), scrollY: window.scrollY });
      clearTimeout(scrollTimer);
      scrollTimer = setTimeout(() => this.snapshot('scroll'), 150);
    };
    const onResize = () => {
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(() => this.options.onResize?.(), 100);
    };
    const onVisibility = () =>
      this.record({ kind: 'visibility', t: clock.now(), state: document.visibilityState === 'hidden' ? 'hidden' : 'visible' });
    const unsubscribeGaze = this.options.gaze.subscribe((s) => {
      const e: GazeEvent = { kind: 'gaze', t: clock.fromPerf(s.t), x: s.x, y: s.y, source: s.source };
      if (s.lost) e.lost = s.lost;
      this.record(e);
    });
    const opts = { capture: true, passive: true } as const;
    document.addEventListener('mousemove', onMove, opts);
    document.addEventListener('click', onClick, opts);
    window.addEventListener('wheel', onWheel, opts);
    window.addEventListener('scroll', onScroll, opts);
    window.addEventListener('resize', onResize);
    // Capture on window runs before the writer's own listener, so the event is in the write-ahead copy.
    window.addEventListener('visibilitychange', onVisibility, true);
    return () => {
      clearTimeout(scrollTimer);
      clearTimeout(resizeTimer);
      unsubscribeGaze();
      document.removeEventListener('mousemove', onMove, opts);
      document.removeEventListener('click', onClick, opts);
      window.removeEventListener('wheel', onWheel, opts);
      window.removeEventListener('scroll', onScroll, opts);
      window.removeEventListener('resize', onResize);
      window.removeEventListener('visibilitychange', onVisibility, true);
    };
  }
}

/**
 * Copies what the writer holds into the write-ahead log when the page is hidden or goes away,
 * for as long as the study runs. Returns a function that removes the listeners.
 */
export function writeAheadOnPageHide(writer: SessionWriter): () => void {
  const onHide = () => writer.writeAhead();
  const onVisibility = () => {
    if (document.visibilityState === 'hidden') onHide();
  };
  document.addEventListener('visibilitychange', onVisibility);
  window.addEventListener('pagehide', onHide);
  document.addEventListener('freeze', onHide);
  return () => {
    document.removeEventListener('visibilitychange', onVisibility);
    window.removeEventListener('pagehide', onHide);
    document.removeEventListener('freeze', onHide);
  };
}
