import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorBody } from '../../../core/protocol/messages.ts';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import { enter, login, openStudy, ownerAndMember, threeScreenStudy, type LabClient } from '../../testing/lab.ts';

let t: TestApp;
let owner: LabClient;
let member: LabClient;
let participant: { sessionId: string; token: string };
beforeAll(async () => {
  t = await createTestApp();
  ({ owner, member } = await ownerAndMember(t));
  await openStudy(owner, threeScreenStudy('secret-study'));
  const started = await enter(t, 'secret-study', { PROLIFIC_PID: 'aaaaaaaaaaaaaaaaaaaaaaaa' });
  if (started.outcome !== 'started') throw new Error('not started');
  participant = started;
});
afterAll(() => t.close());

/** A concrete URL for a route pattern (its parameters filled with ones that exist). */
const concrete = (url: string) =>
  url
    .replace(':study', 'secret-study')
    .replace(':session', participant.sessionId)
    .replace(':researcher', '00000000-0000-4000-8000-000000000000')
    .replace(':id', '00000000-0000-4000-8000-000000000000');

describe('the researcher API', () => {
  it('answers every route without a login with 401, and no route by a participant token either', async () => {
    const routes = t.ctx.labRoutes.filter((r) => !r.public);
    expect(routes.length).toBeGreaterThanOrEqual(25);
    for (const route of routes) {
      const url = concrete(route.url);
      for (const headers of [{}, { authorization: `Bearer ${participant.token}` }, { cookie: 'cgl_lab=' + 'x'.repeat(43) }]) {
        const res = await t.app.inject({
          method: route.method as 'GET',
          url,
          headers: { ...headers, 'sec-fetch-site': 'same-origin' },
          payload: {},
        });
        expect(res.statusCode, `${route.method} ${url} ${JSON.stringify(headers)}`).toBe(401);
        expect(res.json<ErrorBody>().error.field).toBe('login');
      }
    }
    // The public ones are the login and accepting an invitation.
    expect(
      t.ctx.labRoutes
        .filter((r) => r.public)
        .map((r) => r.url)
        .sort(),
    ).toEqual(['/api/lab/invitations/accept', '/api/lab/login']);
  });

  it('answers a member without access to a study with 403 for its sessions, exports and everything else of it', async () => {
    const studyRoutes = t.ctx.labRoutes.filter((r) => !r.public && r.url.includes(':study'));
    expect(studyRoutes.map((r) => r.url)).toEqual(
      expect.arrayContaining([
        '/api/lab/studies/:study/sessions',
        '/api/lab/studies/:study/sessions/:session',
        '/api/lab/studies/:study/sessions/:session/data',
        '/api/lab/studies/:study/export.zip',
        '/api/lab/studies/:study/sessions/:session/export.zip',
      ]),
    );
    for (const route of studyRoutes) {
      const res = await member.call(route.method as 'GET', concrete(route.url), {});
      expect(res.statusCode, `${route.method} ${route.url}`).toBe(403);
      expect(res.json<ErrorBody>().error).toMatchObject({ field: 'study', problem: 'secret-study is not shared with member@lab.test' });
    }
    expect((await member.call('GET', '/api/lab/studies')).json()).toEqual([]);
    // Shared, the same member may look, but not delete the study or share it further.
    const { id: memberId } = (await member.call('GET', '/api/lab/me')).json<{ id: string }>();
    expect((await owner.call('POST', '/api/lab/studies/secret-study/access', { researcherId: memberId })).statusCode).toBe(200);
    expect((await member.call('GET', '/api/lab/studies/secret-study/sessions')).statusCode).toBe(200);
    expect((await member.call('DELETE', '/api/lab/studies/secret-study', { confirm: 'secret-study' })).statusCode).toBe(403);
    expect((await member.call('POST', '/api/lab/studies/secret-study/access', { researcherId: memberId })).statusCode).toBe(403);
    expect((await owner.call('DELETE', `/api/lab/studies/secret-study/access/${memberId}`)).statusCode).toBe(200);
    expect((await member.call('GET', '/api/lab/studies/secret-study/sessions')).statusCode).toBe(403);
  });

  it('keeps the owner-only routes from members', async () => {
    for (const [method, url, body] of [
      ['GET', '/api/lab/audit', undefined],
      ['POST', '/api/lab/invitations', { email: 'x@lab.test' }],
      ['PUT', '/api/lab/retention', { days: 30 }],
      ['DELETE', '/api/lab/researchers/00000000-0000-4000-8000-000000000000', undefined],
    ] as const) {
      const res = await member.call(method, url, body);
      expect(res.statusCode, url).toBe(403);
      expect(res.json<ErrorBody>().error.problem).toMatch(/only the lab's owner/);
    }
  });

  it('refuses a cross-origin POST, researcher’s and participant’s alike, before doing anything', async () => {
    const before = (await t.pool.query('SELECT count(*)::int AS n FROM sessions')).rows[0].n;
    const attempts = [
      {
        url: '/api/lab/studies/secret-study/state',
        headers: { cookie: owner.cookie, origin: 'https://evil.example' },
        payload: { state: 'closed' },
      },
      {
        url: '/api/lab/studies/secret-study/state',
        headers: { cookie: owner.cookie, 'sec-fetch-site': 'cross-site' },
        payload: { state: 'closed' },
      },
      {
        url: '/api/lab/studies/secret-study/state',
        headers: { cookie: owner.cookie, 'sec-fetch-site': 'same-site' },
        payload: { state: 'closed' },
      },
      { url: '/api/lab/login', headers: { origin: 'null' }, payload: { email: 'owner@lab.test', password: 'correct horse battery' } },
      {
        url: '/api/entry/secret-study',
        headers: { origin: 'https://evil.example' },
        payload: { params: {}, consentedAt: 1, appVersion: 't' },
      },
      {
        url: '/api/sessions',
        headers: { origin: 'http://localhost:1', host: 'localhost:80' },
        payload: { studyId: 'x', participantId: 'P', consentedAt: 1, appVersion: 't', config: {} },
      },
    ];
    for (const a of attempts) {
      const res = await t.app.inject({ method: 'POST', ...a });
      expect(res.statusCode, JSON.stringify(a.headers)).toBe(403);
      expect(res.json<ErrorBody>().error.field).toBe('origin');
      expect(res.json<ErrorBody>().error.problem).toMatch(/cross-origin requests are refused/);
    }
    expect((await t.pool.query('SELECT count(*)::int AS n FROM sessions')).rows[0].n).toBe(before);
    const detail = await owner.call('GET', '/api/lab/studies/secret-study');
    expect(detail.json<{ state: string }>().state).toBe('open');
    // The same request from the app's own page passes (Origin of this host, or Sec-Fetch-Site).
    const same = await t.app.inject({
      method: 'POST',
      url: '/api/lab/studies/secret-study/state',
      headers: { cookie: owner.cookie, origin: 'http://localhost:80', host: 'localhost:80' },
      payload: { state: 'open' },
    });
    expect(same.statusCode).toBe(200);
  });

  it('does not let a participant token read anything but its own upload manifest', async () => {
    const bearer = { authorization: `Bearer ${participant.token}` };
    for (const url of [
      `/api/lab/studies/secret-study/sessions/${participant.sessionId}/data`,
      `/api/lab/studies/secret-study/export.zip`,
      '/api/lab/studies',
    ]) {
      expect((await t.app.inject({ method: 'GET', url, headers: bearer })).statusCode, url).toBe(401);
    }
    // The manifest lists keys and hashes of what this browser sent: no events, no other session.
    const own = await t.app.inject({ method: 'GET', url: `/api/sessions/${participant.sessionId}`, headers: bearer });
    expect(Object.keys(own.json()).sort()).toEqual(['chunks', 'revision', 'sessionId', 'status', 'step']);
    const other = await enter(t, 'secret-study', { PROLIFIC_PID: 'bbbbbbbbbbbbbbbbbbbbbbbb' });
    if (other.outcome !== 'started') throw new Error('not started');
    const foreign = await t.app.inject({ method: 'GET', url: `/api/sessions/${other.sessionId}`, headers: bearer });
    expect(foreign.statusCode).toBe(403);
  });

  it('sets an httpOnly, SameSite=Strict login cookie scoped to /api, and ends it at logout', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/lab/login',
      payload: { email: 'member@lab.test', password: 'correct horse battery' },
    });
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^cgl_lab=[A-Za-z0-9_-]{43}; Path=\/api; HttpOnly; SameSite=Strict; Max-Age=43200$/);
    expect(res.json()).not.toHaveProperty('passwordHash');
    const session = cookie.split(';')[0]!;
    const headers = { cookie: session, 'sec-fetch-site': 'same-origin' };
    expect((await t.app.inject({ method: 'GET', url: '/api/lab/me', headers })).statusCode).toBe(200);
    const out = await t.app.inject({ method: 'POST', url: '/api/lab/logout', headers });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toContain('Max-Age=0');
    expect((await t.app.inject({ method: 'GET', url: '/api/lab/me', headers })).statusCode).toBe(401);
    const { rows } = await t.pool.query('SELECT password_hash FROM researchers');
    for (const r of rows) expect(r.password_hash).toMatch(/^scrypt\$15\$8\$1\$/);
  });

  it('refuses a wrong password with the same words as an unknown e-mail, and audits both', async () => {
    for (const email of ['owner@lab.test', 'nobody@lab.test']) {
      const res = await t.app.inject({ method: 'POST', url: '/api/lab/login', payload: { email, password: 'wrong password!' } });
      expect(res.statusCode).toBe(401);
      expect(res.json<ErrorBody>().error.problem).toBe('the e-mail or the password is wrong');
    }
    const audit = (await owner.call('GET', '/api/lab/audit')).json<{ action: string; detail: { email?: string } }[]>();
    expect(audit.filter((a) => a.action === 'login-failed').map((a) => a.detail.email)).toEqual(['nobody@lab.test', 'owner@lab.test']);
    expect(audit.filter((a) => a.action === 'login').length).toBeGreaterThanOrEqual(3);
  });

  it('slows down password guessing per e-mail (429 with Retry-After)', async () => {
    const strict = await createTestApp({ loginRates: { perSecond: 0.01, burst: 3 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await strict.app.inject({ method: 'POST', url: '/api/lab/login', payload: { email: 'a@b.c', password: 'guess ' + i } });
        statuses.push(res.statusCode);
        if (res.statusCode === 429) expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      }
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
    } finally {
      await strict.close();
    }
  });

  it('invites a member by a one-time link; the invitation logs them in and cannot be used twice', async () => {
    const invite = await owner.call('POST', '/api/lab/invitations', { email: 'New@Lab.test' });
    expect(invite.statusCode).toBe(201);
    const { token } = invite.json<{ token: string }>();
    const accept = (password: string) =>
      t.app.inject({ method: 'POST', url: '/api/lab/invitations/accept', payload: { token, name: 'New Person', password } });
    const short = await accept('short');
    expect(short.statusCode).toBe(422);
    expect(short.json<ErrorBody>().error).toMatchObject({ field: 'password', problem: 'must be at least 12 characters' });
    const ok = await accept('a long enough password');
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ email: 'new@lab.test', role: 'member', name: 'New Person' });
    expect(String(ok.headers['set-cookie'])).toMatch(/^cgl_lab=/);
    expect((await accept('a long enough password')).statusCode).toBe(404);
    await login(t, 'new@lab.test', 'a long enough password');
    const { rows } = await t.pool.query('SELECT token_sha256 FROM invitations');
    expect(JSON.stringify(rows)).not.toContain(token);
  });
});
