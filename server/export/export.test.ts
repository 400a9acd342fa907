import { readdirSync, readlinkSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntryStartResponse } from '../../core/protocol/entry.ts';
import { DEFAULT_STUDY_SETTINGS, type ExportProgress } from '../../core/protocol/lab.ts';
import { decodeSessionFrame } from '../../core/protocol/session-frame.ts';
import { exportToBytes } from '../../format/exporter.ts';
import { readExportSources, unzipFiles } from '../../format/read-export.ts';
import { FILES } from '../../format/recgaze-columns.ts';
import {
  addResearcher,
  enter,
  login,
  openStudy,
  putRecord,
  recordFor,
  threeScreenStudy,
  uploadScreens,
  type LabClient,
} from '../testing/lab.ts';
import type { StreamChunk } from '../testing/participant-stream.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';
import { loadCatalogue } from '../../stimuli/catalogue.ts';
import { sessionEvents, studySessionRows } from './load-session.ts';
import { exportHeapMb, runExport } from './run-export.ts';
import { toSessionRecord } from './session-record.ts';

let t: TestApp;
let lab: LabClient;
type Started = Extract<EntryStartResponse, { token: string }>;
const sent = new Map<string, StreamChunk[]>();
const sessions: Started[] = [];
const PIDS = ['aaaaaaaaaaaaaaaaaaaaaa01', 'aaaaaaaaaaaaaaaaaaaaaa02', 'aaaaaaaaaaaaaaaaaaaaaa03'];

beforeAll(async () => {
  t = await createTestApp();
  await addResearcher(t, 'owner@lab.test', 'owner');
  lab = await login(t, 'owner@lab.test');
  await openStudy(lab, threeScreenStudy('exported'));
  await lab.call('PUT', '/api/lab/studies/exported/settings', {
    target: null,
    settings: { ...DEFAULT_STUDY_SETTINGS, exclusion: { maxValidationDeg: 4, maxLossPct: null, minGazeHz: null } },
  });
  for (const [i, pid] of PIDS.entries()) {
    const s = await enter(t, 'exported', { PROLIFIC_PID: pid, STUDY_ID: 'prolificstudy1', SESSION_ID: `prolificsession${i}` });
    if (s.outcome === 'unavailable') throw new Error(s.reason);
    sessions.push(s);
    sent.set(s.sessionId, await uploadScreens(t, s, [1, 31, 36], { seed: i + 1, durationMs: 2500 }));
    const figures = { validationPx: 80 + i * 100, validationDeg: 2 + i * 2, hz: 30, lost: 3, samples: 75 };
    await putRecord(t, s, { revision: 1, status: 'completed', step: 12, record: recordFor([1, 31, 36], figures) });
  }
});
afterAll(() => t.close());

const eventCount = (chunks: StreamChunk[], taskId: number) =>
  chunks.filter((c) => c.taskId === taskId).reduce((n, c) => n + c.events.length, 0);

/** The study's export in its worker thread, as the export route starts it. */
const exportStudy = (onProgress: (p: ExportProgress) => void, heapMb?: number) =>
  runExport(
    { databaseUrl: t.ctx.databaseUrl, studyId: 'exported', sessionIds: sessions.map((s) => s.sessionId), appVersion: 'test', createdAt: 0 },
    onProgress,
    heapMb,
  );

async function download(url: string): Promise<{ bytes: Uint8Array; headers: Record<string, unknown> }> {
  const res = await lab.call('GET', url);
  expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
  return { bytes: new Uint8Array(res.rawPayload), headers: res.headers };
}

describe('exports from PostgreSQL', () => {
  it('makes a session’s export part in the background when it completes, and the export joins it as it is', async () => {
    const s = sessions[0]!;
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/sessions/${s.sessionId}/complete`,
      headers: { authorization: `Bearer ${s.token}` },
      payload: { chunks: sent.get(s.sessionId)!.length },
    });
    expect(res.statusCode, res.body).toBe(200);
    await t.ctx.parts.idle();
    const parts = async () =>
      (await t.pool.query<{ session_id: string; built_at: Date }>('SELECT session_id, built_at FROM export_parts')).rows;
    const [made] = await parts();
    expect(made?.session_id).toBe(s.sessionId);
    expect(t.ctx.parts.built).toBe(1);
    const running = exportStudy(() => undefined);
    running.stream.resume();
    expect(await running.finished).toMatchObject({ state: 'done' });
    const after = await parts();
    expect(after.length).toBe(3);
    expect(after.find((p) => p.session_id === s.sessionId)!.built_at).toEqual(made!.built_at);
  });

  it('streams the whole study as the RecGaze zip: every session, every event, the Prolific ids and the version', async () => {
    const progressId = '11111111-2222-4333-8444-555555555555';
    const { bytes, headers } = await download(`/api/lab/studies/exported/export.zip?sessions=all&progress=${progressId}`);
    expect(headers['content-type']).toBe('application/zip');
    expect(headers['content-disposition']).toMatch(/^attachment; filename="exported-all-3-sessions-[\d-]+\.zip"$/);
    const files = unzipFiles(bytes);
    for (const name of Object.values(FILES)) expect(files[name], name).toBeDefined();
    const { sources } = readExportSources(files);
    expect(sources.map((s) => s.session.participantId)).toEqual(PIDS);
    for (const [i, source] of sources.entries()) {
      const chunks = sent.get(source.session.id)!;
      for (const taskId of [1, 31, 36])
        expect(source.events.get(taskId)?.length, `${source.session.id} ${taskId}`).toBe(eventCount(chunks, taskId));
      expect(source.events.get(1)).toEqual(chunks.filter((c) => c.taskId === 1).flatMap((c) => c.events));
      expect(source.session.recruitment).toEqual({
        kind: 'prolific',
        PROLIFIC_PID: PIDS[i],
        STUDY_ID: 'prolificstudy1',
        SESSION_ID: `prolificsession${i}`,
      });
      expect(source.session).toMatchObject({
        studyVersion: 1,
        status: 'completed',
        firstTask: sessions[i]!.firstTask,
        studyId: 'exported',
      });
    }
    const progress = (await lab.call('GET', `/api/lab/exports/${progressId}`)).json<ExportProgress>();
    expect(progress).toEqual({ state: 'done', done: 3, total: 3, bytes: bytes.length });
  });

  it('leaves out the sessions an exclusion rule flags, when asked to', async () => {
    const { bytes } = await download('/api/lab/studies/exported/export.zip?sessions=included');
    const { sources } = readExportSources(unzipFiles(bytes));
    // Validation errors 2°, 4° and 6° against a 4° limit.
    expect(sources.map((s) => s.session.participantId)).toEqual(PIDS.slice(0, 2));
    const bad = await lab.call('GET', '/api/lab/studies/exported/export.zip?sessions=some');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.problem).toBe('must be one of all, included, complete-included');
  });

  it('exports one session, and audits every export', async () => {
    const one = sessions[1]!;
    const { bytes, headers } = await download(`/api/lab/studies/exported/sessions/${one.sessionId}/export.zip`);
    expect(headers['content-disposition']).toBe(`attachment; filename="exported-${PIDS[1]}.zip"`);
    expect(readExportSources(unzipFiles(bytes)).sources.map((s) => s.session.id)).toEqual([one.sessionId]);
    const audit = (await lab.call('GET', '/api/lab/audit')).json<
      { action: string; sessionId: string | null; detail: { sessions: number } }[]
    >();
    expect(audit.filter((a) => a.action === 'export').map((a) => a.detail.sessions)).toEqual([1, 2, 3]);
  });

  it('streams with bounded memory: bytes leave before the last session is read', async () => {
    const seen: ExportProgress[] = [];
    const running = exportStudy((p) => seen.push(p), 64);
    const parts: Buffer[] = [];
    for await (const part of running.stream) parts.push(part as Buffer);
    expect(await running.finished).toMatchObject({ state: 'done', done: 3, total: 3 });
    const zip = Buffer.concat(parts);
    // A whole study buffered before sending would send nothing until after its last session.
    const afterFirst = seen.find((p) => p.done === 1)!;
    expect(afterFirst.bytes).toBeGreaterThan(0);
    expect(afterFirst.bytes).toBeLessThan(zip.length / 2);
    expect(seen.at(-1)!.bytes).toBe(zip.length);
    const { sources } = readExportSources(unzipFiles(new Uint8Array(zip)));
    for (const source of sources)
      for (const taskId of [1, 31, 36]) expect(source.events.get(taskId)?.length).toBe(eventCount(sent.get(source.session.id)!, taskId));
  });

  it('joins stored session parts into the same files the one-pass exporter writes, and makes a part again when its session changes', async () => {
    const ids = sessions.map((s) => s.sessionId);
    const records = (await studySessionRows(t.pool, 'exported', ids)).map(toSessionRecord);
    const reference = unzipFiles(
      await exportToBytes({
        sessions: records,
        loadEvents: (id) => sessionEvents(t.pool, id),
        catalogue: await loadCatalogue(records[0]!.config.catalogue),
        createdAt: 0,
        appVersion: 'test',
      }),
    );
    const joined = async () => {
      const running = exportStudy(() => undefined);
      const parts: Buffer[] = [];
      for await (const part of running.stream) parts.push(part as Buffer);
      expect(await running.finished).toMatchObject({ state: 'done' });
      return unzipFiles(new Uint8Array(Buffer.concat(parts)));
    };
    const builtAt = async () =>
      new Map(
        (await t.pool.query<{ session_id: string; built_at: Date }>('SELECT session_id, built_at FROM export_parts')).rows.map((r) => [
          r.session_id,
          r.built_at.getTime(),
        ]),
      );
    const files = await joined();
    expect(Object.keys(files).sort()).toEqual(Object.keys(reference).sort());
    for (const [name, bytes] of Object.entries(reference)) {
      // .gz files: compressed by different deflaters; their content must match.
      const [a, b] = name.endsWith('.gz') ? [gunzipSync(files[name]!), gunzipSync(bytes)] : [files[name]!, bytes];
      expect(Buffer.compare(Buffer.from(a), Buffer.from(b)), name).toBe(0);
    }
    expect(files[FILES.gaze]!.length).toBeGreaterThan(10_000);

    // Exporting again reuses every part; a session with one more chunk gets a new part.
    const before = await builtAt();
    expect([...before.keys()].sort()).toEqual([...ids].sort());
    expect(Buffer.compare(Buffer.from((await joined())[FILES.gaze]!), Buffer.from(files[FILES.gaze]!))).toBe(0);
    expect(await builtAt()).toEqual(before);
    const changed = sessions[2]!;
    const more = await uploadScreens(t, changed, [41], { seed: 9, durationMs: 1000 });
    const again = await joined();
    const after = await builtAt();
    expect(after.get(changed.sessionId)).toBeGreaterThan(before.get(changed.sessionId)!);
    for (const id of ids.slice(0, 2)) expect(after.get(id)).toBe(before.get(id));
    const { sources } = readExportSources(again);
    expect(sources.find((s) => s.session.id === changed.sessionId)!.events.get(41)?.length).toBe(eventCount(more, 41));
  });

  it('leaves no thread or file open when the download is cancelled', async () => {
    // What each descriptor is (socket:[inode], a path): other threads of the test process (the
    // part builder, the pool) may close theirs meanwhile, so the check is that nothing new stays open.
    const openFiles = () =>
      readdirSync('/proc/self/fd').flatMap((fd) => {
        try {
          return [readlinkSync(`/proc/self/fd/${fd}`)];
        } catch {
          return []; // closed while listing
        }
      });
    const before = new Set(openFiles());
    const running = exportStudy(() => undefined);
    running.stream.on('error', () => undefined);
    await new Promise((resolve) => running.stream.once('data', resolve));
    running.cancel();
    expect(await running.finished).toMatchObject({ state: 'failed', error: 'cancelled' });
    expect(openFiles().filter((f) => !before.has(f))).toEqual([]);
  });

  it('sizes the export thread’s heap by the largest session, within EXPORT_HEAP_MB', () => {
    expect(exportHeapMb(1.6e6, 4096)).toBe(192); // a RecGaze session
    expect(exportHeapMb(16 * 2 ** 20, 4096)).toBe(1920);
    expect(exportHeapMb(256 * 2 ** 20, 4096)).toBe(4096);
    expect(exportHeapMb(16 * 2 ** 20, 1024)).toBe(1024);
  });

  it('hands the analysis view a session’s record and its stored chunks untouched', async () => {
    const s = sessions[0]!;
    const res = await lab.call('GET', `/api/lab/studies/exported/sessions/${s.sessionId}/data`);
    expect(res.headers['content-type']).toBe('application/vnd.cgl.session');
    const { header, blobs } = decodeSessionFrame(new Uint8Array(res.rawPayload));
    expect(header.record).toMatchObject({ id: s.sessionId, participantId: PIDS[0], studyVersion: 1, quality: { 1: { samples: 75 } } });
    const chunks = sent.get(s.sessionId)!;
    expect(header.chunks.map((c) => `${c.taskId}:${c.seq}`)).toEqual(chunks.map((c) => `${c.taskId}:${c.seq}`));
    expect(blobs.map((b) => JSON.parse(gunzipSync(b).toString('utf8')))).toEqual(chunks.map((c) => c.events));
  });
});
