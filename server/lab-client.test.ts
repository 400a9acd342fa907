import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonObject } from '../core/protocol/json-value.ts';
import { DEFAULT_STUDY_SETTINGS } from '../core/protocol/lab.ts';
import { ResearchApi } from '../src/sync/research-api.ts';
import { MemoryOutbox } from '../src/sync/outbox.ts';
import { StudyApi } from '../src/sync/study-api.ts';
import { recruitmentParams, studyLink } from '../src/sync/study-link.ts';
import { Uploader } from '../src/sync/uploader.ts';
import { addResearcher, PASSWORD, recordFor, threeScreenStudy } from './testing/lab.ts';
import { screenStream } from './testing/participant-stream.ts';
import { createTestApp, type TestApp } from './testing/test-app.ts';

// The browser's clients (src/sync) against the real server over HTTP: a researcher sets a study up
// with ResearchApi, a participant enters through the Prolific link with StudyApi and uploads with
// the Uploader, and the researcher reads the session back for the analysis view.

let t: TestApp;
let base: string;
beforeAll(async () => {
  t = await createTestApp();
  await addResearcher(t, 'owner@lab.test', 'owner');
  // Port 0: the system picks a free one.
  await t.app.listen({ host: 'localhost', port: 0 });
  const address = t.app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  base = `http://localhost:${address.port}`;
});
afterAll(() => t.close());

/** fetch with a cookie jar, as a browser keeps the login cookie. */
function browserFetch(): typeof fetch {
  let cookie = '';
  return async (input, init) => {
    const headers = new Headers(init?.headers);
    if (cookie) headers.set('cookie', cookie);
    headers.set('origin', base);
    const res = await fetch(input, { ...init, headers });
    const set = res.headers.get('set-cookie');
    if (set) cookie = set.split(';')[0]!;
    return res;
  };
}

const value = <T>(r: { ok: true; value: T } | { ok: false }): T => {
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.value;
};

describe('the study link client and the researcher client against the server', () => {
  it('runs a Prolific participant from the link to the completion URL, and the researcher reads the session back', async () => {
    const lab = new ResearchApi({ baseUrl: base, fetch: browserFetch() });
    expect(await lab.studies()).toMatchObject({ ok: false, retry: false, status: 401 });
    value(await lab.login('owner@lab.test', PASSWORD));
    const config = threeScreenStudy('client-study');
    value(await lab.createStudy(config, null));
    value(await lab.publish('client-study'));
    value(
      await lab.updateSettings('client-study', {
        target: null,
        settings: {
          ...DEFAULT_STUDY_SETTINGS,
          completionUrl: 'https://app.prolific.com/submissions/complete?cc=XYZ123',
          completionCode: 'XYZ123',
        },
      }),
    );
    value(await lab.setState('client-study', 'open'));

    // What the researcher copies into Prolific, and what Prolific makes of it.
    const template = studyLink(base, 'client-study', 'prolific');
    expect(template).toBe(`${base}/s/client-study?PROLIFIC_PID={{%PROLIFIC_PID%}}&STUDY_ID={{%STUDY_ID%}}&SESSION_ID={{%SESSION_ID%}}`);
    const opened = new URL(
      template
        .replace('{{%PROLIFIC_PID%}}', 'pid000000000000000000001')
        .replace('{{%STUDY_ID%}}', 'st1')
        .replace('{{%SESSION_ID%}}', 'se1'),
    );

    const api = new StudyApi({ baseUrl: base });
    const resolved = value(await api.resolveLink('client-study', opened.searchParams));
    expect(resolved).toMatchObject({ outcome: 'open', participantId: 'pid000000000000000000001', resumes: false, version: 1 });
    const entered = value(
      await api.enterStudy('client-study', { params: recruitmentParams(opened.searchParams), consentedAt: Date.now(), appVersion: 'test' }),
    );
    if (entered.outcome === 'unavailable') throw new Error(entered.reason);
    const session = { sessionId: entered.sessionId, token: entered.token };

    const outbox = new MemoryOutbox();
    const chunks = [1, 31, 36].flatMap((taskId) => screenStream(taskId, 3000, 5).chunks);
    chunks.forEach((c) => outbox.add(c));
    outbox.setSession({
      status: 'completed',
      step: 12,
      record: recordFor([1, 31, 36], { validationPx: 90, validationDeg: 2.5, hz: 29, lost: 2, samples: 87 }) as JsonObject,
    });
    // Before the upload, no code.
    expect(await api.complete(session, chunks.length)).toMatchObject({ ok: false, status: 409 });
    const uploader = new Uploader({ api, session, outbox, intervalMs: 50 });
    uploader.start();
    await uploader.flush();
    await uploader.stop();
    expect(value(await api.complete(session, chunks.length))).toEqual({
      completionUrl: 'https://app.prolific.com/submissions/complete?cc=XYZ123',
      completionCode: 'XYZ123',
    });

    const list = value(await lab.sessions('client-study'));
    expect(list.sessions).toHaveLength(1);
    expect(list.sessions[0]).toMatchObject({
      participantId: 'pid000000000000000000001',
      state: 'complete',
      chunks: chunks.length,
      validationDeg: 2.5,
    });
    const data = value(await lab.sessionData('client-study', entered.sessionId));
    expect(data.record).toMatchObject({
      recruitment: { kind: 'prolific', PROLIFIC_PID: 'pid000000000000000000001', STUDY_ID: 'st1', SESSION_ID: 'se1' },
    });
    for (const taskId of [1, 31, 36])
      expect(data.events.get(taskId)).toEqual(chunks.filter((c) => c.taskId === taskId).flatMap((c) => c.events));

    // The same participant again: resumes, never starts twice.
    const again = value(
      await api.enterStudy('client-study', { params: recruitmentParams(opened.searchParams), consentedAt: Date.now(), appVersion: 'test' }),
    );
    expect(again).toMatchObject({ outcome: 'unavailable', reason: 'completed' });
    value(await lab.logout());
    expect(await lab.me()).toMatchObject({ ok: false, status: 401 });
  });
});
