// A browser killed with SIGKILL in the middle of a screen: how much of what the page received is
// lost. The cursor moves are numbered (x = moveX(i)) and the time each was delivered is noted; after
// the kill the same profile is opened again (the studio page stores what pages left unsaved) and
// the last stored move says how long before the kill recording stopped reaching the disk.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { CHROMIUM_ARGS } from '../../playwright.config.ts';
import { cursorXs, moveX, MOVE_Y } from './recorder-driver.ts';
import { readChunks, readSession, readStore, toFirstScreen } from './study-driver.ts';

export interface CrashResult {
  /** ms between the last move stored and the kill. */
  lostMs: number;
  moves: number;
  storedMoves: number;
}

const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/** Chromium with a profile of its own (so that it can be killed and opened again). */
export function launch(dir: string, baseURL: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(dir, {
    executablePath: SYSTEM_CHROMIUM,
    args: CHROMIUM_ARGS,
    baseURL,
    viewport: { width: 1920, height: 945 },
  });
}

/** The browser process of a profile (the one without --type=: renderers and helpers have one). */
export function browserPid(dir: string): number {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let cmd: string;
    try {
      cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    const args = cmd.split('\0');
    if (args.includes(`--user-data-dir=${dir}`) && !args.some((a) => a.startsWith('--type='))) return Number(entry);
  }
  throw new Error(`no browser process for ${dir}`);
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One run: `movingMs` of cursor moves on screen 1 of the pilot, then SIGKILL of the browser. */
export async function crashRun(baseURL: string, movingMs = 3000): Promise<CrashResult> {
  const dir = mkdtempSync(join(tmpdir(), 'cgl-crash-'));
  const pid = `crash_${Date.now().toString(36)}`;
  try {
    const first = await launch(dir, baseURL);
    const page = first.pages()[0] ?? (await first.newPage());
    await toFirstScreen(page, pid);
    const browser = browserPid(dir);
    const delivered: number[] = [];
    const start = Date.now();
    let i = 0;
    while (Date.now() - start < movingMs) {
      await page.mouse.move(moveX(i), MOVE_Y + (i % 2));
      delivered[i++] = Date.now();
      await sleep(8);
    }
    const killedAt = Date.now();
    process.kill(browser, 'SIGKILL');
    for (let t = 0; t < 100 && alive(browser); t++) await sleep(50);
    await first.close().catch(() => undefined);

    const second = await launch(dir, baseURL);
    try {
      const again = second.pages()[0] ?? (await second.newPage());
      await again.goto('/studio');
      const stored = await storedMoves(again, pid);
      const last = stored.length ? Math.max(...stored.map((x) => x - moveX(0))) : -1;
      return { lostMs: last < 0 ? killedAt - start : killedAt - delivered[last]!, moves: i, storedMoves: stored.length };
    } finally {
      await second.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The numbered moves stored for the participant, once the studio page has stored what was left unsaved. */
async function storedMoves(page: Page, participant: string): Promise<number[]> {
  let previous = -1;
  for (let attempt = 0; attempt < 40; attempt++) {
    const session = await readSession(page, participant).catch(() => undefined);
    if (session) {
      const tails = (await readStore(page, 'tails')).length;
      const xs = cursorXs((await readChunks(page, session.id)).flatMap((c) => c.events));
      if (tails === 0 && xs.length === previous) return xs;
      previous = xs.length;
    }
    await sleep(250);
  }
  throw new Error('the stored session did not settle');
}
