import type { AoiBox, LayoutReason, RecordedEvent } from '../../../core/events.ts';
import { collectAoiBoxes } from '../../components/carousel/collect-aoi-boxes.ts';
import { pageOf } from '../../../core/layout/paging.ts';
import type { LayoutSettings } from '../../../core/study-config/schema.ts';
import type { GazeSource } from '../../tracking/gaze-source.ts';

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

export function layoutEvent(
  t: number,
  reason: LayoutReason,
  container: HTMLElement,
  offsets: number[],
  layout: LayoutSettings,
): RecordedEvent {
  const boxes: AoiBox[] = collectAoiBoxes(container);
  return {
    kind: 'layout',
    t,
    reason,
    viewport: { w: window.innerWidth, h: window.innerHeight, dpr: window.devicePixelRatio },
    scrollY: window.scrollY,
    pages: offsets.map((o) => pageOf(o, layout)),
    offsets: offsets.slice(),
    boxes,
  };
}

/**
 * Page-level recording for one screen: every cursor move (not throttled), clicks, wheel, scroll,
 * visibility, and the gaze stream. Returns a function that removes every listener.
 */
export function attachPageRecording(args: {
  record: (e: RecordedEvent) => void;
  clock: ScreenClock;
  gaze: GazeSource;
  onScrollSettled: () => void;
  onResize: () => void;
  onHidden: () => void;
}): () => void {
  const { record, clock } = args;
  let scrollTimer: ReturnType<typeof setTimeout> | undefined;
  let resizeTimer: ReturnType<typeof setTimeout> | undefined;
  const onMove = (e: MouseEvent) => record({ kind: 'cursor', t: clock.fromPerf(e.timeStamp), x: e.clientX, y: e.clientY });
  const onClick = (e: MouseEvent) =>
    record({ kind: 'click', t: clock.fromPerf(e.timeStamp), x: e.clientX, y: e.clientY, button: e.button });
  const onWheel = (e: WheelEvent) => record({ kind: 'wheel', t: clock.fromPerf(e.timeStamp), dx: e.deltaX, dy: e.deltaY });
  const onScroll = (e: Event) => {
    record({ kind: 'scroll', t: clock.fromPerf(e.timeStamp), scrollY: window.scrollY });
    clearTimeout(scrollTimer);
    scrollTimer = setTimeout(args.onScrollSettled, 150);
  };
  const onResize = () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(args.onResize, 100);
  };
  const onVisibility = () => {
    record({ kind: 'visibility', t: clock.now(), state: document.visibilityState === 'hidden' ? 'hidden' : 'visible' });
    if (document.visibilityState === 'hidden') args.onHidden();
  };
  const onPageHide = () => args.onHidden();
  const unsubscribeGaze = args.gaze.subscribe((s) => {
    const e: RecordedEvent = { kind: 'gaze', t: clock.fromPerf(s.t), x: s.x, y: s.y, source: s.source };
    if (s.lost) e.lost = s.lost;
    record(e);
  });
  const opts = { capture: true, passive: true } as const;
  document.addEventListener('mousemove', onMove, opts);
  document.addEventListener('click', onClick, opts);
  window.addEventListener('wheel', onWheel, opts);
  window.addEventListener('scroll', onScroll, opts);
  window.addEventListener('resize', onResize);
  document.addEventListener('visibilitychange', onVisibility);
  window.addEventListener('pagehide', onPageHide);
  return () => {
    clearTimeout(scrollTimer);
    clearTimeout(resizeTimer);
    unsubscribeGaze();
    document.removeEventListener('mousemove', onMove, opts);
    document.removeEventListener('click', onClick, opts);
    window.removeEventListener('wheel', onWheel, opts);
    window.removeEventListener('scroll', onScroll, opts);
    window.removeEventListener('resize', onResize);
    document.removeEventListener('visibilitychange', onVisibility);
    window.removeEventListener('pagehide', onPageHide);
  };
}
