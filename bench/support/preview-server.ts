// The built app served by `vite preview` for the benches: reused when something already answers
// on the port, else started (and built first when dist/ is missing) and stopped afterwards.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { get } from 'node:http';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** BENCH_PORT: use an app already served elsewhere (e.g. a private build while others use 4173). */
export const PORT = Number(process.env.BENCH_PORT ?? 4173);
export const BASE_URL = `http://localhost:${PORT}`;
const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

function listening(): Promise<boolean> {
  // node:http rather than fetch: fetch refuses some ports (e.g. 4190) outright.
  return new Promise((resolve) => {
    const req = get(BASE_URL, { timeout: 2000 }, (res) => {
      res.resume();
      resolve((res.statusCode ?? 500) < 400);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
  });
}

/** Makes sure the built app is served on localhost:4173; returns a function that stops what it started. */
export async function ensurePreviewServer(): Promise<() => void> {
  if (await listening()) return () => undefined;
  if (!existsSync(join(ROOT, 'dist', 'index.html'))) {
    console.log('gaze bench: no dist/, running vite build…');
    const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('vite build failed');
  }
  const server: ChildProcess = spawn('npx', ['vite', 'preview', '--host', 'localhost', '--port', String(PORT), '--strictPort'], {
    cwd: ROOT,
    stdio: 'ignore',
    detached: true,
  });
  for (let i = 0; i < 60; i++) {
    if (await listening()) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  if (!(await listening())) throw new Error(`vite preview did not start on port ${PORT}`);
  return () => {
    if (server.pid) process.kill(-server.pid);
  };
}
