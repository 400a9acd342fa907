import { spawn, type ChildProcess } from 'node:child_process';

export { stopLeftoverPostgres } from '../db/embedded.ts';

const ROOT = new URL('../../', import.meta.url).pathname;

export interface ServerProcess {
  url: string;
  pid: number;
  /** Everything the server printed (for a failing test's message). */
  output(): string;
  /** SIGKILL: no shutdown at all (its embedded PostgreSQL keeps running, as after a crash). */
  kill(): Promise<void>;
  /** SIGTERM: the server's own orderly shutdown. */
  stop(): Promise<void>;
}

export interface ServerProcessOptions {
  port: number;
  env: Record<string, string>;
}

/** `server/main.ts` in its own Node process, as `npm run serve` runs it; resolves once /api/health answers. */
export async function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...options.env, PORT: String(options.port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://localhost:${options.port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}) before answering:\n${out}`);
    const ok = await fetch(`${url}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the server did not answer within 90 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return { url, pid: child.pid!, output: () => out, kill: () => end('SIGKILL'), stop: () => end('SIGTERM') };
}
