// `npm run soak` (not in CI): a long participant session with a real webcam gaze engine on the fake
// camera: WebGazer, or the worker engine with SOAK_GAZE=worker. It walks the built-in RecGaze
// study (40 screens) like a participant: pages and scrolls each carousel screen for
// SOAK_SCREEN_SECONDS (default 60), picks a movie, answers the questions, passes drift checks
// (recalibrating when asked), for SOAK_MINUTES (default 30), and prints every minute the gaze rate
// of the samples recorded that minute, the JS heap after a forced GC, and the screens done, so a
// slowdown or a leak over a real session's length shows (WebGazer #171, #323). Every
// SOAK_SNAPSHOT_EVERY minutes (default 5; 0 = never) a heap snapshot splits the heap into compiled
// code (JIT output, which grows while functions tier up), JS objects and native objects, and at the
// end the object groups that grew most are listed. Every minute it also prints what the page's heap
// leaves out: the resident memory of the browser's renderer and GPU processes and, with the worker
// engine, the worker's JS heap and MediaPipe's wasm heap in it.
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { rateOfIntervals } from '../analysis/validation-metrics.ts';
import type { RecordedEvent } from '../core/events.ts';
import { buildFaceVideo } from '../e2e/fixtures/face-video.ts';
import {
  answerSurveyPage,
  calibrate,
  calibrateUntilDone,
  FAKE_CAMERA,
  launchWithCamera,
  passCameraSetup,
  passScreenSize,
  webgazerStudyUrl,
} from '../e2e/fixtures/webgazer-driver.ts';
import { BASE_URL, browseStep, ensurePreviewServer } from './gaze-bench.ts';
import { heapBreakdown, heapGrowth, type HeapBreakdown } from './support/heap-breakdown.ts';
import { chromiumMemory } from './support/process-memory.ts';
import { WorkerHeaps } from './support/worker-memory.ts';

const GAZE_SOURCES = ['webgazer', 'worker'] as const;
type SoakGaze = (typeof GAZE_SOURCES)[number];

function soakGaze(value = 'webgazer'): SoakGaze {
  if ((GAZE_SOURCES as readonly string[]).includes(value)) return value as SoakGaze;
  throw new Error(`SOAK_GAZE must be one of ${GAZE_SOURCES.join(', ')}, got "${value}"`);
}

const mb = (bytes: number | null | undefined) => (bytes === null || bytes === undefined ? '-' : (bytes / 1e6).toFixed(1));

const visible = (page: Page, selector: string) =>
  page
    .locator(selector)
    .first()
    .isVisible()
    .catch(() => false);

/** Answers the survey page on screen (pre, per-selection, post) and submits it. */
export async function fillSurvey(page: Page): Promise<void> {
  await answerSurveyPage(page);
  await page
    .locator('form.survey')
    .getByRole('button', { name: /Continue|Finish/ })
    .click();
  await page.waitForTimeout(300);
}

/** Chunks written since `afterId` (the chunk store's auto-increment key is write order). */
async function chunksAfter(page: Page, afterId: number): Promise<{ id: number; taskId: number; events: RecordedEvent[] }[]> {
  return page.evaluate(
    (after) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('carousel-gaze-lab');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const req = db.transaction('chunks').objectStore('chunks').getAll(IDBKeyRange.lowerBound(after, true));
          req.onsuccess = () => {
            db.close();
            resolve(req.result as { id: number; taskId: number; events: RecordedEvent[] }[]);
          };
          req.onerror = () => reject(req.error);
        };
      }),
    afterId,
  );
}

/** Moves the participant on by one action: a paging/scrolling step or a selection on a carousel, or whatever page is up. */
export class Participant {
  screens = 0;
  calibrations = 0;
  private screenStart: number | null = null;
  private step = 0;
  private idle = 0;
  finished = false;
  constructor(
    private readonly page: Page,
    private readonly screenMs: number,
  ) {}

  async act(): Promise<void> {
    const page = this.page;
    if (await visible(page, '[data-aoi=tile]')) {
      this.screenStart ??= Date.now();
      const i = this.step++;
      if (Date.now() - this.screenStart < this.screenMs) return browseStep(page, i);
      const tile = page.locator(`[data-aoi=tile][data-row="${(this.screens % 3) + 1}"][data-column="${(this.screens % 4) + 1}"]`);
      await tile.scrollIntoViewIfNeeded();
      await tile.hover();
      await tile.click();
      this.screens++;
      this.screenStart = null;
      return;
    }
    this.screenStart = null;
    if (await visible(page, 'form.survey')) return fillSurvey(page);
    if (
      await page
        .getByRole('button', { name: /^Calibration point 1 of \d+$/ })
        .isVisible()
        .catch(() => false)
    ) {
      this.calibrations++;
      await calibrate(page);
      return;
    }
    for (const name of ['Start', 'Continue', 'Continue anyway']) {
      const button = page.getByRole('button', { name, exact: true });
      if (await button.isVisible().catch(() => false)) {
        await button.click();
        return;
      }
    }
    if (
      await page
        .getByRole('button', { name: /Download my data/ })
        .isVisible()
        .catch(() => false)
    ) {
      this.finished = true;
      return;
    }
    if (++this.idle % 60 === 0) {
      const headings = await page.getByRole('heading').allInnerTexts();
      const buttons = await page.getByRole('button').allInnerTexts();
      console.log(`soak: waiting on a page with headings ${JSON.stringify(headings)} and buttons ${JSON.stringify(buttons.slice(0, 8))}`);
    }
    await page.waitForTimeout(500);
  }
}

export async function runSoak(): Promise<void> {
  const minutes = Number(process.env.SOAK_MINUTES ?? 30);
  const screenSeconds = Number(process.env.SOAK_SCREEN_SECONDS ?? 60);
  const snapshotEvery = Number(process.env.SOAK_SNAPSHOT_EVERY ?? 5);
  const gaze = soakGaze(process.env.SOAK_GAZE);
  if (!(minutes > 0)) throw new Error(`SOAK_MINUTES must be > 0, got ${process.env.SOAK_MINUTES}`);
  if (!(screenSeconds > 0)) throw new Error(`SOAK_SCREEN_SECONDS must be > 0, got ${process.env.SOAK_SCREEN_SECONDS}`);
  const video = buildFaceVideo();
  if (!video.ok) throw new Error(`fake-camera video: ${video.reason}`);
  const stopServer = await ensurePreviewServer();
  const browser = await launchWithCamera([...FAKE_CAMERA, `--use-file-for-fake-video-capture=${video.path}`]);
  try {
    const context = await browser.newContext({ baseURL: BASE_URL, viewport: { width: 1920, height: 945 } });
    const page = await context.newPage();
    page.on('dialog', (d) => void d.dismiss());
    const cdp = await context.newCDPSession(page);
    const workers = await WorkerHeaps.attach(page, cdp);
    await page.goto(webgazerStudyUrl(`${gaze}-soak-${Date.now().toString(36)}`, 'recgaze', gaze));
    await page.getByRole('checkbox', { name: /I agree/ }).check();
    await page.getByRole('button', { name: 'Start' }).click();
    // The pre-survey, page by page, up to the camera setup.
    const cameraSetup = page.getByRole('heading', { name: 'Camera setup' });
    await page.locator('form.survey').or(cameraSetup).first().waitFor();
    for (let guard = 0; guard < 20 && (await visible(page, 'form.survey')); guard++) await fillSurvey(page);
    await passCameraSetup(page);
    await passScreenSize(page);
    await calibrateUntilDone(page);
    const participant = new Participant(page, screenSeconds * 1000);
    const engine = gaze === 'worker' ? 'the worker engine' : 'real WebGazer';
    console.log(`soak: ${minutes} min of the RecGaze study, ${screenSeconds} s per carousel screen, ${engine} on the fake camera`);
    console.log(
      'minute  gaze Hz  median ms  IQR ms  non-null  JS heap MB  snapshot MB: code / JS objects / native  screens  calib.  load' +
        '  renderer / GPU RSS MB  worker JS / wasm MB',
    );
    const memory: { minute: number; renderer: number; gpu: number; workerJs: number | null; wasm: number | null }[] = [];
    const snapshots: { minute: number; heap: HeapBreakdown }[] = [];
    let lastChunk = 0;
    let nextReport = Date.now() + 60_000;
    for (let m = 1; m <= minutes && !participant.finished;) {
      await participant.act();
      if (Date.now() < nextReport) continue;
      nextReport += 60_000;
      // Gaze rate of this minute's samples, intervals taken within each screen (times restart per screen).
      const chunks = await chunksAfter(page, lastChunk);
      lastChunk = chunks.reduce((max, c) => Math.max(max, c.id), lastChunk);
      const intervals: number[] = [];
      const lastT = new Map<number, number>();
      let tracked = 0;
      let total = 0;
      for (const c of chunks) {
        for (const e of c.events) {
          if (e.kind !== 'gaze') continue;
          total++;
          if (e.x === null) continue;
          tracked++;
          const prev = lastT.get(c.taskId);
          if (prev !== undefined && e.t > prev) intervals.push(e.t - prev);
          lastT.set(c.taskId, e.t);
        }
      }
      const rate = rateOfIntervals(intervals, tracked);
      await cdp.send('HeapProfiler.collectGarbage');
      const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
      let split = '';
      if (snapshotEvery > 0 && (m === 1 || m % snapshotEvery === 0 || m === minutes)) {
        const b = await heapBreakdown(cdp);
        snapshots.push({ minute: m, heap: b });
        split = `${(b.codeBytes / 1e6).toFixed(1)} / ${(b.jsBytes / 1e6).toFixed(1)} / ${(b.nativeBytes / 1e6).toFixed(1)}`;
      }
      const rss = chromiumMemory();
      const engineWorker = (await workers.measure()).find((w) => w.url.includes('engine.worker'));
      const renderer = rss?.byType.get('renderer') ?? 0;
      const gpu = rss?.byType.get('gpu-process') ?? 0;
      memory.push({ minute: m, renderer, gpu, workerJs: engineWorker?.jsBytes ?? null, wasm: engineWorker?.wasmBytes ?? null });
      const processes = rss ? `${mb(renderer)} / ${mb(gpu)}` : '-';
      const worker = engineWorker ? `${mb(engineWorker.jsBytes)} / ${mb(engineWorker.wasmBytes)}` : '-';
      console.log(
        `${String(m).padStart(6)}  ${(rate.achievedHz ?? 0).toFixed(1).padStart(7)}  ${(rate.intervalMedianMs ?? 0).toFixed(0).padStart(9)}  ${(rate.intervalIqrMs ?? 0).toFixed(0).padStart(6)}  ${`${tracked}/${total}`.padStart(8)}  ${(heap.usedSize / 1e6).toFixed(1).padStart(10)}  ${split.padStart(40)}  ${String(participant.screens).padStart(7)}  ${String(participant.calibrations).padStart(6)}  ${(loadavg()[0] ?? 0).toFixed(1).padStart(4)}  ${processes.padStart(21)}  ${worker.padStart(19)}`,
      );
      m++;
    }
    if (participant.finished) console.log(`soak: the study ended after ${participant.screens} screens`);
    const m0 = memory[0];
    const m1 = memory.at(-1);
    if (m0 && m1 && m1 !== m0) {
      const perMin = (a: number | null, b: number | null) =>
        a === null || b === null ? '-' : `${mb(b - a)} MB (${((b - a) / 1e6 / (m1.minute - m0.minute)).toFixed(2)} MB/min)`;
      console.log(
        `memory, minute ${m0.minute} → ${m1.minute}: renderer RSS ${perMin(m0.renderer, m1.renderer)}, GPU process RSS ${perMin(m0.gpu, m1.gpu)}, ` +
          `engine worker JS heap ${perMin(m0.workerJs, m1.workerJs)}, wasm heap ${perMin(m0.wasm, m1.wasm)}`,
      );
    }
    const first = snapshots[0];
    const last = snapshots.at(-1);
    if (first && last && last !== first) {
      console.log(`heap groups that grew most, minute ${first.minute} → ${last.minute} (snapshot self sizes):`);
      for (const line of heapGrowth(first.heap, last.heap)) console.log(`  ${line}`);
    }
  } finally {
    await browser.close();
    stopServer();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await runSoak();
