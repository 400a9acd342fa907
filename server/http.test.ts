import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECURITY_HEADERS } from '../core/protocol/security-headers.ts';
import { batchBody, batchHeaders, cursorRun, encodeChunks } from './testing/batches.ts';
import { createTestApp, type TestApp } from './testing/test-app.ts';

let t: TestApp;
let dist: string;
beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), 'cgl-dist-'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>app</title>');
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'assets', 'main-abc123.js'), 'console.log(1)');
  t = await createTestApp({ frontend: { kind: 'static', distDir: dist } });
});
afterAll(async () => {
  await t.close();
  rmSync(dist, { recursive: true, force: true });
});

describe('the server over HTTP', () => {
  it('sends the security headers with pages, files and API answers alike', async () => {
    for (const url of ['/', '/studio', '/assets/main-abc123.js', '/api/health', '/api/nothing']) {
      const res = await t.app.inject({ method: 'GET', url });
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(res.headers[name.toLowerCase()], `${url} ${name}`).toBe(value);
      expect(res.headers['set-cookie'], url).toBeUndefined();
    }
    const csp = SECURITY_HEADERS['Content-Security-Policy']!;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toMatch(/https?:/);
  });

  it('serves the app’s pages from index.html, hashed assets as immutable, and a named 404 elsewhere', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/analysis?session=x' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<title>app</title>');
    expect((await t.app.inject({ method: 'GET', url: '/assets/main-abc123.js' })).headers['cache-control']).toContain('immutable');
    const missingFile = await t.app.inject({ method: 'GET', url: '/missing.js' });
    expect(missingFile.statusCode).toBe(404);
    const api = await t.app.inject({ method: 'GET', url: '/api/nothing' });
    expect(api.statusCode).toBe(404);
    expect(api.json()).toEqual({
      error: { field: 'path', problem: 'GET /api/nothing does not exist', message: 'path: GET /api/nothing does not exist' },
    });
  });

  it('answers no cross-origin request: no CORS headers, preflights fail', async () => {
    const preflight = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/sessions',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.statusCode).toBe(404);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    const post = await t.app.inject({ method: 'GET', url: '/api/health', headers: { origin: 'https://evil.example' } });
    expect(post.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('sheds load past its in-flight limit with 503 and Retry-After, and recovers', async () => {
    const busy = await createTestApp({ maxInFlight: 1 });
    try {
      const s = await busy.createSession();
      const encoded = await encodeChunks([{ taskId: 1, seq: 0, events: cursorRun(0, 3) }]);
      const send = () =>
        busy.app.inject({
          method: 'POST',
          url: `/api/sessions/${s.sessionId}/chunks`,
          headers: batchHeaders(s.token),
          payload: batchBody(encoded),
        });
      const [a, b] = await Promise.all([send(), send()]);
      expect([a.statusCode, b.statusCode].sort()).toEqual([200, 503]);
      const shed = a.statusCode === 503 ? a : b;
      expect(shed.headers['retry-after']).toBe('1');
      expect(shed.json()).toMatchObject({ error: { field: 'server', problem: 'is busy; retry in a second' } });
      expect((await send()).json()).toEqual({ results: [{ taskId: 1, seq: 0, outcome: 'duplicate' }] });
      expect((await busy.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    } finally {
      await busy.close();
    }
  });

  it('never logs a client address', async () => {
    const s = await t.createSession();
    const encoded = await encodeChunks([{ taskId: 1, seq: 0, events: cursorRun(0, 3) }]);
    await t.app.inject({
      method: 'POST',
      url: `/api/sessions/${s.sessionId}/chunks`,
      headers: batchHeaders(s.token),
      payload: batchBody(encoded),
    });
    await t.app.inject({
      method: 'POST',
      url: `/api/sessions/${s.sessionId}/chunks`,
      headers: batchHeaders('x'.repeat(43)),
      payload: batchBody(encoded),
    });
    await t.app.inject({ method: 'GET', url: '/api/nothing', remoteAddress: '203.0.113.7' });
    await t.app.inject({ method: 'GET', url: '/api/health', headers: { 'x-forwarded-for': '198.51.100.9' } });
    expect(t.logs.length).toBeGreaterThan(0);
    const all = t.logs.join('\n');
    expect(all).toContain('refused');
    for (const address of ['127.0.0.1', '203.0.113.7', '198.51.100.9', 'remoteAddress', 'hostname']) expect(all).not.toContain(address);
  });
});
