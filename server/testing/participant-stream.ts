import type { RecordedEvent } from '../../core/events.ts';
import { buildLayoutBoxes, buildLayoutEvent, recgazePageSpec } from '../../core/layout/layout-boxes.ts';
import { createRng } from '../../analysis/random.ts';

// A RecGaze-like screen as the recorder would cut it: 30 Hz gaze (3 % lost), cursor moves
// (60 Hz while moving, a third of the time), hovers, a wheel scroll every ~6 s and an arrow
// swipe every ~9 s each followed by a full layout event (the 10 × 15 page's ~190 AOI boxes),
// a selection at the end; chunks of 500 ms of screen time.

export const CHUNK_MS = 500;

export interface StreamChunk {
  taskId: number;
  seq: number;
  events: RecordedEvent[];
}

export interface ScreenStream {
  taskId: number;
  durationMs: number;
  chunks: StreamChunk[];
  events: number;
  rawBytes: number;
}

export function screenStream(taskId: number, durationMs: number, seed: number): ScreenStream {
  const rng = createRng(seed * 1000 + taskId);
  const spec = recgazePageSpec({ w: 1536, h: 730 });
  const offsets = new Array<number>(spec.genres.length).fill(0);
  let boxes = buildLayoutBoxes(spec, offsets);
  let scrollY = 0;
  const events: RecordedEvent[] = [buildLayoutEvent(spec, 3, 'load', scrollY, offsets, boxes)];
  let cx = 700;
  let cy = 400;
  for (let t = 10; t < durationMs; t += 1000 / 60) {
    const frame = Math.round(t * 10) / 10;
    if (Math.floor(t / 33.333) !== Math.floor((t - 1000 / 60) / 33.333)) {
      events.push(
        rng.next() < 0.03
          ? { kind: 'gaze', t: frame, x: null, y: null, source: 'webgazer', lost: 'no-face' }
          : { kind: 'gaze', t: frame, x: Math.round(cx + rng.normal() * 80), y: Math.round(cy + rng.normal() * 60), source: 'webgazer' },
      );
    }
    if (Math.floor(t / 2000) % 3 === 0) {
      cx = Math.min(1530, Math.max(0, cx + rng.normal() * 12));
      cy = Math.min(725, Math.max(0, cy + rng.normal() * 8));
      events.push({ kind: 'cursor', t: frame, x: Math.round(cx), y: Math.round(cy) });
    }
    if (rng.next() < 1 / 60) {
      const row = 1 + Math.floor(rng.next() * spec.genres.length);
      const position = 1 + Math.floor(rng.next() * 5);
      events.push({ kind: 'hover', t: frame, phase: rng.next() < 0.5 ? 'enter' : 'leave', row, position, movieId: row * 100 + position });
    }
    if (rng.next() < 1 / (6 * 60)) {
      scrollY = Math.max(0, scrollY + (rng.next() < 0.7 ? 300 : -300));
      events.push({ kind: 'wheel', t: frame, dx: 0, dy: 100 }, { kind: 'scroll', t: frame + 5, scrollY });
      events.push(buildLayoutEvent(spec, frame + 150, 'scroll', scrollY, offsets, boxes));
    }
    if (rng.next() < 1 / (9 * 60)) {
      const row = Math.floor(rng.next() * spec.genres.length);
      offsets[row] = (offsets[row]! + 5) % 15;
      boxes = buildLayoutBoxes(spec, offsets);
      events.push({ kind: 'click', t: frame, x: 1500, y: Math.round(cy), button: 0 });
      events.push({
        kind: 'swipe',
        t: frame + 1,
        row: row + 1,
        direction: 'forward',
        source: 'arrow',
        page: offsets[row]! / 5 + 1,
        offset: offsets[row]!,
      });
      events.push(buildLayoutEvent(spec, frame + 2, 'swipe', scrollY, offsets, boxes));
    }
  }
  const end = durationMs - 1;
  events.push({ kind: 'click', t: end, x: Math.round(cx), y: Math.round(cy), button: 0 });
  events.push({
    kind: 'selection',
    t: end + 0.5,
    row: 2,
    position: 3,
    column: 3,
    page: 1,
    movieId: 203,
    x: Math.round(cx),
    y: Math.round(cy),
  });
  events.sort((a, b) => a.t - b.t);
  const chunks: StreamChunk[] = [];
  let current: RecordedEvent[] = [];
  let cut = CHUNK_MS;
  for (const e of events) {
    while (e.t >= cut) {
      if (current.length) chunks.push({ taskId, seq: chunks.length, events: current });
      current = [];
      cut += CHUNK_MS;
    }
    current.push(e);
  }
  if (current.length) chunks.push({ taskId, seq: chunks.length, events: current });
  return { taskId, durationMs, chunks, events: events.length, rawBytes: JSON.stringify(events).length - 2 };
}
