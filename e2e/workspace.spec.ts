// The researcher workspace against the real study server (its own process, embedded PostgreSQL,
// the built app): log in, create a 3-screen study from the RecGaze preset, publish, open, copy the
// Prolific link, watch a participant's session appear and progress, export the study, analyse it
// from the server.
//
// The participant: the participant pages do not talk to the server yet (the study flow's wiring is
// the next round), so the participant is driven through the real API with the src/sync clients from
// this test — link resolved, session started at consent (StudyApi.enterStudy), recorder chunks
// uploaded by the Uploader as each screen ends, the session record after each screen, completion
// code only after the last acknowledgement — while the real app records the same session in the
// browser with gaze=mouse (its config is the published version the server handed out).
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { JsonObject } from '../core/protocol/json-value.ts';
import { readExportSources, unzipFiles } from '../format/read-export.ts';
import { startServerProcess, stopLeftoverPostgres, type ServerProcess } from '../server/testing/server-process.ts';
import { MemoryOutbox } from '../src/sync/outbox.ts';
import { StudyApi } from '../src/sync/study-api.ts';
import { recruitmentParams } from '../src/sync/study-link.ts';
import { Uploader } from '../src/sync/uploader.ts';
import { agreeAndStart, fillSurvey, readChunks, readSession, selectTile, startScreen } from './support/study-driver.ts';

const SERVER_PORT = Number(process.env.E2E_SERVER_PORT ?? 4477);
const PG_PORT = Number(process.env.E2E_SERVER_PG_PORT ?? 4478);
const OWNER = { email: 'owner@lab.test', password: 'owner password e2e' };
const PID = '65f0c1a2b3c4d5e6f7a8b9c0';
const DIST = new URL('../dist', import.meta.url).pathname;

let dir: string;
let server: ServerProcess;

test.describe.configure({ mode: 'serial', timeout: 300_000 });

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cgl-workspace-e2e-'));
  chmodSync(dir, 0o755);
  server = await startServerProcess({
    port: SERVER_PORT,
    env: {
      DATA_DIR: join(dir, 'data'),
      PG_PORT: String(PG_PORT),
      DIST_DIR: DIST,
      OWNER_EMAIL: OWNER.email,
      OWNER_PASSWORD: OWNER.password,
    },
  });
});

test.afterAll(async () => {
  await server?.stop();
  if (dir) {
    await stopLeftoverPostgres(join(dir, 'data'));
    rmSync(dir, { recursive: true, force: true });
  }
});

async function logIn(page: Page): Promise<void> {
  await page.goto(`${server.url}/studio`);
  await expect(page.getByTestId('studio-mode')).toContainText('Server mode');
  await page.getByLabel('E-mail').fill(OWNER.email);
  await page.getByLabel('Password').fill(OWNER.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByText(`Signed in as ${OWNER.email}`)).toBeVisible();
}

const row = (page: Page) => page.locator(`tr[data-participant="${PID}"]`);

test('a researcher runs a Prolific study on the server: link, live session, export, analysis', async ({ browser }) => {
  const studyId = `ws-e2e-${Date.now().toString(36)}`;
  const researcher = await browser.newContext({ viewport: { width: 1600, height: 1000 }, acceptDownloads: true });
  await researcher.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  const lab = await researcher.newPage();
  await logIn(lab);

  // A study from the RecGaze preset, cut to one screen of each task type.
  await lab.getByRole('link', { name: 'New study from recgaze' }).click();
  await lab.getByLabel('Study name').fill('Workspace e2e study');
  await lab.getByLabel('Study id').fill(studyId);
  await lab.getByLabel('Practice: source').selectOption('none');
  for (const task of ['Free browsing', 'Semi-free', 'Direct search']) {
    await lab.getByLabel(`${task}: source`).selectOption('preset');
    await lab.getByLabel(`${task}: number of screens`).fill('1');
  }
  await lab.getByRole('button', { name: 'Generate screens' }).click();
  await expect(lab.getByText(/^Generated 3 screens/)).toBeVisible();
  await expect(lab.getByText('The config is valid.')).toBeVisible();
  await lab.getByRole('button', { name: 'Save as a draft on the server' }).click();
  await expect(lab.getByRole('heading', { name: `Workspace e2e study ${studyId}` })).toBeVisible();
  await expect(lab.getByTestId('study-state')).toHaveText('draft (not open yet)');

  // Publish version 1 and open the study.
  await lab.getByRole('button', { name: 'Publish version 1' }).click();
  await expect(lab.getByText('Published version 1.')).toBeVisible();
  await expect(lab.getByTestId('draft-state')).toHaveText('the draft equals the live version');
  await lab.getByRole('button', { name: 'Open the study' }).click();
  await expect(lab.getByTestId('study-state')).toHaveText('open');

  // Completion on Prolific, a quality rule, then the Prolific link.
  await lab.getByRole('tab', { name: 'Links and settings' }).click();
  await lab.getByLabel('Completion code').fill('E2E42CODE');
  await lab.getByRole('button', { name: 'Use Prolific’s completion URL' }).click();
  await expect(lab.getByLabel('Completion URL (empty: show the code only)')).toHaveValue(
    'https://app.prolific.com/submissions/complete?cc=E2E42CODE',
  );
  await lab.getByLabel('Tracking loss above (%)').fill('90');
  await lab.getByRole('button', { name: 'Save settings' }).click();
  await expect(lab.getByText('Saved the settings.')).toBeVisible();
  await lab.getByLabel('Gaze source in the links').selectOption('mouse');
  await lab.getByRole('button', { name: 'Copy prolific link' }).click();
  const copied = await lab.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(
    `${server.url}/s/${studyId}?PROLIFIC_PID={{%PROLIFIC_PID%}}&STUDY_ID={{%STUDY_ID%}}&SESSION_ID={{%SESSION_ID%}}&gaze=mouse`,
  );

  await lab.getByRole('tab', { name: 'Sessions' }).click();
  await expect(lab.getByText('No sessions yet.')).toBeVisible();

  // The participant arrives from Prolific, which fills the placeholders in.
  const opened = new URL(
    copied
      .replace('{{%PROLIFIC_PID%}}', PID)
      .replace('{{%STUDY_ID%}}', 'e2eProlificStudy')
      .replace('{{%SESSION_ID%}}', 'e2eProlificSession'),
  );
  const api = new StudyApi({ baseUrl: server.url });
  const resolved = await api.resolveLink(studyId, opened.searchParams);
  expect(resolved).toMatchObject({ ok: true, value: { outcome: 'open', participantId: PID, version: 1, resumes: false } });
  if (!resolved.ok || resolved.value.outcome !== 'open') throw new Error('not open');
  const participant = await browser.newContext({ viewport: { width: 1920, height: 945 } });
  const p = await participant.newPage();
  await p.route(`${server.url}/e2e-config/${studyId}.json`, (route) =>
    route.fulfill({ json: resolved.value.outcome === 'open' ? resolved.value.config : {} }),
  );
  await p.route('https://app.prolific.com/**', (route) =>
    route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>Prolific</title><h1>Submission complete</h1>' }),
  );
  await p.goto(`${server.url}/?study=/e2e-config/${studyId}.json&participant=${PID}&gaze=mouse`);
  await agreeAndStart(p);
  const entered = await api.enterStudy(studyId, {
    params: recruitmentParams(opened.searchParams),
    consentedAt: Date.now(),
    appVersion: 'e2e',
  });
  if (!entered.ok || entered.value.outcome === 'unavailable') throw new Error(`not started: ${JSON.stringify(entered)}`);
  const credentials = { sessionId: entered.value.sessionId, token: entered.value.token };
  await expect(row(lab).getByTestId('state')).toHaveText('consented');

  const outbox = new MemoryOutbox();
  const queued = new Set<string>();
  const uploader = new Uploader({ api, session: credentials, outbox, intervalMs: 500 });
  uploader.start();
  let localId: string | null = null;
  /** What the page's outbox would do: queue every new chunk, send the record, wait for the acknowledgement. */
  const sync = async (status: 'active' | 'completed') => {
    const local = await readSession(p, PID);
    if (!local) return;
    localId = local.id;
    for (const c of await readChunks(p, local.id)) {
      const key = `${c.taskId}:${c.seq}`;
      if (queued.has(key)) continue;
      queued.add(key);
      outbox.add(c);
    }
    const { config: _config, ...record } = local;
    outbox.setSession({ status, step: local.stepIndex, record: record as unknown as JsonObject });
    await uploader.flush();
  };

  // Through the study: surveys, block intros, and each screen (a tile picked), syncing after each screen.
  let screens = 0;
  const thanks = p.getByRole('heading', { name: 'Thank you!' });
  for (let guard = 0; guard < 40 && !(await thanks.isVisible()); guard++) {
    const form = p.locator('form.survey');
    const start = p.getByRole('button', { name: 'Start', exact: true });
    const next = p.getByRole('button', { name: 'Continue', exact: true });
    await expect(form.or(start).or(next).or(thanks).first()).toBeVisible({ timeout: 20_000 });
    if (await thanks.isVisible()) break;
    if (await form.isVisible()) await fillSurvey(p);
    else if (await start.isVisible()) {
      await startScreen(p);
      await selectTile(p, 1, 1);
      screens++;
      await expect(p.locator('[data-aoi=tile]')).toHaveCount(0, { timeout: 20_000 });
      // The page stores the selection a moment after the carousel goes: read the record once it has it.
      await expect.poll(async () => Object.keys((await readSession(p, PID))?.selections ?? {}).length).toBe(screens);
      await sync('active');
      await expect(row(lab).getByTestId('screens')).toHaveText(`${screens} / 3`, { timeout: 20_000 });
      await expect(row(lab).getByTestId('state')).toHaveText('in progress');
    } else if (await next.isVisible()) await next.click();
  }
  await expect(thanks).toBeVisible();
  expect(screens).toBe(3);
  await sync('completed');
  await uploader.stop();
  const local = await readChunks(p, localId!);
  const counts = await outbox.counts();
  expect(counts).toEqual({ acknowledged: queued.size, pending: 0, rejected: 0 });
  const completion = await api.complete(credentials, queued.size);
  expect(completion).toEqual({
    ok: true,
    value: { completionUrl: 'https://app.prolific.com/submissions/complete?cc=E2E42CODE', completionCode: 'E2E42CODE' },
  });
  if (!completion.ok || !completion.value.completionUrl) throw new Error('no completion URL');
  await p.goto(completion.value.completionUrl);
  await expect(p.getByRole('heading', { name: 'Submission complete' })).toBeVisible();
  expect(p.url()).toBe('https://app.prolific.com/submissions/complete?cc=E2E42CODE');

  // The researcher's list shows it complete with its quality figures (gaze = the mouse here).
  await expect(row(lab).getByTestId('state')).toHaveText('complete', { timeout: 20_000 });
  await expect(row(lab).getByTestId('hz')).toHaveText(/^\d+(\.\d)? Hz$/);
  await expect(row(lab).getByTestId('loss')).toHaveText(/^\d+(\.\d)? %$/);
  await expect(row(lab).getByTestId('bytes')).toContainText(`(${queued.size} chunks)`);
  await expect(lab.getByTestId('session-counts')).toContainText('1 complete');

  // The session page: quality over the three screens.
  await row(lab).getByRole('link', { name: PID }).click();
  await expect(lab.getByRole('heading', { name: `Session of ${PID} (complete)` })).toBeVisible();
  await expect(lab.getByRole('table', { name: 'Quality per screen' }).locator('tbody tr')).toHaveCount(3);
  await expect(
    lab.getByText('prolific link (PROLIFIC_PID 65f0c1a2b3c4d5e6f7a8b9c0 · STUDY_ID e2eProlificStudy · SESSION_ID e2eProlificSession)'),
  ).toBeVisible();
  await lab.goBack();
  await lab.getByRole('tab', { name: 'Sessions' }).click();

  // Export the whole study: a download with a progress bar, and the zip holds the session.
  await lab.getByLabel('Sessions', { exact: true }).selectOption('all');
  const [download] = await Promise.all([lab.waitForEvent('download'), lab.getByRole('button', { name: 'Export the study (zip)' }).click()]);
  await expect(lab.getByTestId('export-status')).toHaveText(/^Exported 1 session \(/, { timeout: 60_000 });
  expect(download.suggestedFilename()).toMatch(new RegExp(`^${studyId}-all-1-sessions-[\\d-]+\\.zip$`));
  const { sources } = readExportSources(unzipFiles(new Uint8Array(readFileSync(await download.path()))));
  expect(sources).toHaveLength(1);
  const exported = sources[0]!.session;
  expect(exported).toMatchObject({ participantId: PID, studyVersion: 1, status: 'completed' });
  expect(exported.recruitment).toEqual({
    kind: 'prolific',
    PROLIFIC_PID: PID,
    STUDY_ID: 'e2eProlificStudy',
    SESSION_ID: 'e2eProlificSession',
  });
  for (const taskId of new Set(local.map((c) => c.taskId))) {
    const inBrowser = local
      .filter((c) => c.taskId === taskId)
      .sort((a, b) => a.seq - b.seq)
      .flatMap((c) => c.events);
    expect(sources[0]!.events.get(taskId), `screen ${taskId}`).toEqual(inBrowser);
  }

  // The analysis view opens the study straight from the server and draws the heatmap.
  await lab.getByRole('link', { name: 'Open in analysis' }).click();
  await expect(lab).toHaveURL(new RegExp(`/analysis\\?server-study=${studyId}&sessions=included$`));
  await expect.poll(() => lab.evaluate(() => window.__analysisTest?.ready === true), { timeout: 60_000 }).toBe(true);
  const heatmap = await lab.evaluate(() => window.__analysisTest!.heatmap());
  expect(heatmap?.points).toBeGreaterThan(0);
  expect(heatmap?.screens).toBeGreaterThanOrEqual(1);

  // The participant comes back with the same PROLIFIC_PID: no second session.
  const again = await api.enterStudy(studyId, {
    params: recruitmentParams(opened.searchParams),
    consentedAt: Date.now(),
    appVersion: 'e2e',
  });
  expect(again).toMatchObject({ ok: true, value: { outcome: 'unavailable', reason: 'completed' } });
  await researcher.close();
  await participant.close();
});

test('a paused study’s link shows a polite page and records nothing; the audit log has the logins and the export', async ({ page }) => {
  await logIn(page);
  await page.getByRole('link', { name: 'Workspace e2e study' }).click();
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('study-state')).toHaveText('paused');
  const studyId = new URL(page.url()).pathname.split('/').at(-1)!;
  const visitor = await page.context().browser()!.newPage();
  await visitor.goto(`${server.url}/s/${studyId}?PROLIFIC_PID=aaaaaaaaaaaaaaaaaaaaaaaa&STUDY_ID=x&SESSION_ID=y`);
  await expect(visitor.getByRole('heading', { name: 'Paused for now' })).toBeVisible();
  await expect(visitor.getByText('Nothing has been recorded.')).toBeVisible();
  await visitor.close();
  await page.getByRole('tab', { name: 'Sessions' }).click();
  await expect(page.getByTestId('session-counts')).toContainText('1 started');

  await page.getByRole('link', { name: 'Team and audit log' }).click();
  const audit = page.getByRole('table', { name: 'Audit log' });
  await expect(audit).toContainText('study-state');
  await expect(audit).toContainText('export');
  await expect(audit.getByRole('row').filter({ hasText: 'login' }).first()).toBeVisible();
});

test('without the study server (a static site) the studio says it is in local-only lab mode', async ({ page }) => {
  await page.goto('/studio');
  await expect(page.getByTestId('studio-mode')).toHaveText(
    'Local lab mode: no study server; studies and sessions are stored in this browser only',
  );
  await expect(page.getByRole('button', { name: 'New study from recgaze' })).toBeVisible();
});
