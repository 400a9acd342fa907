import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntryResolution, EntryStartResponse } from '../../core/protocol/entry.ts';
import { DEFAULT_STUDY_SETTINGS } from '../../core/protocol/lab.ts';
import type { ErrorBody } from '../../core/protocol/messages.ts';
import { batchBody, batchHeaders, cursorRun, encodeChunks } from '../testing/batches.ts';
import { addResearcher, enter, login, openStudy, threeScreenStudy, type LabClient } from '../testing/lab.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';

let t: TestApp;
let lab: LabClient;
beforeAll(async () => {
  t = await createTestApp();
  await addResearcher(t, 'owner@lab.test', 'owner');
  lab = await login(t, 'owner@lab.test');
});
afterAll(() => t.close());

const PID = '5f1a2b3c4d5e6f7a8b9c0d1e';
const sessionsOf = async (studyId: string) =>
  (await t.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM sessions WHERE study_id = $1', [studyId])).rows[0]!.n;
const resolve = async (studyId: string, query = '') =>
  (await t.app.inject({ method: 'GET', url: `/api/entry/${studyId}${query}` })).json<EntryResolution>();
const started = (r: EntryStartResponse) => {
  if (r.outcome === 'unavailable') throw new Error(`unavailable: ${r.reason}`);
  return r;
};

describe('a study link', () => {
  it('starts a Prolific participant once, stores the three Prolific ids, and resumes the same session when they come back', async () => {
    await openStudy(lab, threeScreenStudy('prolific-study'));
    const link = { PROLIFIC_PID: PID, STUDY_ID: '60aa00bb11cc22dd33ee44ff', SESSION_ID: 'sess0123456789' };
    const before = await resolve('prolific-study', `?PROLIFIC_PID=${PID}&STUDY_ID=${link.STUDY_ID}&SESSION_ID=${link.SESSION_ID}`);
    expect(before).toMatchObject({ outcome: 'open', participantId: PID, resumes: false, version: 1, studyName: 'Study prolific-study' });
    expect(await sessionsOf('prolific-study')).toBe(0); // resolving records nothing

    const first = started(await enter(t, 'prolific-study', link));
    expect(first).toMatchObject({ outcome: 'started', participantId: PID, version: 1, step: 0, revision: 0, record: null });
    expect(first.recruitment).toEqual({ kind: 'prolific', ...link });
    const { rows } = await t.pool.query('SELECT participant_id, link_kind, recruitment, study_version FROM sessions WHERE id = $1', [
      first.sessionId,
    ]);
    expect(rows[0]).toEqual({ participant_id: PID, link_kind: 'prolific', recruitment: { kind: 'prolific', ...link }, study_version: 1 });

    // Progress on the server, then the participant returns (another tab, another day).
    const put = await t.app.inject({
      method: 'PUT',
      url: `/api/sessions/${first.sessionId}`,
      headers: { authorization: `Bearer ${first.token}` },
      payload: { revision: 3, status: 'active', step: 7, record: { answers: { pre: { age: '25-34' } }, revision: 2 } },
    });
    expect(put.statusCode).toBe(200);
    expect(await resolve('prolific-study', `?PROLIFIC_PID=${PID}`)).toMatchObject({ outcome: 'open', resumes: true });
    const again = started(await enter(t, 'prolific-study', { ...link, SESSION_ID: 'another0session' }));
    expect(again).toMatchObject({
      outcome: 'resumed',
      sessionId: first.sessionId,
      participantId: PID,
      step: 7,
      revision: 3,
      firstTask: first.firstTask,
      // Another browser goes on from what the first one uploaded.
      record: { answers: { pre: { age: '25-34' } }, revision: 2 },
    });
    expect(again.token).not.toBe(first.token);
    expect(await sessionsOf('prolific-study')).toBe(1);
    // The earlier token stopped working; the new one writes.
    const old = await t.app.inject({
      method: 'GET',
      url: `/api/sessions/${first.sessionId}`,
      headers: { authorization: `Bearer ${first.token}` },
    });
    expect(old.statusCode).toBe(403);
    const fresh = await t.app.inject({
      method: 'GET',
      url: `/api/sessions/${first.sessionId}`,
      headers: { authorization: `Bearer ${again.token}` },
    });
    expect(fresh.statusCode).toBe(200);
  });

  it('assigns block orders over started sessions: 20 concurrent starts are 10/10, and each session keeps its own', async () => {
    await openStudy(lab, threeScreenStudy('balanced'));
    const starts = await Promise.all(Array.from({ length: 20 }, (_, i) => enter(t, 'balanced', { id: `SONA${1000 + i * 7}` })));
    const orders = starts.map((s) => started(s).firstTask);
    expect(orders.filter((o) => o === 'Free_browsing')).toHaveLength(10);
    expect(orders.filter((o) => o === 'Semi_free_direct_search')).toHaveLength(10);
    const { rows } = await t.pool.query<{ first_task: string; n: number }>(
      `SELECT first_task, count(*)::int AS n FROM sessions WHERE study_id = 'balanced' GROUP BY first_task ORDER BY first_task`,
    );
    expect(rows).toEqual([
      { first_task: 'Free_browsing', n: 10 },
      { first_task: 'Semi_free_direct_search', n: 10 },
    ]);
    // Trailing digits of the ids (all even here: 1000, 1014, …) play no part.
    const detail = (await lab.call('GET', '/api/lab/studies/balanced')).json<{ counterbalance: Record<string, number> }>();
    expect(detail.counterbalance).toEqual({ Free_browsing: 10, Semi_free_direct_search: 10 });
  });

  it('gives anonymous participants sequential ids of the study’s site, and a fixed block order when the study asks for one', async () => {
    await openStudy(lab, threeScreenStudy('anon', { site: 'WEB', blockOrder: 'search_first' }));
    started(await enter(t, 'anon', { participant: 'WEB_2' }));
    const ids = [];
    for (let i = 0; i < 3; i++) {
      const s = started(await enter(t, 'anon', {}));
      expect(s.firstTask).toBe('Semi_free_direct_search');
      expect(s.recruitment).toEqual({ kind: 'anonymous' });
      ids.push(s.participantId);
    }
    expect(ids).toEqual(['WEB_1', 'WEB_3', 'WEB_4']); // WEB_2 is a named participant's
  });

  it('answers a paused, closed, draft or unknown study’s link with a polite page and records nothing', async () => {
    await openStudy(lab, threeScreenStudy('stateful'));
    const cases: [string, RegExp, number][] = [
      ['paused', /is paused at the moment. Nothing has been recorded/, 200],
      ['closed', /has closed and takes no more participants/, 200],
    ];
    for (const [state, text, status] of cases) {
      expect((await lab.call('POST', '/api/lab/studies/stateful/state', { state })).statusCode).toBe(200);
      const page = await t.app.inject({ method: 'GET', url: `/s/stateful?PROLIFIC_PID=${PID}` });
      expect(page.statusCode, state).toBe(status);
      expect(page.headers['content-type']).toContain('text/html');
      expect(page.body).toMatch(text);
      expect(page.body).toContain('Study stateful');
      expect(page.headers['content-security-policy']).toBeDefined();
      const res = await enter(t, 'stateful', { PROLIFIC_PID: PID });
      expect(res).toMatchObject({ outcome: 'unavailable', reason: state });
      expect(await sessionsOf('stateful')).toBe(0);
    }
    const unknown = await t.app.inject({ method: 'GET', url: '/s/no-such-study' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('There is no study at this link');
    await lab.call('POST', '/api/lab/studies', { config: threeScreenStudy('not-yet'), studio: null });
    expect((await t.app.inject({ method: 'GET', url: '/s/not-yet' })).body).toContain('is not open for participants yet');
    expect(await enter(t, 'not-yet', {})).toMatchObject({ outcome: 'unavailable', reason: 'draft' });
    // An open study's link goes on to the app (no page answers it here: the API-only test app has no pages).
    await lab.call('POST', '/api/lab/studies/stateful/state', { state: 'open' });
    expect((await t.app.inject({ method: 'GET', url: `/s/stateful?PROLIFIC_PID=${PID}` })).statusCode).toBe(404);
    expect(await sessionsOf('stateful')).toBe(0);
  });

  it('turns new participants away once the target is reached, but lets started ones resume', async () => {
    await openStudy(lab, threeScreenStudy('small-target'));
    const settings = await lab.call('PUT', '/api/lab/studies/small-target/settings', { target: 2, settings: DEFAULT_STUDY_SETTINGS });
    expect(settings.statusCode).toBe(200);
    started(await enter(t, 'small-target', { participant: 'A1' }));
    started(await enter(t, 'small-target', { participant: 'A2' }));
    expect(await enter(t, 'small-target', { participant: 'A3' })).toMatchObject({
      outcome: 'unavailable',
      reason: 'full',
      title: 'Study full',
    });
    expect(await enter(t, 'small-target', { participant: 'A1' })).toMatchObject({ outcome: 'resumed' });
    expect((await t.app.inject({ method: 'GET', url: '/s/small-target?participant=A3' })).body).toContain(
      'has all the participants it needs',
    );
  });

  it('accepts only the link kinds the study allows, and names a Prolific placeholder that was never filled in', async () => {
    await openStudy(lab, threeScreenStudy('prolific-only'));
    await lab.call('PUT', '/api/lab/studies/prolific-only/settings', {
      target: null,
      settings: { ...DEFAULT_STUDY_SETTINGS, links: ['prolific'] },
    });
    expect(await enter(t, 'prolific-only', {})).toMatchObject({ outcome: 'unavailable', reason: 'link' });
    expect(await enter(t, 'prolific-only', { id: 'X1' })).toMatchObject({ outcome: 'unavailable', reason: 'link' });
    const placeholder = await t.app.inject({
      method: 'POST',
      url: '/api/entry/prolific-only',
      payload: { params: { PROLIFIC_PID: '{{%PROLIFIC_PID%}}' }, consentedAt: 1, appVersion: 't' },
    });
    expect(placeholder.statusCode).toBe(422);
    expect(placeholder.json<ErrorBody>().error).toMatchObject({
      field: 'PROLIFIC_PID',
      problem: expect.stringMatching(/still the placeholder/),
    });
    const both = await t.app.inject({ method: 'GET', url: `/api/entry/prolific-only?PROLIFIC_PID=${PID}&id=X` });
    expect(both.json<ErrorBody>().error).toMatchObject({
      field: 'id',
      problem: 'cannot be combined with PROLIFIC_PID: a link names its participant once',
    });
    const page = await t.app.inject({ method: 'GET', url: '/s/prolific-only?PROLIFIC_PID=%7B%7B%25PROLIFIC_PID%25%7D%7D' });
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('still the placeholder');
    expect(await sessionsOf('prolific-only')).toBe(0);
  });

  it('gives the completion URL and code only once the session is complete and the server holds every chunk', async () => {
    await openStudy(lab, threeScreenStudy('with-code'));
    await lab.call('PUT', '/api/lab/studies/with-code/settings', {
      target: null,
      settings: {
        ...DEFAULT_STUDY_SETTINGS,
        completionUrl: 'https://app.prolific.com/submissions/complete?cc=C0DE42&p={PROLIFIC_PID}',
        completionCode: 'C0DE42',
      },
    });
    const s = started(await enter(t, 'with-code', { PROLIFIC_PID: PID }));
    const bearer = { authorization: `Bearer ${s.token}` };
    const complete = (chunks: number) =>
      t.app.inject({ method: 'POST', url: `/api/sessions/${s.sessionId}/complete`, headers: bearer, payload: { chunks } });
    const encoded = await encodeChunks([0, 1, 2].map((seq) => ({ taskId: 1, seq, events: cursorRun(seq * 1000, 5) })));
    await t.app.inject({
      method: 'POST',
      url: `/api/sessions/${s.sessionId}/chunks`,
      headers: batchHeaders(s.token),
      payload: batchBody(encoded.slice(0, 2)),
    });
    const early = await complete(3);
    expect(early.statusCode).toBe(409);
    expect(early.json<ErrorBody>().error.problem).toMatch(/not completed yet/);
    await t.app.inject({
      method: 'PUT',
      url: `/api/sessions/${s.sessionId}`,
      headers: bearer,
      payload: { revision: 1, status: 'completed', step: 9, record: {} },
    });
    const missing = await complete(3);
    expect(missing.statusCode).toBe(409);
    expect(missing.json<ErrorBody>().error.problem).toBe('the server holds 2 of the 3 chunks recorded; send the rest first');
    await t.app.inject({
      method: 'POST',
      url: `/api/sessions/${s.sessionId}/chunks`,
      headers: batchHeaders(s.token),
      payload: batchBody(encoded),
    });
    const done = await complete(3);
    expect(done.statusCode).toBe(200);
    expect(done.json()).toEqual({
      completionUrl: `https://app.prolific.com/submissions/complete?cc=C0DE42&p=${PID}`,
      completionCode: 'C0DE42',
    });
    // Coming back after completing does not start again.
    expect(await enter(t, 'with-code', { PROLIFIC_PID: PID })).toMatchObject({ outcome: 'unavailable', reason: 'completed' });
  });

  it('keeps the participant-only endpoint for sessions from creating sessions of a server study', async () => {
    await openStudy(lab, threeScreenStudy('server-only'));
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/sessions',
      payload: { studyId: 'server-only', participantId: 'P1', consentedAt: 1, appVersion: 't', config: {} },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json<ErrorBody>().error.problem).toMatch(/start from its link/);
  });
});
