import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../events.ts';
import { generateSyntheticScreen, syntheticRows } from '../../analysis/synthetic.ts';
import { recgazePageSpec } from '../layout/layout-boxes.ts';
import { EVENT_KINDS, RecordedEventSchema, type WireEvent } from './events.ts';

// The wire schema and the recorder's types must describe the same events: a field added to one
// and not the other fails the type check here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShape: Same<WireEvent, RecordedEvent> = true;

const ONE_OF_EACH: RecordedEvent[] = [
  { kind: 'gaze', t: 1.5, x: 10, y: 20, source: 'webgazer' },
  { kind: 'gaze', t: 2, x: null, y: null, source: 'webgazer', lost: 'no-face' },
  { kind: 'cursor', t: 3, x: 1, y: 2 },
  { kind: 'click', t: 4, x: 1, y: 2, button: 0 },
  { kind: 'wheel', t: 5, dx: 0, dy: -120 },
  { kind: 'scroll', t: 6, scrollY: 300 },
  { kind: 'swipe', t: 7, row: 2, direction: 'forward', source: 'arrow', page: 2, offset: 5 },
  { kind: 'hover', t: 8, phase: 'enter', row: 1, position: 3, movieId: 42 },
  {
    kind: 'layout',
    t: 9,
    reason: 'load',
    viewport: { w: 1920, h: 945, dpr: 1 },
    scrollY: 0,
    pages: [1, 1],
    offsets: [0, 0],
    boxes: [
      { x: 0, y: 0, w: 300, h: 30, kind: 'title', row: 1 },
      { x: 0, y: 40, w: 342, h: 193, kind: 'tile', row: 1, column: 1, position: 1, movieId: 7 },
    ],
  },
  { kind: 'selection', t: 10, row: 1, position: 1, column: 1, page: 1, movieId: 7, x: 100, y: 200 },
  { kind: 'resume', t: 11 },
  { kind: 'visibility', t: 12, state: 'hidden' },
  { kind: 'swipe-end', t: 13, row: 2, page: 2, offset: 5 },
];

function firstIssuePath(value: unknown): string | undefined {
  const r = v.safeParse(RecordedEventSchema, value, { abortEarly: true });
  return r.success ? undefined : (v.getDotPath(r.issues[0]) ?? '(root)');
}

describe('RecordedEventSchema', () => {
  it('accepts one event of every kind the recorder writes', () => {
    expect(sameShape).toBe(true);
    expect(new Set(ONE_OF_EACH.map((e) => e.kind))).toEqual(new Set(EVENT_KINDS));
    for (const e of ONE_OF_EACH) expect(v.safeParse(RecordedEventSchema, e).success, e.kind).toBe(true);
  });

  it('accepts a synthetic RecGaze screen (gaze, layouts, swipes, clicks, selection)', () => {
    const rows = syntheticRows(1);
    const spec = recgazePageSpec({ w: 1920, h: 945 }, rows.genres, rows.items);
    const { events } = generateSyntheticScreen({ spec, durationMs: 20000, source: 'webgazer' });
    expect(events.length).toBeGreaterThan(500);
    const bad = events.filter((e) => !v.safeParse(RecordedEventSchema, e).success);
    expect(bad).toEqual([]);
  });

  it('refuses unknown kinds, unknown fields, non-finite numbers and out-of-range values, naming the field', () => {
    expect(firstIssuePath({ kind: 'keypress', t: 1 })).toBe('kind');
    expect(firstIssuePath({ kind: 'cursor', t: 1, x: 1, y: 2, extra: true })).toBe('extra');
    expect(firstIssuePath({ kind: 'cursor', t: Infinity, x: 1, y: 2 })).toBe('t');
    expect(firstIssuePath({ kind: 'cursor', t: 1, x: '1', y: 2 })).toBe('x');
    expect(firstIssuePath({ kind: 'gaze', t: 1, x: 1, y: 2, source: 'webgazer', lost: 'asleep' })).toBe('lost');
    expect(firstIssuePath({ kind: 'swipe', t: 1, row: 0, direction: 'forward', source: 'arrow', page: 1, offset: 0 })).toBe('row');
    expect(firstIssuePath({ kind: 'scroll', t: 1e12, scrollY: 0 })).toBe('t');
    const layout = ONE_OF_EACH[8] as Extract<RecordedEvent, { kind: 'layout' }>;
    expect(firstIssuePath({ ...layout, boxes: [{ ...layout.boxes[0], w: -1 }] })).toBe('boxes.0.w');
  });
});
