import { describe, expect, it } from 'vitest';
import type { ChunkRecord } from '../../core/records.ts';
import { EventRecorder } from './event-recorder.ts';

const cursor = (t: number) => ({ kind: 'cursor' as const, t, x: t, y: t });

describe('EventRecorder', () => {
  it('writes buffered events as one chunk per flush, in order', async () => {
    const written: ChunkRecord[] = [];
    const rec = new EventRecorder({ sessionId: 's', taskId: 3, sink: { writeChunks: async (c) => void written.push(...c) }, firstSeq: 4 });
    for (let i = 0; i < 100; i++) rec.push(cursor(i));
    await rec.flush();
    rec.push(cursor(100));
    await rec.stop();
    expect(written.map((c) => [c.seq, c.events.length])).toEqual([
      [4, 100],
      [5, 1],
    ]);
    expect(written.flatMap((c) => c.events.map((e) => e.t))).toEqual(Array.from({ length: 101 }, (_, i) => i));
  });

  it('keeps events in memory when a write fails and writes them once storage works again', async () => {
    let fail = true;
    const written: ChunkRecord[] = [];
    const errors: number[] = [];
    let recovered = 0;
    const rec = new EventRecorder({
      sessionId: 's',
      taskId: 1,
      sink: {
        writeChunks: async (c) => {
          if (fail) throw Object.assign(new Error('full'), { name: 'QuotaExceededError' });
          written.push(...c);
        },
      },
      onWriteError: (_e, pending) => errors.push(pending),
      onWriteRecovered: () => recovered++,
    });
    rec.push(cursor(1));
    await rec.flush();
    rec.push(cursor(2));
    await rec.flush();
    expect(errors).toEqual([1, 2]);
    expect(rec.pendingEvents()).toBe(2);
    expect(rec.unsavedChunks().flatMap((c) => c.events)).toHaveLength(2);
    fail = false;
    rec.push(cursor(3));
    await rec.flush();
    expect(recovered).toBe(1);
    expect(rec.pendingEvents()).toBe(0);
    expect(written.map((c) => c.seq)).toEqual([0, 1, 2]);
    expect(written.flatMap((c) => c.events.map((e) => e.t))).toEqual([1, 2, 3]);
  });

  it('shares one write between concurrent flushes without losing events', async () => {
    const written: ChunkRecord[] = [];
    const rec = new EventRecorder({
      sessionId: 's',
      taskId: 1,
      sink: { writeChunks: (c) => new Promise((r) => setTimeout(() => r(void written.push(...c)), 5)) },
    });
    rec.push(cursor(1));
    const a = rec.flush();
    rec.push(cursor(2));
    const b = rec.flush();
    await Promise.all([a, b]);
    expect(written.flatMap((c) => c.events.map((e) => e.t))).toEqual([1, 2]);
  });
});
