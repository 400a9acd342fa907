import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DATA_FILE_CONTENT_TYPE,
  encodeDataFile,
  type DataFileContent,
  type DataFileMergeResponse,
} from '../../../core/protocol/data-file.ts';
import type { EntryStartResponse } from '../../../core/protocol/entry.ts';
import type { SessionsList } from '../../../core/protocol/lab.ts';
import type { JsonObject } from '../../../core/protocol/json-value.ts';
import type { ErrorBody } from '../../../core/protocol/messages.ts';
import {
  enter,
  openStudy,
  ownerAndMember,
  putRecord,
  recordFor,
  threeScreenStudy,
  uploadChunks,
  type LabClient,
} from '../../testing/lab.ts';
import { screenStream, type StreamChunk } from '../../testing/participant-stream.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

// A participant's data file, added by a researcher: the chunks go through the upload's own path
// into the study's session (counted per (taskId, seq) and per event), idempotently; a refused chunk
// is left out and named, any other refusal changes nothing.

let t: TestApp;
let owner: LabClient;
let member: LabClient;
const STUDY = 'mailed';
const TASKS = [1, 31, 36];

beforeAll(async () => {
  t = await createTestApp();
  ({ owner, member } = await ownerAndMember(t));
  await openStudy(owner, threeScreenStudy(STUDY));
  await openStudy(owner, threeScreenStudy('elsewhere'));
});
afterAll(() => t.close());

type Started = Extract<EntryStartResponse, { token: string }>;
async function start(participant: string): Promise<Started> {
  const s = await enter(t, STUDY, { participant });
  if (s.outcome === 'unavailable') throw new Error(s.reason);
  return s;
}

const upload = (s: Started, chunks: StreamChunk[]) => uploadChunks(t, s, chunks);

const fileOf = (s: { sessionId: string; participantId: string }, chunks: StreamChunk[], extra: Partial<DataFileContent> = {}) =>
  encodeDataFile({
    appVersion: '0.1.0',
    study: STUDY,
    studyVersion: 1,
    sessionId: s.sessionId,
    participantId: s.participantId,
    consentedAt: 1_780_000_000_000,
    firstTask: 'Free_browsing',
    recruitment: { kind: 'named' },
    session: {
      revision: 5,
      status: 'completed',
      step: 12,
      record: recordFor(TASKS, { validationPx: 80, validationDeg: 2, hz: 30, lost: 3, samples: 100 }) as JsonObject,
    },
    chunks,
    ...extra,
  });

const add = (client: LabClient, bytes: Uint8Array, study = STUDY, headers: Record<string, string> = {}) =>
  t.app.inject({
    method: 'POST',
    url: `/api/lab/studies/${study}/data-files`,
    headers: { cookie: client.cookie, 'sec-fetch-site': 'same-origin', 'content-type': DATA_FILE_CONTENT_TYPE, ...headers },
    payload: Buffer.from(bytes),
  });

/** What the server holds of a session, per (taskId, seq): event count and hash. */
async function held(sessionId: string) {
  const { rows } = await t.pool.query<{ task_id: number; seq: number; events: number; sha256: Buffer }>(
    'SELECT task_id, seq, events, sha256 FROM chunks WHERE session_id = $1 ORDER BY task_id, seq',
    [sessionId],
  );
  return new Map(rows.map((r) => [`${r.task_id}:${r.seq}`, { events: r.events, sha256: r.sha256.toString('hex') }]));
}

/** Every recorded chunk on the server exactly once, with its events, and nothing else. */
async function expectHoldsExactly(sessionId: string, chunks: StreamChunk[]) {
  const server = await held(sessionId);
  const expected = new Map(chunks.map((c) => [`${c.taskId}:${c.seq}`, c]));
  expect([...server.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [key, c] of expected) {
    expect(server.get(key)!.events, key).toBe(c.events.length);
    expect(server.get(key)!.sha256, key).toBe(createHash('sha256').update(JSON.stringify(c.events)).digest('hex'));
  }
  const total = chunks.reduce((n, c) => n + c.events.length, 0);
  const sum = await t.pool.query<{ n: number; c: number }>(
    'SELECT coalesce(sum(events), 0)::int AS n, (SELECT chunk_count FROM sessions WHERE id = $1) AS c FROM chunks WHERE session_id = $1',
    [sessionId],
  );
  expect(sum.rows[0]).toEqual({ n: total, c: chunks.length });
  return total;
}

const recorded = () => TASKS.flatMap((taskId) => screenStream(taskId, 4000, 7).chunks);

describe('a participant’s data file added by a researcher', () => {
  it('adds the chunks the server lacks through the upload path, once; the newer record is taken; again changes nothing', async () => {
    const s = await start('MAIL_1');
    const chunks = recorded();
    expect(chunks.length).toBeGreaterThan(20);
    // The server got the first screen and part of the second before it went away.
    const sent = chunks.filter((c) => c.taskId === 1 || (c.taskId === 31 && c.seq < 3));
    await upload(s, sent);
    await putRecord(t, s, {
      revision: 2,
      status: 'active',
      step: 5,
      record: recordFor([1], { validationPx: 80, validationDeg: 2, hz: 30, lost: 3, samples: 100 }),
    });
    // What the page still held unsaved (a tail) comes in the file too, after the stored chunks.
    const file = await fileOf(s, [...chunks.slice(0, -1), ...chunks.slice(-1)]);

    const res = await add(owner, file);
    expect(res.statusCode, res.body).toBe(200);
    const merged = res.json<DataFileMergeResponse>();
    const missing = chunks.filter((c) => !sent.includes(c));
    expect(merged).toMatchObject({
      sessionId: s.sessionId,
      participantId: 'MAIL_1',
      created: false,
      added: missing.length,
      addedEvents: missing.reduce((n, c) => n + c.events.length, 0),
      already: sent.length,
      record: { taken: true, fileRevision: 5, serverRevision: 5 },
      status: 'completed',
    });
    const total = await expectHoldsExactly(s.sessionId, chunks);
    console.log(`data file: ${chunks.length} chunks, ${total} events; ${missing.length} added, ${sent.length} already held`);

    const list = (await owner.call('GET', `/api/lab/studies/${STUDY}/sessions`)).json<SessionsList>();
    expect(list.sessions.find((x) => x.participantId === 'MAIL_1')).toMatchObject({
      state: 'complete',
      chunks: chunks.length,
      screensDone: 3,
    });
    const log = await t.pool.query<{ actor: string; detail: Record<string, unknown> }>(
      "SELECT actor, detail FROM audit_log WHERE action = 'data-file-added' AND session_id = $1",
      [s.sessionId],
    );
    expect(log.rows).toEqual([
      {
        actor: 'owner@lab.test',
        detail: expect.objectContaining({ participantId: 'MAIL_1', added: missing.length, already: sent.length, created: false }),
      },
    ]);

    // The same file again: everything is already there.
    const again = await add(owner, file);
    expect(again.json<DataFileMergeResponse>()).toMatchObject({
      added: 0,
      addedEvents: 0,
      already: chunks.length,
      record: { taken: false },
    });
    await expectHoldsExactly(s.sessionId, chunks);
    // The participant's browser, back online, sends what it holds: repeats, nothing twice.
    await upload(s, chunks);
    await expectHoldsExactly(s.sessionId, chunks);
  });

  it('sets aside a chunk the server holds with other events, and one that fails the upload’s checks, naming them; the rest is added', async () => {
    const s = await start('MAIL_2');
    const chunks = recorded();
    const sent = chunks.filter((c) => c.taskId === 1);
    await upload(s, sent);
    const changed = sent.map((c) => (c.seq === 2 ? { ...c, events: c.events.slice(1) } : c));
    // 20 s later than the chunks around it: the upload's time-order check refuses it.
    const late = (c: StreamChunk) => ({ ...c, events: c.events.map((e) => ({ ...e, t: e.t + 20_000 })) });
    const rest = chunks.filter((c) => c.taskId !== 1).map((c) => (c.taskId === 36 && c.seq === 1 ? late(c) : c));
    const file = await fileOf(s, [...changed, ...rest]);
    const res = await add(owner, file);
    expect(res.statusCode, res.body).toBe(200);
    const refused = [
      {
        taskId: 1,
        seq: 2,
        message:
          'screen 1 of 3 (taskId 1), chunk 2 differs from the chunk the server already holds under the same screen and number (the server keeps its own)',
      },
      {
        taskId: 36,
        seq: 1,
        message: expect.stringMatching(
          /^screen 3 of 3 \(taskId 36\), chunk 1 was refused \(events end at t \d+(\.\d+)? ms, more than 10000 ms after the start of seq 2/,
        ),
      },
    ];
    const kept = rest.filter((c) => !(c.taskId === 36 && c.seq === 1));
    expect(res.json<DataFileMergeResponse>()).toMatchObject({ added: kept.length, already: sent.length - 1, refused, status: 'completed' });
    await expectHoldsExactly(s.sessionId, [...sent, ...kept]);
    const again = await add(owner, file);
    expect(again.json<DataFileMergeResponse>()).toMatchObject({ added: 0, already: sent.length - 1 + kept.length, refused });
    await expectHoldsExactly(s.sessionId, [...sent, ...kept]);
  });

  it('adds nothing of a file the session’s quota cannot take', async () => {
    const s = await start('MAIL_3');
    const chunks = recorded();
    await t.pool.query('UPDATE sessions SET stored_bytes = $2 WHERE id = $1', [s.sessionId, 256 * 1024 * 1024 - 1000]);
    const res = await add(owner, await fileOf(s, chunks));
    expect(res.statusCode).toBe(413);
    expect(res.json<ErrorBody>().error.problem).toMatch(/would take this session past its \d+ stored bytes/);
    await expectHoldsExactly(s.sessionId, []);
  });

  it('creates a session the server never saw under the version the file names, and refuses unknown versions and other studies', async () => {
    const chunks = recorded();
    const who = { sessionId: randomUUID(), participantId: 'MAIL_NEVER' };
    const unknownVersion = await add(owner, await fileOf(who, chunks, { studyVersion: 9 }));
    expect(unknownVersion.statusCode).toBe(422);
    expect(unknownVersion.json<ErrorBody>().error.problem).toBe(
      `the server does not know this session, and ${STUDY} has no published version 9 to add it under`,
    );
    const elsewhere = await add(owner, await fileOf(who, chunks), 'elsewhere');
    expect(elsewhere.statusCode).toBe(422);
    expect(elsewhere.json<ErrorBody>().error.problem).toMatch(
      /belongs to another study: "mailed" \(participant MAIL_NEVER\), not "elsewhere"/,
    );
    expect((await t.pool.query('SELECT 1 FROM sessions WHERE id = $1', [who.sessionId])).rowCount).toBe(0);

    const res = await add(owner, await fileOf(who, chunks));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<DataFileMergeResponse>()).toMatchObject({ created: true, added: chunks.length, already: 0, status: 'completed' });
    await expectHoldsExactly(who.sessionId, chunks);
    const list = (await owner.call('GET', `/api/lab/studies/${STUDY}/sessions`)).json<SessionsList>();
    expect(list.sessions.find((x) => x.participantId === 'MAIL_NEVER')).toMatchObject({ state: 'complete', version: 1, linkKind: 'named' });
    // The same participant under another session id is not a second session.
    const twin = await add(owner, await fileOf({ sessionId: randomUUID(), participantId: 'MAIL_NEVER' }, chunks));
    expect(twin.statusCode).toBe(409);
    expect(twin.json<ErrorBody>().error.problem).toMatch(
      `participant MAIL_NEVER already has another session in ${STUDY} (${who.sessionId})`,
    );
  });

  it('refuses without a login (401), without access to the study (403), from another site (403), and files that are not ours (422)', async () => {
    const file = await fileOf({ sessionId: randomUUID(), participantId: 'MAIL_X' }, recorded());
    const anonymous = await t.app.inject({
      method: 'POST',
      url: `/api/lab/studies/${STUDY}/data-files`,
      headers: { 'sec-fetch-site': 'same-origin', 'content-type': DATA_FILE_CONTENT_TYPE },
      payload: Buffer.from(file),
    });
    expect(anonymous.statusCode).toBe(401);
    const stranger = await add(member, file);
    expect(stranger.statusCode).toBe(403);
    expect(stranger.json<ErrorBody>().error.problem).toBe(`${STUDY} is not shared with member@lab.test`);
    const crossSite = await add(owner, file, STUDY, { 'sec-fetch-site': 'cross-site' });
    expect(crossSite.statusCode).toBe(403);
    expect(crossSite.json<ErrorBody>().error.field).toBe('origin');
    const notOurs = await add(owner, new TextEncoder().encode('{"type":"carousel-gaze-lab/rescue","version":2}'));
    expect(notOurs.statusCode).toBe(422);
    expect(notOurs.json<ErrorBody>().error.problem).toMatch(/older rescue file/);
    const damaged = await add(owner, file.subarray(0, file.length >> 1));
    expect(damaged.json<ErrorBody>().error.problem).toMatch(/The file is damaged/);
    expect((await t.pool.query("SELECT 1 FROM sessions WHERE participant_id = 'MAIL_X'")).rowCount).toBe(0);
  });
});
