import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntryStartResponse } from '../../../core/protocol/entry.ts';
import { DEFAULT_STUDY_SETTINGS, type MonitorSession, type SessionDetail, type SessionsList } from '../../../core/protocol/lab.ts';
import type { ErrorBody } from '../../../core/protocol/messages.ts';
import { sweepRetention } from '../../store/retention.ts';
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
} from '../../testing/lab.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';

let t: TestApp;
let lab: LabClient;
beforeAll(async () => {
  t = await createTestApp();
  await addResearcher(t, 'owner@lab.test', 'owner');
  lab = await login(t, 'owner@lab.test');
});
afterAll(() => t.close());

type Started = Extract<EntryStartResponse, { token: string }>;
async function start(studyId: string, participant: string): Promise<Started> {
  const s = await enter(t, studyId, { participant });
  if (s.outcome === 'unavailable') throw new Error(s.reason);
  return s;
}
const list = async (studyId: string) => (await lab.call('GET', `/api/lab/studies/${studyId}/sessions`)).json<SessionsList>();
const byParticipant = (l: SessionsList, id: string) => l.sessions.find((s) => s.participantId === id)!;

describe('live monitoring', () => {
  it('lists every session with its state, screen, figures and exclusion flags as the data arrives', async () => {
    await openStudy(lab, threeScreenStudy('monitored'));
    await lab.call('PUT', '/api/lab/studies/monitored/settings', {
      target: null,
      settings: { ...DEFAULT_STUDY_SETTINGS, exclusion: { maxValidationDeg: 4, maxLossPct: 10, minGazeHz: 20 }, abandonAfterMinutes: 20 },
    });
    const consented = await start('monitored', 'CONSENTED');
    const good = await start('monitored', 'GOOD');
    const poor = await start('monitored', 'POOR');
    const gone = await start('monitored', 'GONE');
    const quiet = await start('monitored', 'QUIET');

    expect(byParticipant(await list('monitored'), 'GOOD')).toMatchObject({
      state: 'consented',
      chunks: 0,
      screensDone: 0,
      screensTotal: 3,
      version: 1,
    });

    const sent = await uploadScreens(t, good, [1, 31]);
    await putRecord(t, good, {
      revision: 1,
      status: 'active',
      step: 4,
      record: recordFor([1], { validationPx: 61, validationDeg: 1.5, hz: 29.6, lost: 3, samples: 90 }),
    });
    let row = byParticipant(await list('monitored'), 'GOOD');
    expect(row).toMatchObject({
      state: 'in progress',
      currentTaskId: 31,
      screensDone: 1,
      validationPx: 61,
      validationDeg: 1.5,
      gazeSource: 'webgazer',
      excludedBy: [],
    });
    expect(row.chunks).toBe(sent.length);
    expect(row.bytes).toBeGreaterThan(1000);
    expect(row.gazeHz).toBeCloseTo(29.6, 3);
    expect(row.lossPct).toBeCloseTo(3.33, 2);
    await uploadScreens(t, good, [36]);
    await putRecord(t, good, {
      revision: 2,
      status: 'completed',
      step: 9,
      record: recordFor([1, 31, 36], { validationPx: 61, validationDeg: 1.5, hz: 29.6, lost: 3, samples: 90 }),
    });

    await uploadScreens(t, poor, [1], { seed: 2 });
    await putRecord(t, poor, {
      revision: 1,
      status: 'active',
      step: 3,
      record: recordFor([1], { validationPx: 240, validationDeg: 6.2, hz: 12, lost: 30, samples: 100 }),
    });
    await uploadScreens(t, quiet, [1], { seed: 3 });
    await t.pool.query(`UPDATE sessions SET updated_at = now() - interval '21 minutes' WHERE id = $1`, [quiet.sessionId]);
    const withdrawn = await t.app.inject({
      method: 'DELETE',
      url: `/api/sessions/${gone.sessionId}`,
      headers: { authorization: `Bearer ${gone.token}` },
    });
    expect(withdrawn.statusCode).toBe(204);

    const now = await list('monitored');
    expect(now.withdrawn).toBe(1);
    expect(now.sessions.map((s) => [s.participantId, s.state]).sort()).toEqual([
      ['CONSENTED', 'consented'],
      ['GOOD', 'complete'],
      ['POOR', 'in progress'],
      ['QUIET', 'abandoned'],
    ]);
    row = byParticipant(now, 'POOR');
    expect(row.excludedBy).toEqual(['validation error 6.2° > 4°', 'tracking loss 30.0 % > 10 %', 'gaze rate 12.0 Hz < 20 Hz']);
    expect(byParticipant(now, 'GOOD')).toMatchObject({ state: 'complete', screensDone: 3, currentTaskId: 36, excludedBy: [] });
    expect(byParticipant(now, 'CONSENTED').validationDeg).toBeNull();
    expect(consented.sessionId).toBe(byParticipant(now, 'CONSENTED').id);

    // A session's page: quality over the screens, in the order the participant saw them.
    const detail = (await lab.call('GET', `/api/lab/studies/monitored/sessions/${good.sessionId}`)).json<SessionDetail>();
    const order = good.firstTask === 'Free_browsing' ? [1, 31, 36] : [31, 36, 1];
    expect(detail.screens.map((s) => s.taskId)).toEqual(order);
    for (const screen of detail.screens) {
      expect(screen).toMatchObject({ samples: 90, gazeHz: 29.6, task: expect.any(String) });
      expect(screen.chunks).toBe(sent.filter((c) => c.taskId === screen.taskId).length || screen.chunks);
      expect(screen.events).toBeGreaterThan(100);
    }
    expect(detail.environment).toMatchObject({ viewport: { w: 1536, h: 730 } });
  });

  it('deletes a session only when the confirmation names its participant, and audits it', async () => {
    const s = await start('monitored', 'DELETE_ME');
    await uploadScreens(t, s, [1]);
    const url = `/api/lab/studies/monitored/sessions/${s.sessionId}`;
    const wrong = await lab.call('DELETE', url, { confirm: 'someone else' });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json<ErrorBody>().error).toMatchObject({
      field: 'confirm',
      problem: 'must be the participant id, "DELETE_ME", to delete the session',
    });
    const ok = await lab.call('DELETE', url, { confirm: 'DELETE_ME' });
    expect(ok.json()).toMatchObject({ deleted: s.sessionId, participantId: 'DELETE_ME', chunks: expect.any(Number) });
    expect((await t.pool.query('SELECT count(*)::int AS n FROM chunks WHERE session_id = $1', [s.sessionId])).rows[0].n).toBe(0);
    expect((await list('monitored')).sessions.some((x) => x.participantId === 'DELETE_ME')).toBe(false);
    // The participant's token is dead with it.
    const after = await t.app.inject({
      method: 'GET',
      url: `/api/sessions/${s.sessionId}`,
      headers: { authorization: `Bearer ${s.token}` },
    });
    expect(after.statusCode).toBe(404);
    const audit = (await lab.call('GET', '/api/lab/audit')).json<{ action: string; sessionId: string; actor: string }[]>();
    expect(audit[0]).toMatchObject({ action: 'session-deleted', sessionId: s.sessionId, actor: 'owner@lab.test' });
  });

  it('deletes a whole study with its sessions only when the confirmation names the study', async () => {
    await openStudy(lab, threeScreenStudy('doomed'));
    const s = await start('doomed', 'P1');
    await uploadScreens(t, s, [1]);
    expect((await lab.call('DELETE', '/api/lab/studies/doomed', { confirm: 'doomed?' })).statusCode).toBe(422);
    const ok = await lab.call('DELETE', '/api/lab/studies/doomed', { confirm: 'doomed' });
    expect(ok.json()).toMatchObject({ deleted: 'doomed', sessions: 1 });
    for (const table of ['studies', 'study_versions', 'sessions'])
      expect(
        (await t.pool.query(`SELECT count(*)::int AS n FROM ${table} WHERE ${table === 'studies' ? 'id' : 'study_id'} = 'doomed'`)).rows[0]
          .n,
        table,
      ).toBe(0);
    expect((await t.app.inject({ method: 'GET', url: '/s/doomed' })).statusCode).toBe(404);
    const audit = (await lab.call('GET', '/api/lab/audit')).json<{ action: string; studyId: string; detail: object }[]>();
    expect(audit[0]).toMatchObject({ action: 'study-deleted', studyId: 'doomed', detail: { sessions: 1 } });
  });

  it('deletes sessions older than the retention setting, and audits the sweep', async () => {
    await openStudy(lab, threeScreenStudy('retained'));
    const old = await start('retained', 'OLD');
    const recent = await start('retained', 'RECENT');
    await t.pool.query(`UPDATE sessions SET created_at = now() - interval '40 days' WHERE id = $1`, [old.sessionId]);
    expect(await sweepRetention(t.pool)).toBe(0); // no setting: nothing expires
    const set = await lab.call('PUT', '/api/lab/retention', { days: 30 });
    expect(set.json()).toEqual({ days: 30 });
    expect((await lab.call('PUT', '/api/lab/retention', { days: 0 })).statusCode).toBe(422);
    expect(await sweepRetention(t.pool)).toBeGreaterThanOrEqual(1);
    const ids = (await list('retained')).sessions.map((s: MonitorSession) => s.id);
    expect(ids).toEqual([recent.sessionId]);
    const audit = (await lab.call('GET', '/api/lab/audit')).json<{ action: string; studyId: string; detail: { sessions: number } }[]>();
    expect(audit.find((a) => a.action === 'retention-delete' && a.studyId === 'retained')?.detail.sessions).toBe(1);
    await lab.call('PUT', '/api/lab/retention', { days: null });
  });
});
