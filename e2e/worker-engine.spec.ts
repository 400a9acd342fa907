// The worker gaze engine (gaze=worker) in headless Chromium with the fake face camera: the pilot
// end to end, its samples in IndexedDB and in the export, and its failure paths.
import { readFileSync } from 'node:fs';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import type { GazeEvent } from '../core/events.ts';
import { buildFaceVideo } from './fixtures/face-video.ts';
import {
  agreeToConsent,
  calibrate,
  calibrateUntilDone,
  FAKE_CAMERA,
  faceStatus,
  launchWithCamera,
  openFirstScreen,
  passCameraSetup,
  passScreenSize,
  webgazerStudyUrl,
} from './fixtures/webgazer-driver.ts';
import { fillSurvey, readEvents, readSession, selectTile, startScreen } from './support/study-driver.ts';

const BASE_URL = `http://localhost:${Number(process.env.E2E_PORT ?? 4173)}`;

const face = buildFaceVideo();
if (!face.ok && process.env.CI === 'true') throw new Error(`worker engine e2e: cannot build the fake-camera video: ${face.reason}`);
const faceCamera = () => [...FAKE_CAMERA, `--use-file-for-fake-video-capture=${face.ok ? face.path : ''}`];

interface RawScreen {
  taskId: number;
  gaze: { source: string; t: number[]; x: (number | null)[] };
  events: unknown[];
}

const uid = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

async function openStudy(
  browser: Browser,
  participant: string,
  before?: (page: Page) => Promise<void>,
  study?: { path: string; config: unknown },
) {
  const context = await browser.newContext({ baseURL: BASE_URL, viewport: { width: 1920, height: 945 }, acceptDownloads: true });
  // A config "hosted" on the app's own origin (the app fetches ?study=<url> same-origin).
  if (study) await context.route(`${BASE_URL}${study.path}`, (route) => route.fulfill({ json: study.config }));
  const page = await context.newPage();
  const offsite: string[] = [];
  const onRequest = (url: string) => {
    if (!url.startsWith(BASE_URL) && !url.startsWith('data:') && !url.startsWith('blob:')) offsite.push(url);
  };
  page.on('request', (r) => onRequest(r.url()));
  page.on('worker', (w) => onRequest(w.url()));
  await page.goto(
    study ? `/?${new URLSearchParams({ study: study.path, participant })}` : webgazerStudyUrl(participant, 'pilot', 'worker'),
  );
  await before?.(page);
  await expect(page.getByText('We estimate where you look on the screen through your webcam')).toBeVisible();
  await agreeToConsent(page);
  return { page, offsite };
}

/** Keeps every camera stream the page opens, to check its tracks later. */
async function keepStreams(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { streams: MediaStream[] };
    w.streams = [];
    const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = async (c) => {
      const stream = await original(c);
      w.streams.push(stream);
      return stream;
    };
  });
}
const trackStates = (page: Page) =>
  page.evaluate(() => (window as unknown as { streams: MediaStream[] }).streams.flatMap((s) => s.getTracks().map((t) => t.readyState)));

test.describe('worker gaze engine (real face mesh in a Web Worker, fake camera)', () => {
  test.skip(!face.ok, face.ok ? '' : face.reason);

  test('runs the pilot end to end: its gaze reaches IndexedDB and the export, nothing leaves the origin', async () => {
    test.setTimeout(300_000);
    const browser = await launchWithCamera(faceCamera());
    try {
      const pid = `engine-e2e-${uid()}`;
      const { page, offsite } = await openStudy(browser, pid, keepStreams);

      await expect(page.getByRole('heading', { name: 'Camera setup' })).toBeVisible();
      await expect(faceStatus(page)).toBeVisible({ timeout: 60_000 });
      await expect(faceStatus(page)).not.toHaveText(/No face found/, { timeout: 20_000 });
      await expect(page.locator('#gazeEngineVideo')).toBeVisible();
      const timing = await page.evaluate(() =>
        Object.fromEntries(
          performance
            .getEntriesByType('measure')
            .filter((m) => m.name.startsWith('gaze-engine:'))
            .map((m) => [m.name, Math.round(m.duration)]),
        ),
      );
      expect(timing['gaze-engine:start']).toBeGreaterThan(0);
      await page.getByRole('button', { name: 'Continue' }).click();
      await expect(page.locator('#gazeEngineVideo')).toHaveCount(0); // the preview goes with the setup page

      await passScreenSize(page);
      const rounds = await calibrateUntilDone(page);

      // Free browsing: look around for a few seconds, then pick a movie.
      await page.getByRole('button', { name: 'Continue' }).click();
      await startScreen(page);
      // Gaze flows: wait until the stored tracked samples span 3 s (a fixed wait assumed a rate).
      const trackedSpanS = async () => {
        const s = (await readSession(page, pid))!;
        const task = Math.min(...Object.keys(s.screens).map(Number));
        const t = (await readEvents(page, s.id, task)).filter((e) => e.kind === 'gaze' && e.x !== null).map((e) => e.t);
        return t.length > 1 ? (t.at(-1)! - t[0]!) / 1000 : 0;
      };
      await expect.poll(trackedSpanS, { timeout: 90_000, intervals: [1000] }).toBeGreaterThan(3);
      await selectTile(page, 1, 2);
      await page.getByRole('radio', { name: 'I have heard of the movie' }).check();
      await page.getByRole('checkbox', { name: 'Because of the poster' }).check();
      await page.getByRole('button', { name: 'Continue' }).click();
      // Semi-free and direct search; a drift check may come first (the pilot config decides).
      await page.getByRole('button', { name: 'Continue' }).click();
      await startScreen(page);
      const actionRow = await page.locator('h2.row-title', { hasText: /^Action$/ }).getAttribute('data-row');
      await selectTile(page, Number(actionRow), 3);
      await fillSurvey(page);
      await startScreen(page);
      await selectTile(page, 5, 1);
      await expect(page.getByRole('heading', { name: 'Thank you!' })).toBeVisible({ timeout: 20_000 });

      // The page says thank you as the completed record is being written: read it once it is stored.
      await expect.poll(async () => (await readSession(page, pid))?.status).toBe('completed');
      const session = (await readSession(page, pid))!;
      expect(session.gazeSource).toBe('worker');
      expect(session.flags.filter((f) => f.endsWith('-gaze') || f === 'mouse-fallback')).toEqual([]);
      const setup = session.calibration.find((c) => (c as { kind?: string }).kind === 'calibration') as
        { source: string; recalibrations: number; validation?: { points: unknown[]; meanErrorPx: number | null } } | undefined;
      expect(setup?.source).toBe('worker');
      expect(setup?.recalibrations).toBe(rounds);
      expect(setup?.validation?.meanErrorPx).not.toBeNull();

      // Every screen recorded engine samples; the first one at a living rate (a floor, not a speed).
      const tasks = Object.keys(session.screens).map(Number);
      expect(tasks.length).toBe(3);
      const stored = new Map<number, GazeEvent[]>();
      for (const task of tasks)
        stored.set(
          task,
          (await readEvents(page, session.id, task)).filter((e): e is GazeEvent => e.kind === 'gaze'),
        );
      for (const gaze of stored.values()) {
        expect(gaze.every((e) => e.source === 'worker')).toBe(true);
        expect(gaze.filter((e) => e.x !== null && e.y !== null).length).toBeGreaterThan(0);
        for (const e of gaze) if (e.x === null) expect(['no-face', 'not-calibrated']).toContain(e.lost);
      }
      const first = stored.get(Math.min(...tasks))!.filter((e) => e.x !== null);
      const spanS = (first.at(-1)!.t - first[0]!.t) / 1000;
      const hz = (first.length - 1) / spanS;
      console.log(
        `worker engine e2e: start ${timing['gaze-engine:start']} ms (model ${timing['gaze-engine:model']} ms); calibration rounds ${rounds + 1}; ` +
          `validation mean error ${Math.round(setup!.validation!.meanErrorPx!)} px; first screen ${first.length} samples over ${spanS.toFixed(1)} s = ${hz.toFixed(1)} Hz`,
      );
      // A liveness floor, not a speed (the gaze bench measures the rate), as in the WebGazer test.
      expect(spanS).toBeGreaterThan(3);
      expect(hz).toBeGreaterThan(2);

      // The export holds every stored gaze sample of every screen.
      const downloading = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Download my data' }).click();
      const path = test.info().outputPath('export.zip');
      await (await downloading).saveAs(path);
      const files = unzipSync(new Uint8Array(readFileSync(path)));
      const raw = strFromU8(files['raw/events.jsonl']!)
        .split('\n')
        .filter(Boolean)
        .map((l) => (JSON.parse(l) as { screen?: RawScreen }).screen)
        .filter((r): r is RawScreen => r !== undefined);
      for (const [task, gaze] of stored) {
        const screen = raw.find((r) => r.taskId === task);
        // Gaze samples are stored as columns; any sample not in canonical form would be among the other events.
        const verbatim = (screen?.events ?? []).filter((e) => (e as { kind?: string }).kind === 'gaze').length;
        expect(screen?.gaze.source).toBe('worker');
        expect((screen?.gaze.t.length ?? 0) + verbatim).toBe(gaze.length);
        expect(screen?.gaze.x.filter((x) => x !== null).length).toBe(gaze.filter((e) => e.x !== null).length);
      }
      const samples = strFromU8(files['gaze_samples.csv']!).trim().split('\n');
      expect(samples.length).toBeGreaterThan(first.length);

      // Completion stopped the engine: the camera is off.
      await expect.poll(() => trackStates(page)).not.toContain('live');
      expect(offsite).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  test('a study configured for the worker engine: drift check before the second screen, stored with the session', async () => {
    test.setTimeout(240_000);
    const mini = JSON.parse(readFileSync('e2e/support/valid-mini-config.json', 'utf8')) as {
      screens: { taskId: number }[];
      gaze: Record<string, unknown>;
    };
    const config = {
      ...mini,
      id: 'engine-drift',
      screens: [mini.screens[0], { ...mini.screens[0], taskId: 2 }],
      gaze: { ...mini.gaze, source: 'worker', driftCheckEvery: 1, driftThresholdPx: 250, maxRecalibrations: 0, allowMouseFallback: true },
    };
    const browser = await launchWithCamera(faceCamera());
    try {
      const pid = `engine-drift-${uid()}`;
      const { page } = await openStudy(browser, pid, undefined, { path: '/engine-drift-study.json', config });
      await passCameraSetup(page);
      await passScreenSize(page);
      await calibrate(page);
      await expect(page.getByRole('heading', { name: /^Eye tracking is/ })).toBeVisible({ timeout: 40_000 });
      await page.getByRole('button', { name: /^Continue( anyway)?$/ }).click();
      await openFirstScreen(page);
      await selectTile(page, 1, 2);
      await page.getByRole('radio', { name: 'I have heard of the movie' }).check();
      await page.getByRole('checkbox', { name: 'Because of the poster' }).check();
      await page.getByRole('button', { name: 'Continue' }).click();

      await expect(page.getByRole('heading', { name: 'Quick check' })).toBeVisible();
      const recalibrate = page.getByRole('button', { name: /^Calibration point 1 of/ });
      const next = page.getByRole('button', { name: 'Start' });
      await expect(recalibrate.or(next)).toBeVisible({ timeout: 20_000 });
      const recalibrated = await recalibrate.isVisible();
      if (recalibrated) await calibrate(page);
      await expect(next).toBeVisible({ timeout: 20_000 });

      const session = (await readSession(page, pid))!;
      expect(session.gazeSource).toBe('worker');
      const drift = session.calibration.find((c) => (c as { kind?: string }).kind === 'drift') as
        { passed: boolean; offsetPx: number | null; samples: number; recalibrated: boolean; source: string; skipped?: boolean } | undefined;
      expect(drift?.source).toBe('worker');
      expect(drift?.skipped).toBeUndefined();
      expect(drift!.samples).toBeGreaterThanOrEqual(3); // a floor that holds on a loaded machine (10 needed ≥ 6.7 Hz)
      expect(drift!.offsetPx).not.toBeNull();
      expect(drift!.passed).toBe(drift!.offsetPx! <= 250);
      expect(drift!.recalibrated).toBe(recalibrated);
    } finally {
      await browser.close();
    }
  });

  test('the measured screen reaches the worker, a fresh worker takes over between screens, and a resumed session sends the stored one', async () => {
    test.setTimeout(240_000);
    const browser = await launchWithCamera(faceCamera());
    try {
      const pid = `engine-screen-${uid()}`;
      const context = await browser.newContext({ baseURL: BASE_URL, viewport: { width: 1920, height: 945 } });
      // The measurement hook's only effect here: the worker is replaced after every screen, not after 4 minutes.
      await context.addInitScript(() => {
        (globalThis as { __gazeEngineBench?: unknown }).__gazeEngineBench = { refreshAfterMs: 0 };
      });
      const page = await context.newPage();
      await page.goto(webgazerStudyUrl(pid, 'pilot', 'worker'));
      await agreeToConsent(page);
      await passCameraSetup(page);
      const viewing = () =>
        page.evaluate(() =>
          performance.getEntriesByName('gaze-engine:viewing').map((m) => ({ at: m.startTime, ...(m as PerformanceMark).detail })),
        );
      // Unmeasured: the worker confirms the assumed 96 px per inch at 60 cm.
      await expect.poll(async () => (await viewing()).at(-1)).toMatchObject({ pxPerCm: 96 / 2.54, distanceCm: 60 });

      // A 30-cm-wide screen at 45 cm.
      await page.getByRole('heading', { name: 'Screen size and distance' }).waitFor();
      await page.getByRole('radio', { name: /I know the width/ }).check();
      await page.getByLabel('Screen width (cm)').fill('30');
      await page.getByLabel(/Viewing distance/).fill('45');
      await page.getByRole('button', { name: 'Continue' }).click();
      const screenWidth = await page.evaluate(() => screen.width);
      const measured = { pxPerCm: screenWidth / 30, distanceCm: 45 };
      await expect.poll(async () => (await viewing()).at(-1)).toMatchObject(measured);

      await calibrateUntilDone(page);
      await openFirstScreen(page);
      await page.waitForTimeout(2000);
      await selectTile(page, 1, 2);
      await expect(page.getByRole('radio', { name: 'I have heard of the movie' })).toBeVisible();

      // Between screens a fresh worker took over: it runs with the calibration and the measurement.
      const refreshEnd = async () =>
        page.evaluate(() => {
          const m = performance.getEntriesByName('gaze-engine:refresh').at(-1);
          return m ? m.startTime + m.duration : null;
        });
      await expect.poll(refreshEnd, { timeout: 30_000 }).not.toBeNull();
      const since = (await refreshEnd())!;
      const after = async () =>
        page.evaluate(
          (t) =>
            (
              (globalThis as { __gazeEngineBench?: { samples?: { t: number; x: number | null }[] } }).__gazeEngineBench?.samples ?? []
            ).filter((s) => s.t > t),
          since,
        );
      await expect.poll(async () => (await after()).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(10);
      const samples = await after();
      expect(samples.filter((s) => s.x !== null).length / samples.length).toBeGreaterThan(0.5); // calibrated, not 'not-calibrated'
      expect((await viewing()).filter((v) => v.at > since - 30_000).at(-1)).toMatchObject(measured);

      // A reload: the resumed session's stored measurement reaches the new page's engine before the form, which starts from it.
      await page.reload();
      await page.getByRole('radio', { name: 'I have heard of the movie' }).check();
      await page.getByRole('checkbox', { name: 'Because of the poster' }).check();
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('button', { name: 'Continue' }).click(); // the next block's introduction
      await expect(page.getByRole('heading', { name: 'Camera setup' })).toBeVisible({ timeout: 30_000 });
      await expect.poll(async () => (await viewing()).at(-1), { timeout: 60_000 }).toMatchObject({ distanceCm: 45 });
      expect((await viewing()).at(-1)!.pxPerCm).toBeCloseTo(measured.pxPerCm, 6);
      await passCameraSetup(page);
      await page.getByRole('heading', { name: 'Screen size and distance' }).waitFor();
      await expect(page.getByLabel(/Viewing distance/)).toHaveValue('45');
      await expect(page.getByRole('slider', { name: 'Card outline width' })).toHaveValue(String(Math.round((screenWidth / 30) * 8.56)));
    } finally {
      await browser.close();
    }
  });

  test('model that cannot load: says so, and the camera is switched off again', async () => {
    const browser = await launchWithCamera(faceCamera());
    try {
      const { page } = await openStudy(browser, `engine-model-${uid()}`, async (p) => {
        await p.context().route(`${BASE_URL}/mediapipe/face_mesh/**`, (route) => route.fulfill({ status: 404, body: 'missing' }));
        await keepStreams(p);
      });
      const alert = page.getByRole('alert').filter({ hasText: 'Eye tracking could not start' });
      await expect(alert).toBeVisible({ timeout: 60_000 });
      await expect(alert).toContainText('face_mesh');
      await expect(page.getByRole('button', { name: 'Try again' })).toBeVisible();
      const tracks = await trackStates(page);
      expect(tracks.length).toBeGreaterThan(0);
      expect(tracks.every((t) => t === 'ended')).toBe(true);
    } finally {
      await browser.close();
    }
  });

  test('no face in view: says so, keeps Continue disabled; Try again restarts with a new camera stream', async () => {
    test.setTimeout(90_000);
    const browser = await launchWithCamera(FAKE_CAMERA); // Chromium's default fake picture: no face
    try {
      const { page } = await openStudy(browser, `engine-noface-${uid()}`, keepStreams);
      await expect(faceStatus(page)).toHaveText(/No face found/, { timeout: 60_000 });
      await expect(page.getByRole('button', { name: 'Continue' })).toBeDisabled();
      await expect(page.getByRole('heading', { name: 'We cannot see your face' })).toBeVisible({ timeout: 15_000 });
      await page.getByRole('button', { name: 'Try again' }).click();
      await expect(faceStatus(page)).toHaveText(/No face found/, { timeout: 60_000 });
      // The first stream was stopped; exactly one is live now, shown once.
      await expect.poll(async () => (await trackStates(page)).filter((t) => t === 'live').length).toBe(1);
      expect((await trackStates(page)).length).toBe(2);
      await expect(page.locator('#gazeEngineVideo')).toHaveCount(1);
    } finally {
      await browser.close();
    }
  });
});
