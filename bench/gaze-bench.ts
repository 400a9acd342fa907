// Gaze benchmark: the built app in headless Chromium with the fake-camera face video, the real
// WebGazer calibrated through the participant flow, then a carousel screen with some paging and
// scrolling. Prints the achieved gaze rate and main-thread long tasks (app vs library).
// Run: `npx tsx bench/gaze-bench.ts` (or `npm run bench -- gaze`). BENCH_SECONDS sets the window.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { get } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { samplingRate } from '../analysis/validation-metrics.ts';
import { buildFaceVideo } from '../e2e/fixtures/face-video.ts';
import {
  agreeToConsent,
  calibrateUntilDone,
  FAKE_CAMERA,
  gazeOf,
  launchWithCamera,
  openFirstScreen,
  passCameraSetup,
  passScreenSize,
  readParticipantEvents,
  webgazerStudyUrl,
} from '../e2e/fixtures/webgazer-driver.ts';

/** BENCH_PORT: use an app already served elsewhere (e.g. a private build while others use 4173). */
export const PORT = Number(process.env.BENCH_PORT ?? 4173);
export const BASE_URL = `http://localhost:${PORT}`;
const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

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

/** Built chunks holding WebGazer / MediaPipe code, to tell library long tasks from app ones. */
export function libraryScriptNames(): string[] {
  const dir = join(ROOT, 'dist', 'assets');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter(
    (f) => f.endsWith('.js') && /faceFeedbackBoxRatio|face_mesh_solution/.test(readFileSync(join(dir, f), 'utf8')),
  );
}

// Collected in the page from the first script on: long tasks and long animation frames (with the
// scripts that ran in them, which is what lets us attribute time to a file).
const PERF_INIT = () => {
  const w = window as unknown as {
    __perf: {
      longtasks: { start: number; duration: number }[];
      frames: { start: number; duration: number; scripts: { url: string; fn: string; invoker: string; duration: number }[] }[];
    };
  };
  w.__perf = { longtasks: [], frames: [] };
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__perf.longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // not supported
  }
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as (PerformanceEntry & {
        scripts?: { sourceURL: string; sourceFunctionName: string; invoker: string; duration: number }[];
      })[])
        w.__perf.frames.push({
          start: e.startTime,
          duration: e.duration,
          scripts: (e.scripts ?? []).map((s) => ({ url: s.sourceURL, fn: s.sourceFunctionName, invoker: s.invoker, duration: s.duration })),
        });
    }).observe({ type: 'long-animation-frame', buffered: true });
  } catch {
    // not supported
  }
};

export interface GazeSession {
  browser: Browser;
  page: Page;
  participant: string;
  /** Camera-setup page until the tracker runs (import + begin + first status poll). */
  beginMs: number;
  /** Lazy import of the WebGazer chunk, and begin() itself (User Timing from the app). */
  importMs: number | null;
  beginCallMs: number | null;
  rounds: number;
}

/** Launches Chromium with the face camera and walks the study to its first carousel screen. */
export async function openCalibratedScreen(participant: string): Promise<GazeSession> {
  const video = buildFaceVideo();
  if (!video.ok) throw new Error(`fake-camera video: ${video.reason}`);
  const browser = await launchWithCamera([...FAKE_CAMERA, `--use-file-for-fake-video-capture=${video.path}`]);
  const context = await browser.newContext({ baseURL: BASE_URL, viewport: { width: 1920, height: 945 } });
  await context.addInitScript(PERF_INIT);
  const page = await context.newPage();
  page.on('dialog', (d) => void d.dismiss());
  await page.goto(webgazerStudyUrl(participant));
  await agreeToConsent(page);
  const beginMs = await passCameraSetup(page);
  await passScreenSize(page);
  const timing = await page.evaluate(() =>
    Object.fromEntries(
      performance
        .getEntriesByType('measure')
        .filter((m) => m.name.startsWith('webgazer:'))
        .map((m) => [m.name, Math.round(m.duration)]),
    ),
  );
  const rounds = await calibrateUntilDone(page);
  await openFirstScreen(page);
  return {
    browser,
    page,
    participant,
    beginMs,
    importMs: timing['webgazer:import'] ?? null,
    beginCallMs: timing['webgazer:begin'] ?? null,
    rounds,
  };
}

/** Step `i` of browsing the carousel like a participant: page a row forward, scroll, look for up to `waitMs`. */
export async function browseStep(page: Page, i: number, waitMs = 2500): Promise<void> {
  const arrow = page.locator(`[data-aoi=forward][data-row="${(i % 3) + 1}"]`);
  if (await arrow.isVisible().catch(() => false)) await arrow.click({ timeout: 2000 }).catch(() => undefined);
  await page.mouse.wheel(0, i % 2 ? -300 : 300);
  await page.waitForTimeout(waitMs);
}

/** Pages and scrolls the carousel like a participant, for `ms`. */
export async function browseFor(page: Page, ms: number): Promise<void> {
  const end = Date.now() + ms;
  for (let i = 0; Date.now() < end; i++) await browseStep(page, i, Math.min(2500, Math.max(0, end - Date.now())));
}

const fmt = (v: number | null, d = 1) => (v === null ? 'n/a' : v.toFixed(d));

export async function runGazeBench(): Promise<void> {
  const seconds = Number(process.env.BENCH_SECONDS ?? 20);
  const stopServer = await ensurePreviewServer();
  const library = libraryScriptNames();
  let session: GazeSession | null = null;
  try {
    session = await openCalibratedScreen(`wg-bench-${Date.now().toString(36)}`);
    const { page } = session;
    const t0 = await page.evaluate(() => performance.now());
    await browseFor(page, seconds * 1000);
    const t1 = await page.evaluate(() => performance.now());
    await page.waitForTimeout(800); // recorder flush

    const gaze = gazeOf(await readParticipantEvents(page, session.participant));
    const tracked = gaze.filter((e) => e.x !== null);
    const rate = samplingRate(tracked.map((e) => e.t));
    const perf = await page.evaluate(
      () =>
        (
          window as unknown as {
            __perf: {
              longtasks: { start: number; duration: number }[];
              frames: { start: number; duration: number; scripts: { url: string; fn: string; invoker: string; duration: number }[] }[];
            };
          }
        ).__perf,
    );
    const inWindow = <T extends { start: number }>(xs: T[]) => xs.filter((x) => x.start >= t0 && x.start <= t1);
    const longtasks = inWindow(perf.longtasks)
      .map((l) => l.duration)
      .sort((a, b) => a - b);
    const isLibrary = (url: string) => url.includes('/mediapipe/') || library.some((name) => url.endsWith(name));
    const scripts = inWindow(perf.frames).flatMap((f) => f.scripts);
    const appScripts = scripts.filter((s) => !isLibrary(s.url)).sort((a, b) => b.duration - a.duration);
    const libScripts = scripts.filter((s) => isLibrary(s.url)).sort((a, b) => b.duration - a.duration);
    const appOver50 = appScripts.filter((s) => s.duration > 50);

    console.log(`\nGaze benchmark (real WebGazer, fake camera, built app, ${seconds} s carousel screen with paging/scrolling)`);
    // WebGazer runs FaceMesh on the main thread: its rate falls with any other load on the machine.
    console.log(
      `  machine: ${cpus().length} cores, load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' / ')} (1/5/15 min)`,
    );
    console.log(
      `  import('webgazer') ${session.importMs ?? 'n/a'} ms, begin() ${session.beginCallMs ?? 'n/a'} ms, setup page → tracking ${session.beginMs} ms; calibration rounds: ${session.rounds + 1}`,
    );
    console.log(
      `  gaze: ${tracked.length}/${gaze.length} non-null samples; median interval ${fmt(rate.intervalMedianMs)} ms (IQR ${fmt(rate.intervalIqrMs)} ms) → ${fmt(rate.achievedHz)} Hz  [target ≥ 15 Hz: ${rate.achievedHz !== null && rate.achievedHz >= 15 ? 'met' : 'NOT met'}]`,
    );
    console.log(
      `  long tasks: ${longtasks.length} (${fmt(longtasks.length / seconds, 2)}/s), median ${fmt(longtasks[Math.floor(longtasks.length / 2)] ?? null, 0)} ms, max ${fmt(longtasks.at(-1) ?? null, 0)} ms`,
    );
    console.log(
      `  in long animation frames: library scripts ${libScripts.length} (max ${fmt(libScripts[0]?.duration ?? null, 0)} ms), app scripts ${appScripts.length} (max ${fmt(appScripts[0]?.duration ?? null, 0)} ms)`,
    );
    for (const s of appScripts.slice(0, 3))
      console.log(`    app: ${s.duration.toFixed(0)} ms ${s.invoker} ${s.fn} ${s.url.replace(BASE_URL, '')}`);
    console.log(`  [target: no app script > 50 ms: ${appOver50.length === 0 ? 'met' : `NOT met (${appOver50.length})`}]`);
  } finally {
    await session?.browser.close();
    stopServer();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await runGazeBench();
