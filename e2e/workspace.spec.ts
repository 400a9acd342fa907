// The researcher workspace against the real study server (its own process, embedded PostgreSQL,
// the built app): log in, create a 3-screen study from the RecGaze preset, publish, open, copy the
// Prolific link, watch a participant's session appear and progress, export the study, analyse it
// from the server.
//
// The participant (e2e/support/server-participant.ts) goes through the real participant pages on
// the Prolific link with gaze=mouse, leaves after the first screen and comes back through the link.
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { readExportSources, unzipFiles } from '../format/read-export.ts';
import { startServerProcess, stopLeftoverPostgres, type ServerProcess } from '../server/testing/server-process.ts';
import { StudyApi } from '../src/sync/study-api.ts';
import { recruitmentParams } from '../src/sync/study-link.ts';
import { participateThroughStudyLink } from './support/server-participant.ts';

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

  // The participant arrives from Prolific, which fills the placeholders in, leaves after the first
  // screen and comes back through the same link (resumed, never a second session).
  const opened = new URL(
    copied
      .replace('{{%PROLIFIC_PID%}}', PID)
      .replace('{{%STUDY_ID%}}', 'e2eProlificStudy')
      .replace('{{%SESSION_ID%}}', 'e2eProlificSession'),
  );
  const run = await participateThroughStudyLink(browser, {
    link: opened,
    participantId: PID,
    leaveAfterScreen: 1,
    afterConsent: async () => {
      await expect(row(lab).getByTestId('state')).toHaveText(/^(consented|in progress)$/);
    },
    afterScreen: async (screens) => {
      // Live: the list updates by itself as the screens arrive, with the screen's quality figures.
      await expect(row(lab).getByTestId('screens')).toHaveText(`${screens} / 3`, { timeout: 30_000 });
      await expect(row(lab).getByTestId('state')).toHaveText(/^(in progress|complete)$/);
      await expect(row(lab).getByTestId('hz')).toHaveText(/^\d+(\.\d)? Hz$/);
    },
  });
  expect(run.screens).toBe(3);
  expect(run.finalUrl).toBe('https://app.prolific.com/submissions/complete?cc=E2E42CODE');
  await expect(lab.locator(`tr[data-participant]`)).toHaveCount(1);
  const local = run.recorded;

  // The researcher's list shows it complete with its quality figures (gaze = the mouse here).
  await expect(row(lab).getByTestId('state')).toHaveText('complete', { timeout: 20_000 });
  await expect(row(lab).getByTestId('hz')).toHaveText(/^\d+(\.\d)? Hz$/);
  await expect(row(lab).getByTestId('loss')).toHaveText(/^\d+(\.\d)? %$/);
  await expect(row(lab).getByTestId('bytes')).toContainText(`(${local.length} chunks)`);
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
  // Every recorded event, counted and compared exactly (raw/events.jsonl keeps every bit of a number).
  const screensRecorded = new Set(local.map((c) => c.taskId));
  expect(screensRecorded.size).toBe(3);
  for (const taskId of screensRecorded) {
    const inBrowser = local
      .filter((c) => c.taskId === taskId)
      .sort((a, b) => a.seq - b.seq)
      .flatMap((c) => c.events);
    expect(sources[0]!.events.get(taskId)?.length, `screen ${taskId}`).toBe(inBrowser.length);
    expect(sources[0]!.events.get(taskId), `screen ${taskId}`).toEqual(inBrowser);
  }

  // The analysis view opens the study straight from the server and draws the heatmap.
  await lab.getByRole('link', { name: 'Open in analysis' }).click();
  await expect(lab).toHaveURL(new RegExp(`/analysis\\?server-study=${studyId}&sessions=included$`));
  await expect.poll(() => lab.evaluate(() => window.__analysisTest?.ready === true), { timeout: 60_000 }).toBe(true);
  const heatmap = await lab.evaluate(() => window.__analysisTest!.heatmap());
  expect(heatmap?.points).toBeGreaterThan(0);
  expect(heatmap?.screens).toBeGreaterThanOrEqual(1);

  // After completing, the same PROLIFIC_PID is told so: still one session.
  const api = new StudyApi({ baseUrl: server.url });
  const again = await api.enterStudy(studyId, {
    params: recruitmentParams(opened.searchParams),
    consentedAt: Date.now(),
    appVersion: 'e2e',
  });
  expect(again).toMatchObject({ ok: true, value: { outcome: 'unavailable', reason: 'completed' } });
  await researcher.close();
});

test('a paused study’s link shows a polite page and records nothing; a session is deleted by name; the audit log has it all', async ({
  page,
}) => {
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

  // Deleting the session: the page names what goes and wants the participant id typed.
  await page.locator(`tr[data-participant="${PID}"]`).getByRole('link', { name: PID }).click();
  await expect(page.getByTestId('delete-session-what')).toContainText(`removes the session of ${PID}`);
  await expect(page.getByTestId('delete-session-what')).toContainText(/all \d+ stored chunks .* of 3 screens/);
  const remove = page.getByRole('button', { name: `Delete the session of ${PID}` });
  await expect(remove).toBeDisabled();
  await page.getByLabel(/type the participant id/).fill(PID);
  await remove.click();
  await page.getByRole('tab', { name: 'Sessions' }).click();
  await expect(page.getByText('No sessions yet.')).toBeVisible();

  await page.getByRole('link', { name: 'Team and audit log' }).click();
  const audit = page.getByRole('table', { name: 'Audit log' });
  await expect(audit).toContainText('study-state');
  await expect(audit).toContainText('export');
  await expect(audit).toContainText('session-deleted');
  await expect(audit.getByRole('row').filter({ hasText: 'login' }).first()).toBeVisible();
});

test('without the study server (a static site) the studio says it is in local-only lab mode', async ({ page }) => {
  await page.goto('/studio');
  await expect(page.getByTestId('studio-mode')).toHaveText(
    'Local lab mode: no study server; studies and sessions are stored in this browser only',
  );
  await expect(page.getByRole('button', { name: 'New study from recgaze' })).toBeVisible();
});
