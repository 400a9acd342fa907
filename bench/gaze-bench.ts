// Gaze benchmark: the built app in headless Chromium with the fake-camera face video; WebGazer and
// the worker engine, one after the other in one run, each calibrated through the participant flow,
// then a carousel screen with paging, scrolling and hovering. Prints per engine the gaze rate,
// main-thread long tasks by cause, and input delays of clicks and hovers; then each engine's
// accuracy and precision on the synthetic participant (accuracy-bench.ts), still and moving, and
// both side by side with the issue's goals.
// Run: `npx tsx bench/gaze-bench.ts` (or `npm run bench -- gaze`). BENCH_SECONDS sets the window,
// BENCH_ENGINES=webgazer,worker which engines run, BENCH_PORT the preview port,
// BENCH_CONDITIONS=still,moves,turns the synthetic conditions (BENCH_ACCURACY=0: none).
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { samplingRate } from '../analysis/validation-metrics.ts';
import { precisionPx } from '../e2e/synthetic/engine-variants.ts';
import type { PilotResult } from '../e2e/synthetic/pilot-run.ts';
import { CONDITIONS, loadLine, row, runCondition, TABLE_HEADER } from './accuracy-bench.ts';
import { launchChromium } from './support/browser.ts';
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

import { BASE_URL, ensurePreviewServer } from './support/preview-server.ts';

export { BASE_URL, ensurePreviewServer, PORT } from './support/preview-server.ts';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

/** Built chunks holding WebGazer / MediaPipe code, to tell library long tasks from app ones. */
export function libraryScriptNames(): string[] {
  const dir = join(ROOT, 'dist', 'assets');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter(
    (f) => f.endsWith('.js') && /faceFeedbackBoxRatio|face_mesh_solution/.test(readFileSync(join(dir, f), 'utf8')),
  );
}

type Engine = 'webgazer' | 'worker';

interface PageTimings {
  longtasks: { start: number; duration: number }[];
  frames: { start: number; duration: number; scripts: { start: number; url: string; fn: string; invoker: string; duration: number }[] }[];
  /** Event Timing entries (duration ≥ 16 ms, the API's floor): input delay = processingStart − startTime. */
  events: { name: string; start: number; delay: number; duration: number }[];
  /** Every click and hover, seen by a capture listener: the event's own delay (handler start − timeStamp). */
  inputs: { name: string; start: number; delay: number }[];
}

// Collected in the page from the first script on: long tasks, long animation frames (with the
// scripts that ran in them, which is what lets us attribute time to a file), and input delays.
// Plain JS text: a function compiled by tsx would call its `__name` helper, unknown in the page.
const PERF_INIT = `(() => {
  const p = (window.__perf = { longtasks: [], frames: [], events: [], inputs: [] });
  const observe = (type, fn, extra) => {
    try {
      new PerformanceObserver((list) => fn(list.getEntries())).observe({ type, buffered: true, ...extra });
    } catch {}
  };
  observe('longtask', (es) => es.forEach((e) => p.longtasks.push({ start: e.startTime, duration: e.duration })));
  observe('long-animation-frame', (es) =>
    es.forEach((e) =>
      p.frames.push({
        start: e.startTime,
        duration: e.duration,
        scripts: (e.scripts || []).map((s) => ({ start: s.startTime, url: s.sourceURL, fn: s.sourceFunctionName, invoker: s.invoker, duration: s.duration })),
      }),
    ),
  );
  observe('event', (es) => es.forEach((e) => p.events.push({ name: e.name, start: e.startTime, delay: e.processingStart - e.startTime, duration: e.duration })), { durationThreshold: 16 });
  for (const name of ['click', 'pointerdown', 'pointerover', 'mouseover'])
    addEventListener(name, (e) => p.inputs.push({ name, start: e.timeStamp, delay: performance.now() - e.timeStamp }), { capture: true, passive: true });
})();`;

export interface GazeSession {
  browser: Browser;
  page: Page;
  participant: string;
  engine: Engine;
  /** Camera-setup page until the tracker runs (import + begin + first status poll). */
  beginMs: number;
  /** The app's User Timing entries for the engine's start (webgazer:import/begin, gaze-engine:start/model). */
  timing: Record<string, number>;
  rounds: number;
}

/** Launches Chromium with the face camera and walks the study to its first carousel screen. */
export async function openCalibratedScreen(participant: string, engine: Engine = 'webgazer'): Promise<GazeSession> {
  const video = buildFaceVideo();
  if (!video.ok) throw new Error(`fake-camera video: ${video.reason}`);
  const browser = await launchWithCamera([...FAKE_CAMERA, `--use-file-for-fake-video-capture=${video.path}`]);
  const context = await browser.newContext({ baseURL: BASE_URL, viewport: { width: 1920, height: 945 } });
  await context.addInitScript({ content: PERF_INIT });
  const page = await context.newPage();
  page.on('dialog', (d) => void d.dismiss());
  await page.goto(webgazerStudyUrl(participant, 'pilot', engine));
  await agreeToConsent(page);
  const beginMs = await passCameraSetup(page);
  await passScreenSize(page);
  const timing = await page.evaluate(() =>
    Object.fromEntries(
      performance
        .getEntriesByType('measure')
        .filter((m) => m.name.startsWith('webgazer:') || m.name.startsWith('gaze-engine:'))
        .map((m) => [m.name, Math.round(m.duration)]),
    ),
  );
  const rounds = await calibrateUntilDone(page);
  await openFirstScreen(page);
  return { browser, page, participant, engine, beginMs, timing, rounds };
}

/** Step `i` of browsing the carousel like a participant: page a row forward, scroll, look for up to `waitMs`. */
export async function browseStep(page: Page, i: number, waitMs = 2500): Promise<void> {
  const arrow = page.locator(`[data-aoi=forward][data-row="${(i % 3) + 1}"]`);
  // The pointer itself, not locator.click(): its actionability checks time out while a busy main
  // thread (WebGazer's inference) cannot answer, and the click would silently not happen.
  const box = await arrow.boundingBox().catch(() => null);
  if (box) await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, i % 2 ? -300 : 300);
  await page.waitForTimeout(waitMs);
}

/** Pages and scrolls the carousel like a participant, for `ms`. */
export async function browseFor(page: Page, ms: number): Promise<void> {
  const end = Date.now() + ms;
  for (let i = 0; Date.now() < end; i++) await browseStep(page, i, Math.min(2500, Math.max(0, end - Date.now())));
}

/** Like browseFor, with the pointer sweeping across a row of tiles between steps (hover events). */
async function browseAndHover(page: Page, ms: number): Promise<void> {
  const end = Date.now() + ms;
  for (let i = 0; Date.now() < end; i++) {
    await browseStep(page, i, 0);
    const y = 250 + (i % 3) * 220;
    await page.mouse.move(100, y);
    await page.mouse.move(1800, y, { steps: 24 });
    await page.waitForTimeout(Math.min(1500, Math.max(0, end - Date.now())));
  }
}

const fmt = (v: number | null, d = 1) => (v === null ? 'n/a' : v.toFixed(d));

export function percentile(values: readonly number[], p: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

type Cause = 'tracking' | 'app' | 'no script (layout, paint, GC)';

/**
 * Which code a long task belongs to: the category with the most script time inside it, from the
 * long animation frames' script entries. Tracking = WebGazer/MediaPipe files, or the worker engine's
 * message handler on the main thread.
 */
export function attributeLongTasks(
  longtasks: PageTimings['longtasks'],
  frames: PageTimings['frames'],
  isTracking: (s: PageTimings['frames'][number]['scripts'][number]) => boolean,
): { cause: Cause; duration: number }[] {
  const scripts = frames.flatMap((f) => f.scripts);
  return longtasks.map((l) => {
    let tracking = 0;
    let app = 0;
    for (const s of scripts) {
      const overlap = Math.min(l.start + l.duration, s.start + s.duration) - Math.max(l.start, s.start);
      if (overlap <= 0) continue;
      if (isTracking(s)) tracking += overlap;
      else app += overlap;
    }
    const cause: Cause = tracking === 0 && app === 0 ? 'no script (layout, paint, GC)' : tracking >= app ? 'tracking' : 'app';
    return { cause, duration: l.duration };
  });
}

interface EngineFigures {
  engine: Engine;
  setup: string;
  samples: number;
  tracked: number;
  hz: number | null;
  intervalMedianMs: number | null;
  longtasks: { cause: Cause; duration: number }[];
  /** Input delays of clicks and hovers: listener-measured, and Event Timing (entries ≥ 16 ms only). */
  delays: { click: number[]; hover: number[] };
  eventTiming: { click: number[]; hover: number[]; unreported: number };
  topTracking: string[];
}

async function measureEngine(engine: Engine, seconds: number, library: string[]): Promise<EngineFigures> {
  const session = await openCalibratedScreen(`${engine}-bench-${Date.now().toString(36)}`, engine);
  try {
    const { page } = session;
    const t0 = await page.evaluate(() => performance.now());
    await browseAndHover(page, seconds * 1000);
    const t1 = await page.evaluate(() => performance.now());
    await page.waitForTimeout(800); // recorder flush

    const gaze = gazeOf(await readParticipantEvents(page, session.participant));
    const tracked = gaze.filter((e) => e.x !== null);
    const rate = samplingRate(tracked.map((e) => e.t));
    const perf = await page.evaluate(() => (window as unknown as { __perf: PageTimings }).__perf);
    const inWindow = <T extends { start: number }>(xs: T[]) => xs.filter((x) => x.start >= t0 && x.start <= t1);
    const isLibrary = (url: string) => url.includes('/mediapipe/') || library.some((name) => url.endsWith(name));
    const isTracking = (s: { url: string; invoker: string }) => isLibrary(s.url) || s.invoker.startsWith('Worker.onmessage');
    const frames = inWindow(perf.frames);
    const longtasks = attributeLongTasks(inWindow(perf.longtasks), frames, isTracking);
    const inputs = inWindow(perf.inputs);
    const events = inWindow(perf.events);
    const isHover = (name: string) => name.endsWith('over');
    const trackingScripts = frames
      .flatMap((f) => f.scripts)
      .filter(isTracking)
      .sort((a, b) => b.duration - a.duration);
    const setup = Object.entries(session.timing)
      .map(([k, v]) => `${k} ${v} ms`)
      .join(', ');
    return {
      engine,
      setup: `${setup}; setup page → tracking ${session.beginMs} ms; calibration rounds ${session.rounds + 1}`,
      samples: gaze.length,
      tracked: tracked.length,
      hz: rate.achievedHz,
      intervalMedianMs: rate.intervalMedianMs,
      longtasks,
      delays: {
        click: inputs.filter((e) => e.name === 'click' || e.name === 'pointerdown').map((e) => e.delay),
        hover: inputs.filter((e) => isHover(e.name)).map((e) => e.delay),
      },
      eventTiming: {
        click: events.filter((e) => e.name === 'click' || e.name === 'pointerdown').map((e) => e.delay),
        hover: events.filter((e) => isHover(e.name)).map((e) => e.delay),
        unreported: Math.max(0, inputs.length - events.filter((e) => ['click', 'pointerdown'].includes(e.name) || isHover(e.name)).length),
      },
      topTracking: trackingScripts.slice(0, 2).map((s) => `${s.duration.toFixed(0)} ms ${s.invoker} ${s.url.replace(BASE_URL, '')}`),
    };
  } finally {
    await session.browser.close();
  }
}

function printFigures(f: EngineFigures, seconds: number): void {
  const byCause = (c: Cause) => f.longtasks.filter((l) => l.cause === c).map((l) => l.duration);
  const tracking = byCause('tracking');
  const p95 = (xs: number[]) => fmt(percentile(xs, 95), 0);
  console.log(`\n  ${f.engine === 'webgazer' ? 'WebGazer (main thread)' : 'worker engine (gaze=worker)'}`);
  console.log(`    start: ${f.setup}`);
  console.log(
    `    gaze: ${f.tracked}/${f.samples} non-null; median interval ${fmt(f.intervalMedianMs)} ms → ${fmt(f.hz)} Hz (${fmt(f.tracked / seconds)} samples/s)`,
  );
  console.log(
    `    main-thread long tasks: ${f.longtasks.length}; caused by tracking ${tracking.length} (p95 ${p95(tracking)} ms), app ${byCause('app').length} (p95 ${p95(byCause('app'))} ms), no script ${byCause('no script (layout, paint, GC)').length} (p95 ${p95(byCause('no script (layout, paint, GC)'))} ms)`,
  );
  for (const s of f.topTracking) console.log(`      longest tracking script: ${s}`);
  console.log(
    `    input delay p95 (listener, every event): clicks ${p95(f.delays.click)} ms (n=${f.delays.click.length}), hovers ${p95(f.delays.hover)} ms (n=${f.delays.hover.length})`,
  );
  const et = (xs: number[]) => (xs.length ? `${xs.length} entries ≥ 16 ms, max ${fmt(Math.max(...xs), 0)} ms` : 'none ≥ 16 ms');
  console.log(
    `    Event Timing: clicks ${et(f.eventTiming.click)}; hovers ${et(f.eventTiming.hover)}; ${f.eventTiming.unreported} events under the 16-ms floor`,
  );
}

export async function runGazeBench(): Promise<void> {
  const seconds = Number(process.env.BENCH_SECONDS ?? 20);
  const engines = (process.env.BENCH_ENGINES ?? 'webgazer,worker')
    .split(',')
    .filter((e): e is Engine => e === 'webgazer' || e === 'worker');
  const stopServer = await ensurePreviewServer();
  const library = libraryScriptNames();
  try {
    const figures: EngineFigures[] = [];
    for (const engine of engines) figures.push(await measureEngine(engine, seconds, library));
    console.log(
      `\nGaze benchmark: ${engines.join(' vs ')}, fake face camera, built app, ${seconds} s carousel screen with paging, scrolling, hovering`,
    );
    console.log(
      `  machine: ${cpus().length} cores, load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' / ')} (1/5/15 min)`,
    );
    for (const f of figures) printFigures(f, seconds);
    const wg = figures.find((f) => f.engine === 'webgazer');
    const wk = figures.find((f) => f.engine === 'worker');
    if (wk) {
      const trackingTasks = wk.longtasks.filter((l) => l.cause === 'tracking').length;
      const delay = Math.max(percentile(wk.delays.click, 95) ?? 0, percentile(wk.delays.hover, 95) ?? 0);
      console.log('\n  goals for the worker engine:');
      console.log(`    0 main-thread long tasks caused by tracking: ${trackingTasks === 0 ? 'met' : `NOT met (${trackingTasks})`}`);
      console.log(`    input delay p95 ≤ 50 ms (clicks and hovers): ${delay <= 50 ? 'met' : 'NOT met'} (${fmt(delay, 0)} ms)`);
      if (wg)
        console.log(
          `    Hz at least WebGazer's: ${(wk.hz ?? 0) >= (wg.hz ?? Infinity) ? 'met' : 'NOT met'} (${fmt(wk.hz)} vs ${fmt(wg.hz)} Hz)`,
        );
    }
    if (process.env.BENCH_ACCURACY !== '0') await accuracySideBySide(engines, figures);
  } finally {
    stopServer();
  }
}

interface AccuracyFigures {
  condition: string;
  moving: boolean;
  runs: PilotResult[];
}

/** The synthetic participant, still and moving, with each engine; then everything side by side. */
async function accuracySideBySide(engines: Engine[], figures: EngineFigures[]): Promise<void> {
  const only = (process.env.BENCH_CONDITIONS ?? 'still,moves,turns').split(',');
  const conditions = CONDITIONS.filter((c) => only.includes(c.key));
  const browser = await launchChromium();
  const out = mkdtempSync(join(tmpdir(), 'gaze-bench-accuracy-'));
  const results = new Map<Engine, AccuracyFigures[]>(engines.map((e) => [e, []]));
  try {
    console.log(`\nAccuracy on the synthetic participant (pilot study, one run per condition and engine; ${loadLine()} at the start)`);
    console.log(TABLE_HEADER);
    for (const c of conditions)
      for (const engine of engines) {
        const runs = await runCondition(browser, engine, c, 1, out, false);
        results.get(engine)!.push({ condition: c.name, moving: c.sway !== null, runs });
        console.log(`| ${row(`${c.name}: ${engine === 'worker' ? 'worker engine' : 'WebGazer'}`, runs)} | (${loadLine()})`);
      }
  } finally {
    await browser.close();
  }

  const avg = (xs: (number | null | undefined)[]) => {
    const v = xs.filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
    return v.length ? v.reduce((s, x) => s + x, 0) / v.length : null;
  };
  const of = (engine: Engine, moving: boolean, f: (r: PilotResult) => number | null | undefined) =>
    avg((results.get(engine) ?? []).filter((a) => a.moving === moving).flatMap((a) => a.runs.map(f)));
  const share = (engine: Engine, moving: boolean, f: (d: PilotResult['recoveries'][number]) => boolean) => {
    const all = (results.get(engine) ?? []).filter((a) => a.moving === moving).flatMap((a) => a.runs.flatMap((r) => r.recoveries));
    return all.length ? (100 * all.filter(f).length) / all.length : null;
  };
  const perf = (engine: Engine) => figures.find((f) => f.engine === engine);
  const cell = (engine: Engine, line: string) => {
    const f = perf(engine);
    const tracking = f?.longtasks.filter((l) => l.cause === 'tracking').map((l) => l.duration) ?? [];
    const v = (moving: boolean) => ({
      err: of(engine, moving, (r) => r.errors.meanPx),
      tile: of(engine, moving, (r) => r.errors.withinOneTilePct),
      on: of(engine, moving, (r) => r.errors.onTilePct),
      prec: of(engine, moving, (r) => precisionPx(r.sampleErrors)),
      val: of(engine, moving, (r) => r.validation.meanErrorPx),
      valSd: of(engine, moving, (r) => r.validation.meanPrecisionSdPx),
      row: share(engine, moving, (d) => d.rowRight),
      pos: share(engine, moving, (d) => d.positionRight),
    });
    switch (line) {
      case 'Hz (fake camera, browsing)':
        return fmt(f?.hz ?? null);
      case 'long tasks caused by tracking: count, p95':
        return f ? `${tracking.length}, p95 ${fmt(percentile(tracking, 95), 0)} ms` : 'n/a';
      case 'input delay p95: clicks / hovers':
        return f ? `${fmt(percentile(f.delays.click, 95), 0)} / ${fmt(percentile(f.delays.hover, 95), 0)} ms` : 'n/a';
      default: {
        const m = line.includes('moving');
        const x = v(m);
        if (line.startsWith('validation')) return `${fmt(x.val, 0)} px, SD ${fmt(x.valSd, 0)} px`;
        if (line.startsWith('screen error')) return `${fmt(x.err, 0)} px; on tile ${fmt(x.on, 0)}%, within 1 tile ${fmt(x.tile, 0)}%`;
        if (line.startsWith('precision')) return `${fmt(x.prec, 0)} px`;
        return `${fmt(x.row, 0)}% / ${fmt(x.pos, 0)}%`;
      }
    }
  };
  const lines = [
    'Hz (fake camera, browsing)',
    'long tasks caused by tracking: count, p95',
    'input delay p95: clicks / hovers',
    'validation accuracy, still head',
    'screen error vs truth, still head',
    'precision (SD within a dwell), still head',
    'planted dwells right row / row+position, still head',
    'validation accuracy, head moving',
    'screen error vs truth, head moving',
    'precision (SD within a dwell), head moving',
    'planted dwells right row / row+position, head moving',
  ];
  console.log(`\nSide by side (${loadLine()} at the end)`);
  console.log(`| | ${engines.map((e) => (e === 'worker' ? 'worker engine' : 'WebGazer')).join(' | ')} |`);
  console.log(`|---|${engines.map(() => '---').join('|')}|`);
  for (const line of lines) console.log(`| ${line} | ${engines.map((e) => cell(e, line)).join(' | ')} |`);
  if (results.has('webgazer') && results.has('worker')) {
    const wg = of('webgazer', true, (r) => r.errors.meanPx);
    const wk = of('worker', true, (r) => r.errors.meanPx);
    if (wg !== null && wk !== null) {
      const better = (100 * (wg - wk)) / wg;
      console.log(
        `  goal, accuracy with head movement ≥ 30 % better than WebGazer's: ${better >= 30 ? 'met' : 'NOT met'} (screen error ${fmt(wk, 0)} vs ${fmt(wg, 0)} px: ${fmt(better, 0)} % better)`,
      );
    }
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await runGazeBench();
