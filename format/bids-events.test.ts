import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../core/events.ts';
import { eventsRows, eventsSidecar, physioEventRows } from './bids.ts';
import { createSession } from './testing/create-session.ts';

// `_events.tsv` (onset, duration, trial_type, row, position, page, movie_id, source) of a screen with
// an animated swipe: its row has the slide as its duration and the slide's end has its own row.
const events: RecordedEvent[] = [
  { kind: 'hover', t: 200, phase: 'enter', row: 2, position: 3, movieId: 23 },
  { kind: 'swipe', t: 1000, row: 1, direction: 'forward', source: 'arrow', page: 2, offset: 5 },
  { kind: 'hover', t: 1100, phase: 'leave', row: 2, position: 3, movieId: 23 },
  { kind: 'swipe-end', t: 1512, row: 1, page: 2, offset: 5 },
  { kind: 'swipe', t: 2000, row: 3, direction: 'backward', source: 'keyboard', page: 3, offset: 10 },
  { kind: 'selection', t: 2300, row: 1, position: 6, column: 1, page: 2, movieId: 16, x: 100, y: 180 },
];

describe('BIDS _events.tsv rows', () => {
  it('gives a swipe its start as onset, the slide as duration, and a swipe_end row at the slide’s end', () => {
    expect(eventsRows(events)).toEqual([
      [0.2, 0.9, 'hover', 2, 3, null, 23, null],
      [1, 0.512, 'swipe_forward', 1, null, 2, null, 'arrow'],
      [1.512, 0, 'swipe_end', 1, null, 2, null, null],
      // a swipe whose end was not recorded (a reload during the slide, older recordings): duration 0
      [2, 0, 'swipe_backward', 3, null, 3, null, 'keyboard'],
      [2.3, 0, 'selection', 1, 6, 2, 16, null],
    ]);
  });

  it('describes swipe_end in the sidecar and puts the slide end into _physioevents', () => {
    const levels = (eventsSidecar(createSession().session, 'test').trial_type as { Levels: Record<string, string> }).Levels;
    expect(Object.keys(levels)).toEqual(expect.arrayContaining(['swipe_forward', 'swipe_backward', 'swipe_end', 'hover', 'selection']));
    expect(physioEventRows([], events).map((r) => r[3])).toEqual([
      'swipe row 1 forward to page 2 (arrow)',
      'swipe end row 1 at page 2',
      'swipe row 3 backward to page 3 (keyboard)',
      'selection row 1 position 6 movie 16',
    ]);
  });
});
