import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChunkRecord, TailRecord } from '../../core/records.ts';
import { EventRecorder, type ChunkWriter } from './event-recorder.ts';

const cursor = (t: number) => ({ kind: 'cursor' as const, t, x: t, y: t });

function fakeWriter() {
  const chunks: ChunkRecord[] = [];
  const tails: TailRecord[] = [];
  let flushes = 0;
  const writer: ChunkWriter = {
    addChunks: (c) => void chunks.push(...c),
    setTail: (t) => void tails.push(t),
    flush: async () => void flushes++,
  };
  return { writer, chunks, tails, flushes: () => flushes };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('EventRecorder', () => {
  it('cuts the buffer into one chunk per interval, numbered from firstSeq, in order', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'performance'] });
    const w = fakeWriter();
    const rec = new EventRecorder({ sessionId: 's', taskId: 3, writer: w.writer, firstSeq: 4 });
    rec.start();
    for (let i = 0; i < 100; i++) rec.push(cursor(i));
    vi.advanceTimersByTime(500);
    rec.push(cursor(100));
    rec.stop();
    expect(w.chunks.map((c) => [c.seq, c.events.length, c.schemaVersion])).toEqual([
      [4, 100, 2],
      [5, 1, 2],
    ]);
    expect(w.chunks.flatMap((c) => c.events.map((e) => e.t))).toEqual(Array.from({ length: 101 }, (_, i) => i));
    expect(rec.nextSeq).toBe(6);
  });

  it('writes the uncut buffer as the tail every 50 ms, only when it grew, with the seq it will be cut as', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'performance'] });
    const w = fakeWriter();
    const rec = new EventRecorder({ sessionId: 's', taskId: 1, writer: w.writer });
    rec.start();
    rec.push(cursor(1));
    vi.advanceTimersByTime(50);
    vi.advanceTimersByTime(50); // nothing new: no tail
    rec.push(cursor(2));
    vi.advanceTimersByTime(50);
    expect(w.tails.map((t) => [t.seq, t.events.map((e) => e.t)])).toEqual([
      [0, [1]],
      [0, [1, 2]],
    ]);
    expect(w.flushes()).toBe(2);
    vi.advanceTimersByTime(350); // 500 ms since start: cut
    expect(w.chunks.map((c) => [c.seq, c.events.length])).toEqual([[0, 2]]);
    rec.push(cursor(3));
    vi.advanceTimersByTime(50);
    expect(w.tails.at(-1)).toMatchObject({ seq: 1, events: [cursor(3)] });
    rec.stop();
  });

  it('cut() hands over what is buffered at once (pagehide), and an empty buffer cuts nothing', () => {
    const w = fakeWriter();
    const rec = new EventRecorder({ sessionId: 's', taskId: 1, writer: w.writer });
    rec.cut();
    rec.push(cursor(1));
    rec.cut();
    rec.cut();
    expect(w.chunks.map((c) => c.seq)).toEqual([0]);
    expect(rec.recorded).toBe(1);
  });
});
