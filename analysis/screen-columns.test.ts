import { describe, expect, it } from 'vitest';
import { layoutAt, screenColumns, tableBoxes } from './screen-columns.ts';
import { HAS_POINT, LOST_CODES } from '../core/screen-columns.ts';
import { generateSyntheticDataset } from './synthetic.ts';
import type { LayoutEvent, RecordedEvent } from '../core/events.ts';

const events = generateSyntheticDataset({ participants: 1, screens: 2, secondsPerScreen: 20, seed: 3, events: true }).dataset.sessions[0]!
  .screens[1]!.events!;

describe('screenColumns()', () => {
  it('returns every gaze, cursor, click, scroll and swipe event as one row of its columns, in time order', () => {
    const withCursor: RecordedEvent[] = [...events, { kind: 'cursor', t: 5, x: 10, y: 20 }, { kind: 'cursor', t: 7, x: 11, y: 21 }];
    const c = screenColumns(withCursor);
    const count = (k: RecordedEvent['kind']) => withCursor.filter((e) => e.kind === k).length;
    expect(c.gaze.t.length).toBe(count('gaze'));
    expect(c.cursor.t.length).toBe(2);
    expect(c.clicks.t.length).toBe(count('click'));
    expect(c.swipes.t.length).toBe(count('swipe'));
    expect(c.layouts.t.length).toBe(count('layout'));
    expect(c.scroll.t.length).toBe(count('scroll') + count('layout'));
    for (const k of ['gaze', 'cursor', 'click', 'scroll', 'swipe', 'layout', 'selection', 'wheel'] as const)
      expect(c.counts[k] ?? 0).toBe(count(k));
    expect(Array.from(c.cursor.x)).toEqual([10, 11]);
    for (let i = 1; i < c.gaze.t.length; i++) expect(c.gaze.t[i]!).toBeGreaterThanOrEqual(c.gaze.t[i - 1]!);
    expect(c.lastT).toBe(Math.max(...withCursor.map((e) => e.t)));
  });

  it('returns NaN and the loss reason for samples without a point, the point otherwise', () => {
    const c = screenColumns([
      { kind: 'gaze', t: 0, x: 100.25, y: 50, source: 'webgazer' },
      { kind: 'gaze', t: 33, x: null, y: null, source: 'webgazer', lost: 'no-face' },
      { kind: 'gaze', t: 66, x: null, y: null, source: 'webgazer', lost: 'hidden' },
      { kind: 'gaze', t: 99, x: null, y: null, source: 'webgazer' },
    ]);
    expect(Array.from(c.gaze.x)).toEqual([100.25, NaN, NaN, NaN]);
    expect(Array.from(c.gaze.lost)).toEqual([HAS_POINT, LOST_CODES.indexOf('no-face'), LOST_CODES.indexOf('hidden'), 0]);
  });

  it('stores a box list once for all the layouts that repeat it and gives each layout back as recorded', () => {
    const layouts = events.filter((e): e is LayoutEvent => e.kind === 'layout');
    const copies = layouts.map((l) => structuredClone(l)); // as read from IndexedDB: no shared arrays
    const c = screenColumns(copies);
    const distinct = new Set(layouts.map((l) => JSON.stringify(l.boxes))).size;
    expect(layouts.length).toBeGreaterThan(distinct);
    expect(c.layouts.tables).toHaveLength(distinct);
    layouts.forEach((l, i) => expect(layoutAt(c.layouts, i)).toEqual(l));
    expect(tableBoxes(c.layouts.tables[0]!)).toEqual(layouts[0]!.boxes);
  });

  it('returns the same columns for events that arrived in batches out of order', () => {
    const shuffled = [...events.slice(200), ...events.slice(0, 200)];
    expect(screenColumns(shuffled)).toEqual(screenColumns(events));
  });

  it('returns the first selection event as the selection', () => {
    const sel = events.find((e) => e.kind === 'selection')!;
    expect(screenColumns(events).selection).toMatchObject({ t: sel.t, row: (sel as { row: number }).row });
  });
});
