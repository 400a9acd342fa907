import type { RecordedEvent } from '../../core/events.ts';

export interface ResumeState {
  /** First-visible offset of each row. */
  offsets: number[];
  scrollY: number;
  /** Whether the screen had recorded events (a reload in the middle of it). */
  resumed: boolean;
}

/**
 * Where a screen was when its page went away: the last layout snapshot, then the swipes and
 * scrolls recorded after it (a swipe is recorded at the click; its snapshot waits for the next
 * frame, which a reload right after the click never draws).
 */
export function resumeState(events: readonly RecordedEvent[], rows: number): ResumeState {
  let offsets = Array.from({ length: rows }, () => 0);
  let scrollY = 0;
  let from = 0;
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!;
    if (e.kind === 'layout') {
      offsets = Array.from({ length: rows }, (_, r) => e.offsets[r] ?? 0);
      scrollY = e.scrollY;
      from = i + 1;
      break;
    }
  }
  for (let i = from; i < events.length; i++) {
    const e = events[i]!;
    if (e.kind === 'swipe' && e.row >= 1 && e.row <= rows) offsets[e.row - 1] = e.offset;
    else if (e.kind === 'scroll') scrollY = e.scrollY;
  }
  return { offsets, scrollY, resumed: events.length > 0 };
}
