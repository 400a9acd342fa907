import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../core/events.ts';
import { resumeState } from './resume-state.ts';

const layout = (offsets: number[], scrollY: number): RecordedEvent => ({
  kind: 'layout',
  t: 1,
  reason: 'load',
  viewport: { w: 1920, h: 945, dpr: 1 },
  scrollY,
  pages: offsets.map(() => 1),
  offsets,
  boxes: [],
});
const swipe = (row: number, offset: number): RecordedEvent => ({
  kind: 'swipe',
  t: 2,
  row,
  direction: 'forward',
  source: 'arrow',
  page: offset / 5 + 1,
  offset,
});

describe('resumeState()', () => {
  it('starts a fresh screen at page 1 everywhere', () => {
    expect(resumeState([], 3)).toEqual({ offsets: [0, 0, 0], scrollY: 0, resumed: false });
  });
  it('takes the last layout, then the swipes and scrolls recorded after it (a reload before the next frame)', () => {
    const events = [layout([0, 5, 0], 100), swipe(3, 5), { kind: 'scroll', t: 3, scrollY: 400 } as RecordedEvent, swipe(3, 10)];
    expect(resumeState(events, 3)).toEqual({ offsets: [0, 5, 10], scrollY: 400, resumed: true });
  });
  it('applies swipes without any layout, and ignores rows the screen does not have', () => {
    expect(resumeState([swipe(2, 5), swipe(9, 5)], 2)).toEqual({ offsets: [0, 5], scrollY: 0, resumed: true });
  });
});
