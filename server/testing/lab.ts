import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { EntryStartResponse } from '../../core/protocol/entry.ts';
import { SESSION_COOKIE, type StudyDetail } from '../../core/protocol/lab.ts';
import type { StudyConfig } from '../../core/study-config/schema.ts';
import { RECGAZE_PRESET } from '../../stimuli/presets.ts';
import { hashPassword } from '../lab/password.ts';
import { insertResearcher } from '../store/researchers.ts';
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
