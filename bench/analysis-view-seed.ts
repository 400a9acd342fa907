// Runs in Chromium on the app's origin (built with the app, bench/analysis-view-bench.ts): writes
// `participants` completed synthetic RecGaze-scale sessions into the app's IndexedDB as the study
// app records them — one chunk of events per 500 ms of each screen, the session record with its
// selections — so the analysis view can be measured loading them. Setup only, not timed.
import { benchSession } from './export-core.ts';
import { db } from '../src/db/db.ts';
import { putSession, writeChunks } from '../src/db/sessions.ts';
import type { ChunkRecord } from '../core/records.ts';

const FLUSH_MS = 500;
const SEED_KEY = 'analysis-view-bench-seed';
const participants = Number(new URLSearchParams(location.search).get('participants') ?? 87);
const w = window as unknown as { __seeded?: unknown };

async function seed(): Promise<{ sessions: number; events: number; gaze: number; chunks: number; ms: number; reused: boolean }> {
  const t0 = performance.now();
  // A profile seeded by an earlier run (the benchmark keeps it) is reused: writing 200,000 chunks
  // takes minutes. The stored columns always go, so the first analysis starts from the chunks.
  await db.screenColumns.clear();
  const ids = new Set((await db.sessions.toArray()).map((s) => s.id));
  const kept = localStorage.getItem(SEED_KEY);
  const wanted = Array.from({ length: participants }, (_, i) => `bench-${i + 1}`);
  if (kept && ids.size === participants && wanted.every((id) => ids.has(id))) return { ...JSON.parse(kept), reused: true };
  localStorage.removeItem(SEED_KEY);
  await db.transaction('rw', db.sessions, db.chunks, db.screenColumns, async () => {
    await db.chunks.clear();
    await db.sessions.clear();
    await db.screenColumns.clear();
  });
  let events = 0;
  let gaze = 0;
  let chunkCount = 0;
  for (let p = 0; p < participants; p++) {
    const { session, load } = benchSession(p);
    const chunks: ChunkRecord[] = [];
    for (const [taskId, list] of load()) {
      let seq = 0;
      for (let start = 0; start < list.length;) {
        const until = list[start]!.t + FLUSH_MS;
        let end = start;
        while (end < list.length && list[end]!.t < until) end++;
        chunks.push({ sessionId: session.id, taskId, seq: seq++, events: list.slice(start, end) });
        start = end;
      }
      events += list.length;
      for (const e of list) if (e.kind === 'gaze') gaze++;
      const last = list[list.length - 1]!.t;
      session.screens[taskId] = { taskId, startedAt: session.startedAt, endedAt: session.startedAt + last, resumes: 0 };
      const sel = list.find((e) => e.kind === 'selection');
      if (sel?.kind === 'selection')
        session.selections[taskId] = {
          taskId,
          t: sel.t,
          row: sel.row,
          position: sel.position,
          column: sel.column,
          page: sel.page,
          movieId: sel.movieId,
        };
    }
    chunkCount += chunks.length;
    await writeChunks(chunks);
    await putSession(session);
  }
  const summary = { sessions: participants, events, gaze, chunks: chunkCount, ms: performance.now() - t0 };
  localStorage.setItem(SEED_KEY, JSON.stringify(summary));
  return { ...summary, reused: false };
}

seed().then(
  (r) => (w.__seeded = r),
  (e: unknown) => (w.__seeded = { error: String(e) }),
);
