// A participant's data reaches the study server and nothing is lost: the real server (its own
// process, the built app, the embedded PostgreSQL) and a participant who opens the study link with
// gaze=mouse. Each journey ends with the server holding exactly the browser's chunks, counted per
// (taskId, seq) and per event, and the completion code shown only after the last acknowledgement —
// through a server SIGKILL, 30 s offline, PostgreSQL stopped, a closed tab and a slow server.
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { exportToBytes } from '../format/exporter.ts';
import { unzipFiles } from '../format/read-export.ts';
import type { RecordedEvent } from '../core/events.ts';
import type { StudyConfig } from '../core/study-config/schema.ts';
import { readFileSync } from 'node:fs';
import { loadCatalogue } from '../stimuli/catalogue.ts';
import { browserUpload, expectServerHoldsBrowserEvents, StudyServer } from './support/study-server.ts';
import { fillSurvey, readChunks, readSession, readStore, selectTile, startScreen } from './support/study-driver.ts';

const SERVER_PORT = Number(process.env.E2E_UPLOAD_SERVER_PORT ?? 4674);
const PG_PORT = Number(process.env.E2E_UPLOAD_PG_PORT ?? 4677);
const STUDY = 'upload-e2e';
const CODE = 'UPLOAD42';

let server: StudyServer;

test.describe.configure({ mode: 'serial', timeout: 180_000 });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  server = await StudyServer.start(SERVER_PORT, PG_PORT);
  await server.logIn();
  const config = twoScreenStudy();
  await server.openStudy(config, { completionCode: CODE, completionUrl: null });
  await server.openStudy(
    { ...config, id: `${STUDY}-prolific`, name: 'Upload e2e (Prolific)' },
    {
      completionCode: CODE,
      completionUrl: 'https://app.prolific.com/submissions/complete?cc={PROLIFIC_PID}',
    },
  );
});

test.afterAll(async () => {
  await server?.close();
});

/** The e2e mini config (inline catalogue, mouse gaze) with a second free-browsing screen: short screens, no surveys but the per-selection one. */
function twoScreenStudy(): StudyConfig {
  const mini = JSON.parse(readFileSync('e2e/support/valid-mini-config.json', 'utf8')) as StudyConfig;
  const second = { ...structuredClone(mini.screens[0]!), taskId: 2 };
  return { ...mini, id: STUDY, name: 'Upload e2e', screens: [...mini.screens, second] };
}

const link = (participant: string, study = STUDY) => `${server.url}/s/${study}?participant=${participant}&gaze=mouse`;

/** Cursor moves over the carousel for `ms` (each one a cursor event and, with gaze=mouse, a gaze sample). */
async function wiggle(page: Page, ms: number): Promise<void> {
  const end = Date.now() + ms;
  for (let i = 0; Date.now() < end; i++) {
    await page.mouse.move(300 + ((i * 37) % 1200), 250 + ((i * 53) % 500));
    await page.waitForTimeout(40);
  }
}

/**
 * Consent (when shown), then every page to the end: surveys, "Continue", and each screen (a tile
 * picked). `midScreen` runs once, on the first screen, after a few seconds of recording.
 */
async function runStudy(page: Page, midScreen?: (page: Page) => Promise<Page | void>): Promise<Page> {
  const agree = page.getByRole('checkbox', { name: /I agree/ });
  const done = page.getByRole('heading', { name: 'Thank you!' });
  await expect(agree.or(page.getByRole('button', { name: /^(Start|Continue)$/ })).first()).toBeVisible({ timeout: 30_000 });
  if (await agree.isVisible()) {
    await expect(page.getByTestId('data-destination')).toContainText('study server');
    await agree.check();
    await page.getByRole('button', { name: 'Start' }).click();
    await expect(agree).toBeHidden({ timeout: 30_000 });
  }
  let hook = midScreen;
  for (let guard = 0; guard < 30; guard++) {
    const form = page.locator('form.survey');
    const start = page.getByRole('button', { name: 'Start', exact: true });
    const next = page.getByRole('button', { name: 'Continue', exact: true });
    await expect(form.or(start).or(next).or(done).first()).toBeVisible({ timeout: 30_000 });
    if (await done.isVisible()) return page;
    if (await form.isVisible()) await fillSurvey(page);
    else if (await start.isVisible()) {
      await startScreen(page);
      await wiggle(page, 1500);
      if (hook) {
        const replaced = await hook(page);
        hook = undefined;
        if (replaced) return runStudy(replaced);
        await wiggle(page, 1000);
      }
      await selectTile(page, 1, 1);
      await expect(page.locator('[data-aoi=tile]')).toHaveCount(0, { timeout: 20_000 });
    } else if (await next.isVisible()) await next.click();
  }
  throw new Error('the study did not end');
}

/** The end of a journey: the code after the last acknowledgement, and the server holds exactly the browser's events. */
async function expectCompleteAndEqual(page: Page, participant: string) {
  await expect(page.getByTestId('completion-code')).toHaveText(CODE, { timeout: 90_000 });
  const upload = await browserUpload(page, participant);
  const totals = await expectServerHoldsBrowserEvents(page, server, upload);
  expect(totals.chunks).toBeGreaterThan(5);
  const listed = (await server.sessions(STUDY)).sessions.find((s) => s.participantId === participant);
  expect(listed).toMatchObject({ state: 'complete', chunks: totals.chunks });
  return { upload, ...totals };
}

test('a participant from Prolific finishes on the server: the server holds the browser’s events and the exports agree', async ({
  browser,
}) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.route('https://app.prolific.com/**', (route) =>
    route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>Prolific</title><h1>Submission complete</h1>' }),
  );
  const pid = '65f0c1a2b3c4d5e6f7a8b9c1';
  await page.goto(`${server.url}/s/${STUDY}-prolific?PROLIFIC_PID=${pid}&STUDY_ID=upStudy&SESSION_ID=upSession&gaze=mouse`);
  await runStudy(page);
  // Followed only after the last acknowledgement (checked below: the server holds everything).
  await expect(page).toHaveURL(`https://app.prolific.com/submissions/complete?cc=${pid}`, { timeout: 90_000 });
  await page.goto(`${server.url}/api/health`);
  const upload = await browserUpload(page, pid);
  const totals = await expectServerHoldsBrowserEvents(page, server, upload);
  expect(totals.chunks).toBeGreaterThan(5);

  // The RecGaze export from PostgreSQL (the workspace's download) against the same writer fed by this browser's IndexedDB.
  const fromServer = unzipFiles(await server.exportSession(`${STUDY}-prolific`, upload.sessionId));
  const session = (await readSession(page, pid))!;
  const events = new Map<number, RecordedEvent[]>();
  for (const c of await readChunks(page, upload.sessionId)) events.set(c.taskId, [...(events.get(c.taskId) ?? []), ...c.events]);
  const envelope = JSON.parse(new TextDecoder().decode(Object.entries(fromServer).find(([n]) => n.endsWith('session.json'))![1]));
  const fromBrowser = unzipFiles(
    await exportToBytes({
      sessions: [session],
      loadEvents: () => events,
      catalogue: await loadCatalogue(session.config.catalogue),
      createdAt: Date.parse(envelope.createdAt ?? envelope.exportedAt ?? new Date().toISOString()),
      appVersion: envelope.appVersion ?? session.appVersion,
    }),
  );
  expect(Object.keys(fromBrowser).sort()).toEqual(Object.keys(fromServer).sort());
  // Byte for byte, except session.json: PostgreSQL's jsonb keeps the uploaded record's keys in its own
  // order, so that entry is compared as JSON (its export time and app version are the server's, above).
  const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  for (const name of Object.keys(fromServer)) {
    if (name.endsWith('session.json')) expect(JSON.parse(text(fromBrowser[name]!)), name).toEqual(JSON.parse(text(fromServer[name]!)));
    else expect(Buffer.compare(Buffer.from(fromServer[name]!), Buffer.from(fromBrowser[name]!)), name).toBe(0);
  }
  expect(Object.keys(fromServer).length).toBeGreaterThan(10);
  await context.close();
});
