import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { EntryStartResponse } from '../../core/protocol/entry.ts';
import { SESSION_COOKIE, type StudyDetail } from '../../core/protocol/lab.ts';
import type { StudyConfig } from '../../core/study-config/schema.ts';
import { RECGAZE_PRESET } from '../../stimuli/presets.ts';
import { hashPassword } from '../lab/password.ts';
import { insertResearcher } from '../store/researchers.ts';
import { batchBody, batchHeaders, encodeChunks } from './batches.ts';
import { screenStream, type StreamChunk } from './participant-stream.ts';
import type { TestApp } from './test-app.ts';

// Researchers and studies for the workspace's server tests, through the real API.

export const PASSWORD = 'correct horse battery';

/** A study from the RecGaze preset with one screen of each task type (the e2e's "3-screen variant"). */
export function threeScreenStudy(id: string, overrides: Partial<StudyConfig> = {}): StudyConfig {
  const pick = (task: string) => RECGAZE_PRESET.screens.find((s) => s.task === task)!;
  return {
    ...structuredClone(RECGAZE_PRESET),
    id,
    name: `Study ${id}`,
    screens: [pick('free_browsing'), pick('semi_free'), pick('direct_search')],
    ...overrides,
  };
}

export interface LabClient {
  cookie: string;
  /** A same-origin request with the login cookie. */
  call(method: NonNullable<InjectOptions['method']>, url: string, payload?: unknown): Promise<LightMyRequestResponse>;
}

export async function addResearcher(t: TestApp, email: string, role: 'owner' | 'member'): Promise<void> {
  await insertResearcher(t.pool, { email, name: email.split('@')[0]!, role, passwordHash: await hashPassword(PASSWORD) });
}

export async function login(t: TestApp, email: string, password = PASSWORD): Promise<LabClient> {
  const res = await t.app.inject({ method: 'POST', url: '/api/lab/login', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`login ${email}: ${res.statusCode} ${res.body}`);
  const set = String(res.headers['set-cookie']);
  const cookie = set.split(';')[0]!;
  if (!cookie.startsWith(`${SESSION_COOKIE}=`)) throw new Error(`no login cookie in ${set}`);
  return {
    cookie,
    call: (method, url, payload) =>
      t.app.inject({
        method,
        url,
        headers: { cookie, 'sec-fetch-site': 'same-origin' },
        ...(payload === undefined ? {} : { payload: payload as object }),
      }),
  };
}

/** The lab's owner and a member (owner@lab.test, member@lab.test), both logged in. */
export async function ownerAndMember(t: TestApp): Promise<{ owner: LabClient; member: LabClient }> {
  await addResearcher(t, 'owner@lab.test', 'owner');
  await addResearcher(t, 'member@lab.test', 'member');
  return { owner: await login(t, 'owner@lab.test'), member: await login(t, 'member@lab.test') };
}

/** Creates, publishes and opens a study; returns its detail. */
export async function openStudy(lab: LabClient, config: StudyConfig): Promise<StudyDetail> {
  const created = await lab.call('POST', '/api/lab/studies', { config, studio: null });
  if (created.statusCode !== 201) throw new Error(`create: ${created.statusCode} ${created.body}`);
  const published = await lab.call('POST', `/api/lab/studies/${config.id}/publish`);
  if (published.statusCode !== 200) throw new Error(`publish: ${published.statusCode} ${published.body}`);
  const opened = await lab.call('POST', `/api/lab/studies/${config.id}/state`, { state: 'open' });
  if (opened.statusCode !== 200) throw new Error(`open: ${opened.statusCode} ${opened.body}`);
  return opened.json<StudyDetail>();
}

export async function enter(t: TestApp, studyId: string, params: Record<string, string>): Promise<EntryStartResponse> {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/entry/${studyId}`,
    payload: { params, consentedAt: 1_780_000_000_000, appVersion: 'test' },
  });
  if (res.statusCode >= 300) throw new Error(`entry: ${res.statusCode} ${res.body}`);
  return res.json<EntryStartResponse>();
}

/** A participant's record as the app uploads it (core/records.ts), with quality and a validation. */
export function recordFor(
  taskIds: readonly number[],
  figures: { validationPx: number; validationDeg: number; hz: number; lost: number; samples: number },
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    gazeSource: 'webgazer',
    flags: [],
    startedAt: 1_780_000_000_000,
    environment: {
      userAgent: 'test',
      language: 'en',
      screen: { w: 1920, h: 1080 },
      viewport: { w: 1536, h: 730 },
      dpr: 1,
      persistentStorage: true,
    },
    answers: { perSelection: {} },
    selections: Object.fromEntries(
      taskIds.map((taskId) => [taskId, { taskId, t: 2000, row: 2, position: 3, column: 3, page: 1, movieId: 203 }]),
    ),
    screens: Object.fromEntries(taskIds.map((taskId) => [taskId, { taskId, startedAt: 1_780_000_000_000, resumes: 0 }])),
    quality: Object.fromEntries(
      taskIds.map((taskId) => [
        taskId,
        {
          samples: figures.samples,
          lost: figures.lost,
          lostPct: (100 * figures.lost) / figures.samples,
          intervalMedianMs: 1000 / figures.hz,
          intervalIqrMs: 2,
          achievedHz: figures.hz,
          faceLostMs: 0,
          durationMs: 3000,
        },
      ]),
    ),
    calibration: [{ kind: 'calibration', validation: { meanErrorPx: figures.validationPx, meanErrorDeg: figures.validationDeg } }],
    speedReminders: [],
    ...extra,
  };
}

/** Uploads RecGaze-like screens of `durationMs` for a session; returns the chunks sent. */
export async function uploadScreens(
  t: TestApp,
  session: { sessionId: string; token: string },
  taskIds: readonly number[],
  options: { durationMs?: number; seed?: number } = {},
): Promise<StreamChunk[]> {
  const chunks = taskIds.flatMap((taskId) => screenStream(taskId, options.durationMs ?? 3000, options.seed ?? 1).chunks);
  await uploadChunks(t, session, chunks);
  return chunks;
}

/** Uploads chunks as the participant's browser does, 64 a request. */
export async function uploadChunks(t: TestApp, session: { sessionId: string; token: string }, chunks: StreamChunk[]): Promise<void> {
  for (let i = 0; i < chunks.length; i += 64) {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/sessions/${session.sessionId}/chunks`,
      headers: batchHeaders(session.token),
      payload: batchBody(await encodeChunks(chunks.slice(i, i + 64))),
    });
    if (res.statusCode !== 200) throw new Error(`upload: ${res.statusCode} ${res.body}`);
  }
}

export async function putRecord(
  t: TestApp,
  session: { sessionId: string; token: string },
  update: { revision: number; status: 'active' | 'completed'; step: number; record: Record<string, unknown> },
): Promise<void> {
  const res = await t.app.inject({
    method: 'PUT',
    url: `/api/sessions/${session.sessionId}`,
    headers: { authorization: `Bearer ${session.token}` },
    payload: update,
  });
  if (res.statusCode !== 200) throw new Error(`record: ${res.statusCode} ${res.body}`);
}
