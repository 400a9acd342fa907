// A participant's data reaches the study server and nothing is lost: the real server (its own
// process, the built app, the embedded PostgreSQL) and a participant who opens the study link with
// gaze=mouse. Each journey ends with the server holding exactly the browser's chunks, counted per
// (taskId, seq) and per event, and the completion code shown only after the last acknowledgement —
// through a server SIGKILL, 30 s offline, PostgreSQL stopped, a closed tab and a slow server.
import { expect, test, type Page } from '@playwright/test';
import { exportToBytes } from '../format/exporter.ts';
import { unzipFiles } from '../format/read-export.ts';
import type { RecordedEvent } from '../core/events.ts';
import type { StudyConfig } from '../core/study-config/schema.ts';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { loadCatalogue } from '../stimuli/catalogue.ts';
import { alive, browserPid, launch } from './support/crash.ts';
import { cursorXs, duplicates, moveX, MOVE_Y } from './support/recorder-driver.ts';
import { browserUpload, expectServerHoldsBrowserEvents, OWNER, StudyServer } from './support/study-server.ts';
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

/** The e2e mini config (inline catalogue, mouse gaze) and a second free-browsing screen: short screens, no surveys. */
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
    // Above y 720, where numbered moves go (recorder-driver.ts).
    await page.mouse.move(300 + ((i * 37) % 1200), 250 + ((i * 53) % 400));
    await page.waitForTimeout(40);
  }
}

/**
 * Consent (when shown), then every page to the end: surveys, "Continue", and each screen (a tile
 * picked). `midScreen` runs once, on the first screen, after a few seconds of recording.
 */
async function runStudy(page: Page, midScreen?: (page: Page) => Promise<Page | 'stop' | void>): Promise<Page> {
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
    const tiles = page.locator('[data-aoi=tile]').first();
    await expect(form.or(start).or(next).or(done).or(tiles).first()).toBeVisible({ timeout: 30_000 });
    if (await done.isVisible()) return page;
    if (await tiles.isVisible()) {
      // A screen resumed after the tab was reopened.
      await wiggle(page, 1000);
      await selectTile(page, 1, 2);
      await expect(page.locator('[data-aoi=tile]')).toHaveCount(0, { timeout: 20_000 });
    } else if (await form.isVisible()) await fillSurvey(page);
    else if (await start.isVisible()) {
      await startScreen(page);
      await wiggle(page, 1500);
      if (hook) {
        const replaced = await hook(page);
        hook = undefined;
        if (replaced === 'stop') return page;
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
  await server.logIn();
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
  // Byte for byte (a .gz file's content), except session.json: PostgreSQL's jsonb keeps the uploaded record's keys in its own
  // order, so that entry is compared as JSON (its export time and app version are the server's, above).
  const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  for (const name of Object.keys(fromServer)) {
    if (name.endsWith('session.json')) expect(JSON.parse(text(fromBrowser[name]!)), name).toEqual(JSON.parse(text(fromServer[name]!)));
    // A .gz file's bytes depend on how its deflate was fed (the server streams it through worker
    // threads, this test deflates it whole): its content must be equal byte for byte.
    else if (name.endsWith('.gz')) expect(Buffer.compare(gunzipSync(fromServer[name]!), gunzipSync(fromBrowser[name]!)), name).toBe(0);
    else expect(Buffer.compare(Buffer.from(fromServer[name]!), Buffer.from(fromBrowser[name]!)), name).toBe(0);
  }
  expect(Object.keys(fromServer).length).toBeGreaterThan(10);
  await context.close();
});

test('the server SIGKILLed mid-screen and started again 10 s later: nothing lost, nothing twice', async ({ page }) => {
  await page.goto(link('kill-1'));
  const end = await runStudy(page, async (p) => {
    await server.kill();
    await expect(p.getByTestId('upload-banner')).toBeVisible({ timeout: 15_000 });
    await wiggle(p, 8000);
    await server.up();
    const up = Date.now();
    await expect(p.getByTestId('upload-banner')).toBeHidden({ timeout: 30_000 });
    console.log(`server killed: uploading again ${Date.now() - up} ms after the restart`);
  });
  const { events } = await expectCompleteAndEqual(end, 'kill-1');
  console.log(`server killed: ${events} events, 0 lost, 0 twice`);
});

test('30 s offline mid-screen: a quiet banner, the task goes on, the outbox drains afterwards', async ({ page }) => {
  await page.goto(link('offline-1'));
  const end = await runStudy(page, async (p) => {
    await p.context().setOffline(true);
    await wiggle(p, 5000);
    await expect(p.getByTestId('upload-banner')).toContainText('Your data is safe on this computer', { timeout: 20_000 });
    await wiggle(p, 25_000);
    await p.context().setOffline(false);
    const online = Date.now();
    await expect(p.getByTestId('upload-banner')).toBeHidden({ timeout: 30_000 });
    console.log(`offline: uploading again ${Date.now() - online} ms after coming online`);
  });
  const { events } = await expectCompleteAndEqual(end, 'offline-1');
  console.log(`offline: ${events} events, 0 lost, 0 twice`);
});

test('PostgreSQL stopped under the running server and started again: nothing lost, nothing twice', async ({ page }) => {
  await page.goto(link('pg-1'));
  const end = await runStudy(page, async (p) => {
    const startAgain = await server.stopPostgres();
    await expect(p.getByTestId('upload-banner')).toBeVisible({ timeout: 15_000 });
    await wiggle(p, 6000);
    startAgain();
    await wiggle(p, 2000);
  });
  const { events } = await expectCompleteAndEqual(end, 'pg-1');
  console.log(`PostgreSQL stopped: ${events} events, 0 lost, 0 twice`);
});

test('the tab closed mid-screen and the link opened again: the screen resumes and everything arrives once', async ({ context }) => {
  const first = await context.newPage();
  await first.goto(link('tab-1'));
  const end = await runStudy(first, async (p) => {
    await p.close({ runBeforeUnload: true });
    const reopened = await context.newPage();
    await reopened.goto(link('tab-1'));
    return reopened;
  });
  const { events } = await expectCompleteAndEqual(end, 'tab-1');
  console.log(`tab closed: ${events} events, 0 lost, 0 twice`);
});

test('the browser SIGKILLed mid-screen and the link opened again: the stored moves arrive once, in order', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cgl-upload-crash-'));
  const delivered: number[] = [];
  let killedAt = 0;
  let end: Page | undefined;
  try {
    const first = await launch(dir, server.url);
    const page = first.pages()[0] ?? (await first.newPage());
    await page.goto(link('crash-1'));
    end = await runStudy(page, async (p) => {
      // Numbered cursor moves (x = moveX(i)), the time each was sent noted, then the kill.
      for (let i = 0; i < 400; i++) {
        await p.mouse.move(moveX(i), MOVE_Y + (i % 2));
        delivered[i] = Date.now();
      }
      const pid = browserPid(dir);
      killedAt = Date.now();
      process.kill(pid, 'SIGKILL');
      for (let t = 0; t < 100 && alive(pid); t++) await new Promise((r) => setTimeout(r, 50));
      await first.close().catch(() => undefined);
      const second = await launch(dir, server.url);
      const again = second.pages()[0] ?? (await second.newPage());
      await again.goto(link('crash-1'));
      return again;
    });
    const { upload, events } = await expectCompleteAndEqual(end, 'crash-1');
    const screen = (await readChunks(end, upload.sessionId)).filter((c) => c.taskId === 1).flatMap((c) => c.events);
    const xs = cursorXs(screen);
    expect(duplicates(xs)).toEqual([]);
    expect(xs, 'the stored moves are the first ones, in order, without a gap').toEqual(xs.map((_, i) => moveX(i)));
    const lostMs = xs.length === delivered.length ? 0 : killedAt - delivered[xs.length - 1]!;
    console.log(
      `browser killed: ${xs.length} of ${delivered.length} moves stored and uploaded (the last ${lostMs} ms lost), ${events} events`,
    );
    expect(xs.length).toBeGreaterThan(0);
    expect(lostMs).toBeLessThan(2000);
  } finally {
    await end?.context().close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a slow server that also receives every chunk batch twice: the code comes only after the last acknowledgement', async ({ page }) => {
  let inFlight = 0;
  let lastAckAt = 0;
  const completeRequests: { at: number; inFlight: number }[] = [];
  let chunkPostsAfterComplete = 0;
  await page.route(`${server.url}/api/**`, async (route) => {
    const request = route.request();
    await new Promise((r) => setTimeout(r, 1200));
    if (request.method() === 'POST' && request.url().endsWith('/chunks')) {
      if (completeRequests.length) chunkPostsAfterComplete++;
      inFlight++;
      try {
        const first = await route.fetch();
        // A duplicated delivery (a retry whose first answer was lost): the server must store nothing twice.
        const again = await route.fetch();
        expect(again.status()).toBe(first.status());
        await route.fulfill({ response: first });
        lastAckAt = Date.now();
      } finally {
        inFlight--;
      }
    } else {
      if (request.url().endsWith('/complete')) completeRequests.push({ at: Date.now(), inFlight });
      await route.continue();
    }
  });
  await page.goto(link('slow-1'));
  const end = await runStudy(page);
  await expect(end.getByTestId('saving-progress')).toContainText(/Saving your data… \d+ %/);
  await expect(end.getByTestId('completion-code')).toBeHidden();
  const { events } = await expectCompleteAndEqual(end, 'slow-1');
  expect(completeRequests.length).toBeGreaterThan(0);
  expect(completeRequests[0]!.inFlight).toBe(0);
  expect(completeRequests[0]!.at).toBeGreaterThanOrEqual(lastAckAt);
  expect(chunkPostsAfterComplete).toBe(0);
  console.log(`slow server, every batch twice: ${events} events, 0 lost, 0 twice`);
});

test('the server unreachable at the end: the participant’s data file, added by the researcher, gives the server every event', async ({
  page,
  browser,
}) => {
  await page.goto(link('end-1'));
  const end = await runStudy(page, async (p) => {
    // Part of the session reaches the server before it goes away.
    const started = await browserUpload(p, 'end-1');
    await expect.poll(async () => (await server.manifest(started)).body?.chunks.length ?? 0, { timeout: 20_000 }).toBeGreaterThan(0);
    await p.context().setOffline(true);
  });
  await expect(end.getByTestId('saving-progress')).toBeVisible();
  await expect(end.getByText('The study server cannot be reached right now')).toBeVisible({ timeout: 45_000 });
  const [download] = await Promise.all([end.waitForEvent('download'), end.getByRole('button', { name: 'Download my data' }).click()]);
  expect(download.suggestedFilename()).toBe(`carousel-gaze-lab-${STUDY}-end-1-data.json.gz`);
  await expect(end.getByTestId('download-note')).toContainText('e-mail it to the researchers');
  const file = (await download.path())!;
  const upload = await browserUpload(end, 'end-1');
  const local = await readChunks(end, upload.sessionId);
  const before = (await server.manifest(upload)).body!.chunks.length;
  expect(before, 'some chunks reached the server before it went away').toBeGreaterThan(0);
  expect(before, 'and some did not').toBeLessThan(local.length);

  // The researcher adds the e-mailed file on the study's sessions page.
  const researcher = await browser.newContext();
  const lab = await researcher.newPage();
  await lab.goto(`${server.url}/studio`);
  await lab.getByLabel('E-mail').fill(OWNER.email);
  await lab.getByLabel('Password').fill(OWNER.password);
  await lab.getByRole('button', { name: 'Log in' }).click();
  await expect(lab.getByText(`Signed in as ${OWNER.email}`)).toBeVisible();
  await lab.goto(`${server.url}/studio/studies/${STUDY}`);
  // Checked in the browser first: a file that is not ours is named as such.
  await lab
    .getByLabel('Choose the file')
    .setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"a":1}') });
  await expect(lab.getByTestId('data-file-status')).toHaveText(
    'notes.json: This is not a participant data file of Carousel Gaze Lab (its type is missing).',
  );
  await lab.getByLabel('Choose the file').setInputFiles(file);
  await expect(lab.getByTestId('data-file-status')).toContainText(`Participant end-1: ${local.length - before} chunks added (`, {
    timeout: 30_000,
  });
  await expect(lab.getByTestId('data-file-status')).toContainText(`${before} already on the server.`);
  await expect(lab.getByTestId('data-file-status')).toContainText('The session is complete.');
  await expect(lab.locator('tr[data-participant="end-1"] [data-testid=state]')).toHaveText('complete', { timeout: 10_000 });
  // Every event the participant recorded is on the server once, while the participant is still offline.
  const { events } = await expectServerHoldsBrowserEvents(end, server, upload);
  expect((await server.sessions(STUDY)).sessions.find((s) => s.participantId === 'end-1')).toMatchObject({
    state: 'complete',
    chunks: local.length,
  });
  // The same file again adds nothing.
  await lab.getByLabel('Choose the file').setInputFiles(file);
  await expect(lab.getByTestId('data-file-status')).toContainText(`0 chunks added (0 events), ${local.length} already on the server.`);
  await researcher.close();
  console.log(
    `data file: ${local.length} chunks, ${events} events; ${local.length - before} added from the file, ${before} uploaded before`,
  );

  // Back online, the participant's page finds everything there: the code, nothing twice.
  await end.context().setOffline(false);
  await expectCompleteAndEqual(end, 'end-1');
});

test('the same Prolific participant in another browser goes on where they were and never starts twice', async ({ browser }) => {
  const pid = '65f0c1a2b3c4d5e6f7a8b9c2';
  const url = (session: string) => `${server.url}/s/${STUDY}?PROLIFIC_PID=${pid}&STUDY_ID=st&SESSION_ID=${session}&gaze=mouse`;
  const one = await browser.newContext();
  const first = await one.newPage();
  await first.goto(url('one'));
  await runStudy(first, async (p) => {
    await selectTile(p, 1, 1);
    await expect(p.locator('[data-aoi=tile]')).toHaveCount(0, { timeout: 20_000 });
    return 'stop';
  });
  // Everything of the first browser on the server (chunks and the record at its step), then it is gone.
  const upload = await browserUpload(first, pid);
  const firstChunks = await readChunks(first, upload.sessionId);
  await expect
    .poll(async () => {
      const held = (await server.manifest(upload)).body;
      return held ? [held.chunks.length, held.step] : null;
    })
    .toEqual([firstChunks.length, (await readSession(first, pid))!.stepIndex]);
  await one.close();

  const two = await browser.newContext();
  const second = await two.newPage();
  await second.goto(url('two'));
  const end = await runStudy(second);
  await expect(end.getByTestId('completion-code')).toHaveText(CODE, { timeout: 90_000 });
  const again = await browserUpload(end, pid);
  expect(again.sessionId).toBe(upload.sessionId);
  const secondChunks = await readChunks(end, again.sessionId);
  expect(secondChunks.some((c) => c.taskId === 1)).toBe(false);
  // The server holds both browsers' chunks exactly: screen 1 from the first, screen 2 from the second.
  const held = (await server.manifest(again)).body!;
  const keys = (chunks: readonly { taskId: number; seq: number }[]) => chunks.map((c) => `${c.taskId}:${c.seq}`).sort();
  expect(keys(held.chunks)).toEqual(keys([...firstChunks, ...secondChunks]));
  await server.logIn();
  const sessions = (await server.sessions(STUDY)).sessions.filter((s) => s.participantId === pid);
  expect(sessions).toHaveLength(1);
  expect(sessions[0]).toMatchObject({ state: 'complete', screensDone: 2 });
  const exported = unzipFiles(await server.exportSession(STUDY, again.sessionId));
  const envelope = JSON.parse(new TextDecoder().decode(exported['session.json']!)) as {
    sessions: { record: { selections: Record<string, unknown>; flags: string[] } }[];
  };
  expect(Object.keys(envelope.sessions[0]!.record.selections).sort()).toEqual(['1', '2']);
  expect(envelope.sessions[0]!.record.flags).toContain('resumed-in-another-browser');
  await two.close();
});

test('withdrawal: offline it says nothing was deleted yet; online the server and the browser delete everything', async ({ page }) => {
  await page.goto(link('withdraw-1'));
  let sessionId = '';
  let token = '';
  await runStudy(page, async (p) => {
    const upload = await browserUpload(p, 'withdraw-1');
    ({ sessionId, token } = upload);
    await expect.poll(async () => (await server.manifest(upload)).body?.chunks.length ?? 0, { timeout: 20_000 }).toBeGreaterThan(0);
    await p.context().setOffline(true);
    await p.getByRole('button', { name: 'Withdraw and delete my data' }).click();
    await p.getByRole('button', { name: 'Yes, withdraw and delete my data' }).click();
    await expect(p.getByText('Your data has not been deleted yet')).toBeVisible({ timeout: 30_000 });
    expect((await readChunks(p, sessionId)).length).toBeGreaterThan(0);
    await p.context().setOffline(false);
    await expect(p.getByRole('heading', { name: 'You have withdrawn' })).toBeVisible({ timeout: 30_000 });
    return 'stop';
  });
  // The server: no row of the session (its token opens nothing), a withdrawal counted.
  expect((await server.manifest({ sessionId, token })).status).toBeGreaterThanOrEqual(401);
  await server.logIn();
  const list = await server.sessions(STUDY);
  expect(list.sessions.map((s) => s.participantId)).not.toContain('withdraw-1');
  expect(list.withdrawn).toBeGreaterThanOrEqual(1);
  // The browser: no record of it in any store, no write-ahead entry.
  for (const store of ['sessions', 'chunks', 'tails', 'uploads', 'uploadAcks', 'screenColumns']) {
    const rows = await readStore<{ id?: string; sessionId?: string }>(page, store);
    expect(
      rows.filter((r) => r.sessionId === sessionId || r.id === sessionId),
      store,
    ).toEqual([]);
  }
  expect(await page.evaluate((id) => Object.keys(localStorage).filter((k) => k.includes(id)), sessionId)).toEqual([]);
});

test('a static copy of the app (no study server) says a study link needs the server, and records nothing', async ({ page }) => {
  await page.goto('/s/some-study?participant=P1&gaze=mouse');
  await expect(page.getByRole('heading', { name: 'This study link needs the study server' })).toBeVisible();
  expect(await readStore(page, 'sessions')).toEqual([]);
});

test('offline at consent: the study does not start and nothing is stored; online, Start works', async ({ page }) => {
  await page.goto(link('consent-offline'));
  await expect(page.getByTestId('data-destination')).toContainText(`study server at localhost:${SERVER_PORT}`);
  await page.getByRole('checkbox', { name: /I agree/ }).check();
  await page.context().setOffline(true);
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByRole('alert')).toContainText('nothing has been recorded');
  expect(await readStore(page, 'sessions')).toEqual([]);
  expect(await readStore(page, 'uploads')).toEqual([]);
  await page.context().setOffline(false);
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByRole('button', { name: 'Withdraw and delete my data' })).toBeVisible();
  expect((await browserUpload(page, 'consent-offline')).participantId).toBe('consent-offline');
});
