// Runs inside Chromium (served by Vite): the real EventRecorder writing into the real IndexedDB
// through the app's Dexie layer.
import type { RecordedEvent } from '../core/events.ts';
import { GazeLabDb } from '../src/db/db.ts';
import { writeBatch, type WriteBatch } from '../src/db/sessions.ts';
import { EventRecorder } from '../src/tracking/event-recorder.ts';
import { SessionWriter } from '../src/tracking/session-writer.ts';
import { WriteAheadLog } from '../src/tracking/write-ahead-log.ts';

export interface RecorderBenchResult {
  label: string;
  events: number;
  seconds: number;
  eventsPerSecond: number;
  pushMsPerEvent: number;
  writeCallMsPerEvent: number;
  mainThreadMsPerEvent: number;
  stored: number;
}

function makeEvent(i: number, t: number): RecordedEvent {
  switch (i % 4) {
    case 0:
      return { kind: 'gaze', t, x: 500 + (i % 300), y: 300 + (i % 200), source: 'webgazer' };
    case 1:
      return { kind: 'cursor', t, x: i % 1920, y: i % 945 };
    case 2:
      return { kind: 'gaze', t, x: null, y: null, source: 'webgazer', lost: 'no-face' };
    default:
      return { kind: 'scroll', t, scrollY: i % 2500 };
  }
}

async function run(label: string, db: GazeLabDb, rate: number | 'max', seconds: number): Promise<RecorderBenchResult> {
  let writeMs = 0;
  const sink = {
    write: (batch: WriteBatch) => {
      const t0 = performance.now();
      const p = writeBatch(batch, db); // structured clone of the batch happens synchronously here
      writeMs += performance.now() - t0;
      return p;
    },
  };
  const sessionId = `bench-${label}`;
  const writer = new SessionWriter({ sessionId, studyId: 'bench', participantId: 'bench', sink, wal: new WriteAheadLog(null) });
  const rec = new EventRecorder({ sessionId, taskId: 1, writer });
  rec.start();
  let pushMs = 0;
  let n = 0;
  const start = performance.now();
  if (rate === 'max') {
    const total = 200_000;
    while (n < total) {
      const t0 = performance.now();
      for (let k = 0; k < 2000; k++, n++) rec.push(makeEvent(n, t0 - start));
      pushMs += performance.now() - t0;
      await new Promise((r) => setTimeout(r, 0));
    }
  } else {
    const perTick = Math.round(rate / 100);
    while (performance.now() - start < seconds * 1000) {
      const t0 = performance.now();
      for (let k = 0; k < perTick; k++, n++) rec.push(makeEvent(n, t0 - start));
      pushMs += performance.now() - t0;
      await new Promise((r) => setTimeout(r, 10));
    }
  }
  rec.stop();
  await writer.settled();
  const elapsed = (performance.now() - start) / 1000;
  const stored = (await db.chunks.where('sessionId').equals(sessionId).toArray()).reduce((s, c) => s + c.events.length, 0);
  return {
    label,
    events: n,
    seconds: elapsed,
    eventsPerSecond: stored / elapsed,
    pushMsPerEvent: pushMs / n,
    writeCallMsPerEvent: writeMs / n,
    mainThreadMsPerEvent: (pushMs + writeMs) / n,
    stored,
  };
}

async function main() {
  const db = new GazeLabDb(`recorder-bench-${Date.now()}`);
  const results = [await run('sustained-3000/s', db, 3000, 10), await run('max-throughput', db, 'max', 0)];
  db.close();
  await GazeLabDb.delete(db.name);
  (window as unknown as { __benchResult: RecorderBenchResult[] }).__benchResult = results;
  document.getElementById('status')!.textContent = 'done';
}

void main();
