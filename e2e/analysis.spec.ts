// The analysis view in real Chromium: the demo dataset computed in the worker, filters read back
// through window.__analysisTest, a pilot session recorded with gaze=mouse and analysed, imports.
import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { expect, test, type Page } from '@playwright/test';
import { agreeAndStart, clickContinue, fillSurvey, readSession, selectTile, startScreen, studyUrl } from './support/study-driver.ts';
import type { HeatmapTestState } from '../src/features/analysis/test-hook.ts';
import { fixtureFiles } from '../format/testing/recgaze-fixture.ts';

const uid = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

// Canvas geometry (SPEC): 3 pages of 1920 px; row 1's title starts at y 106 and row 2's tiles end at y 708.5.
const PAGE_WIDTH = 1920;
const TOP_TWO_ROWS = { top: 106, bottom: 708.5 };

async function waitReady(page: Page): Promise<HeatmapTestState> {
  await expect.poll(() => page.evaluate(() => window.__analysisTest?.ready === true), { timeout: 60_000 }).toBe(true);
  const state = await page.evaluate(() => window.__analysisTest!.heatmap());
  expect(state).not.toBeNull();
  return state!;
}

/** Waits for the view of a new filter (the hook's filters match) and returns its heatmap state. */
async function stateFor(page: Page, check: (s: HeatmapTestState) => boolean): Promise<HeatmapTestState> {
  let last: HeatmapTestState | null = null;
  await expect
    .poll(
      async () => {
        last = await page.evaluate(() => (window.__analysisTest?.ready ? window.__analysisTest.heatmap() : null));
        return last !== null && check(last);
      },
      { timeout: 30_000 },
    )
    .toBe(true);
  return last!;
}

test.describe('analysis view', () => {
  test('demo dataset: F-pattern peak top left, filters change the heatmap', async ({ page }) => {
    await page.goto('/analysis');
    await page.getByRole('button', { name: 'Load demo dataset' }).click();
    await expect(page.getByRole('progressbar', { name: 'Analysis progress' })).toBeVisible();
    const all = await waitReady(page);
    expect(all.filters).toEqual({});
    expect(all.mode).toBe('absolute');
    expect(all.peak).not.toBeNull();
    expect(all.peak!.y).toBeGreaterThanOrEqual(TOP_TWO_ROWS.top);
    expect(all.peak!.y).toBeLessThanOrEqual(TOP_TWO_ROWS.bottom);
    expect(all.peak!.x).toBeLessThan(PAGE_WIDTH / 2);
    expect(all.total).toBeGreaterThan(0);
    expect(all.screens).toBe(12 * 40);
    await expect(page.getByRole('img', { name: 'Heatmap: All selected screens' })).toBeVisible();

    // task type: free browsing only
    await page.getByRole('checkbox', { name: 'free browsing' }).check();
    const free = await stateFor(page, (s) => JSON.stringify(s.filters) === JSON.stringify({ tasks: ['free_browsing'] }));
    expect(free.screens).toBe(12 * 30);
    expect(free.total).toBeLessThan(all.total);
    expect(free.peak!.x).toBeLessThan(PAGE_WIDTH / 2);
    await page.getByRole('checkbox', { name: 'free browsing' }).uncheck();
    await stateFor(page, (s) => JSON.stringify(s.filters) === '{}');

    // one participant
    await page.getByLabel('Participant', { exact: true }).selectOption('P003');
    const one = await stateFor(page, (s) => s.filters.participants?.[0] === 'P003');
    expect(one.screens).toBe(40);
    expect(one.total).toBeLessThan(all.total / 5);
    expect(one.total).toBeGreaterThan(0);
    await page.getByLabel('Participant', { exact: true }).selectOption('');
    await stateFor(page, (s) => JSON.stringify(s.filters) === '{}');

    // data-quality threshold: drop screens that lost more than 2 % of their samples
    await page.getByLabel('Max % tracking loss', { exact: true }).fill('2');
    const clean = await stateFor(page, (s) => s.filters.maxLostPct === 2);
    expect(clean.screens).toBeLessThan(all.screens);
    expect(clean.screens).toBeGreaterThan(0);
    expect(clean.total).toBeLessThan(all.total);
    await page.getByLabel('Max % tracking loss', { exact: true }).fill('0');
    const none = await stateFor(page, (s) => s.filters.maxLostPct === 0);
    expect(none.screens).toBeLessThan(clean.screens);

    await page.getByLabel('Max % tracking loss', { exact: true }).fill('');
    await stateFor(page, (s) => JSON.stringify(s.filters) === '{}');

    // σ: 1.5° is 57 px at 38 px/°; the same blur in px, then a wider one that lowers the peak density
    expect(all.sigmaPx).toBeCloseTo(57, 6);
    await page.getByLabel('Sigma unit', { exact: true }).selectOption('px');
    await expect(page.getByLabel('Sigma', { exact: true })).toHaveValue('57');
    await page.getByLabel('Sigma', { exact: true }).fill('120');
    const wide = await stateFor(page, (s) => s.sigmaPx === 120);
    expect(wide.max).toBeLessThan(all.max);
    expect(wide.total / all.total).toBeCloseTo(1, 9);

    // per-participant mode: weights sum to 1
    await page.getByLabel('Mode', { exact: true }).selectOption('participant');
    const perP = await stateFor(page, (s) => s.mode === 'participant' && JSON.stringify(s.filters) === '{}');
    expect(perP.total).toBeCloseTo(1, 5);

    // charts and the comparison of task types are drawn; figures download as PNG, tables as CSV
    await expect(page.getByRole('img', { name: 'Dwell per row (tiles + title)' })).toBeVisible();
    const card = page.locator('[data-figure="dwell-row"]');
    const [png] = await Promise.all([page.waitForEvent('download'), card.getByRole('button', { name: 'PNG' }).click()]);
    expect(png.suggestedFilename()).toBe('dwell-row.png');
    const pngBytes = readFileSync((await png.path())!);
    expect(pngBytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(pngBytes.length).toBeGreaterThan(2000);
    const [csv] = await Promise.all([page.waitForEvent('download'), card.getByRole('button', { name: 'CSV' }).click()]);
    const csvLines = readFileSync((await csv.path())!, 'utf8')
      .trimEnd()
      .split('\r\n');
    expect(csvLines[0]).toBe('row,dwell_ms,fixations');
    expect(csvLines).toHaveLength(11);
    expect(Number(csvLines[1]!.split(',')[1])).toBeGreaterThan(Number(csvLines[10]!.split(',')[1]));
    const [tablesZip] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /All result tables/ }).click()]);
    const tables = unzipSync(readFileSync((await tablesZip.path())!));
    expect(strFromU8(tables['fixations.csv']!).trimEnd().split('\n').length).toBeGreaterThan(1000);
    expect(strFromU8(tables['screens.csv']!).trimEnd().split('\n')).toHaveLength(12 * 40 + 1);
    expect(strFromU8(tables['README.md']!)).toContain('| `fixations.csv` |');
    const [heatPng] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('heatmap-main').getByRole('button', { name: 'PNG' }).click(),
    ]);
    expect(
      readFileSync((await heatPng.path())!)
        .subarray(1, 4)
        .toString('latin1'),
    ).toBe('PNG');

    await expect(page.getByRole('img', { name: /^Click models: mean log-likelihood/ })).toBeVisible(); // fitted after the view
    await page.getByLabel('Compare', { exact: true }).selectOption('task');
    await expect(page.getByRole('img', { name: 'Heatmap: direct search' })).toBeVisible();

    // one screen: scanpath, its own heatmap, and the real carousel page (posters) under it
    await page.getByLabel('Scanpath screen').selectOption({ index: 5 });
    await expect(page.getByRole('img', { name: 'Scanpath' })).toBeVisible();
    await expect(page.getByRole('img', { name: 'Heatmap of this screen' })).toBeVisible();
    await page.getByRole('checkbox', { name: /Posters underneath/ }).check();
    const poster = page.locator('.poster-stack [data-testid=carousel-page]');
    await expect(poster).toBeVisible();
    await expect(poster.locator('[data-aoi=tile]')).toHaveCount(10 * 5);
    await expect(poster.locator('h2.row-title').first()).not.toBeEmpty();
    const [screenPng] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('.screen-figures').getByRole('button', { name: 'PNG' }).click(),
    ]);
    expect(screenPng.suggestedFilename()).toBe('screen-heatmap.png');
  });

  test('a recorded gaze=mouse pilot session appears in the sources and gives a heatmap', async ({ page }) => {
    const pid = `an_${uid()}`;
    await page.goto(studyUrl(pid));
    await agreeAndStart(page);
    await clickContinue(page); // gaze source ready
    await clickContinue(page); // block intro
    await startScreen(page);
    // rest the pointer (the gaze source) on a few tiles so fixations are detected
    for (const [row, col] of [
      [1, 1],
      [1, 2],
      [2, 1],
      [1, 3],
    ] as const) {
      const box = await page.locator(`[data-aoi=tile][data-row="${row}"][data-column="${col}"]`).boundingBox();
      await page.mouse.move(box!.x + box!.width / 2, box!.y + box!.height / 2, { steps: 5 });
      await page.waitForTimeout(800); // several fixations even when frames (the mouse source's samples) stall
    }
    await selectTile(page, 1, 2);
    await page.getByRole('radio', { name: 'I have heard of the movie' }).check();
    await page.getByRole('checkbox', { name: 'Because of the poster' }).check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByRole('button', { name: 'Continue' })).toBeVisible(); // next block intro: answers stored
    const session = await readSession(page, pid);
    expect(session).toBeDefined();

    await page.goto('/analysis');
    const source = page.getByRole('list', { name: 'Recorded sessions' }).getByRole('checkbox', { name: new RegExp(pid) });
    await expect(source).toBeVisible();
    await source.check();
    await page.getByRole('button', { name: 'Analyse selected' }).click();
    const state = await waitReady(page);
    expect(state.screens).toBe(1);
    expect(state.points).toBeGreaterThan(0);
    expect(state.total).toBeGreaterThan(0);
    // the pointer rested on row 1 / row 2 tiles of page 1 (canvas y of row 1's title … row 2's tiles)
    expect(state.peak!.x).toBeLessThan(PAGE_WIDTH);
    expect(state.peak!.y).toBeGreaterThanOrEqual(TOP_TWO_ROWS.top);
    expect(state.peak!.y).toBeLessThanOrEqual(TOP_TWO_ROWS.bottom);
    await expect(page.getByRole('cell', { name: 'Because of the poster' })).toBeVisible(); // survey counts

    // the studio's link: /analysis?session=<id> preselects and analyses that session
    await page.goto(`/analysis?session=${encodeURIComponent(session!.id)}`);
    const linked = await waitReady(page);
    expect(linked.total).toBeCloseTo(state.total, 3);
    await expect(page.getByRole('list', { name: 'Recorded sessions' }).getByRole('checkbox', { name: new RegExp(pid) })).toBeChecked();

    // scanpath playback of the screen
    await page.getByLabel('Scanpath screen').selectOption({ index: 1 });
    await expect(page.getByRole('img', { name: 'Scanpath' })).toBeVisible();
    const counter = page.getByText(/^[\d.]+ s · \d+ \/ \d+ fixations$/);
    await expect(counter).toBeVisible();
    const all = (await counter.textContent())!.match(/(\d+) \/ (\d+)/)!;
    expect(all[1]).toBe(all[2]);
    expect(Number(all[2])).toBe(state.points);
    await page.getByLabel('Scanpath time').fill('0');
    await expect(counter).toHaveText(/^0\.0 s · [01] \/ \d+ fixations$/);
  });

  test('imports the original RecGaze CSV files; a malformed file is reported with its file and line', async ({ page }) => {
    await page.goto('/analysis');
    const input = page.getByLabel('Import data', { exact: true });
    await input.setInputFiles([
      { name: 'summary_feedback.csv', mimeType: 'text/csv', buffer: Buffer.from('participant_id,task_id\n"unterminated,1\n') },
    ]);
    await expect(page.getByRole('alert')).toContainText(/Import failed: summary_feedback\.csv line \d+/);

    await input.setInputFiles(
      Object.entries(fixtureFiles()).map(([file, text]) => ({ name: file, mimeType: 'text/csv', buffer: Buffer.from(text) })),
    );
    await expect(page.getByText(/^Imported summary_feedback\.csv, /)).toBeVisible();
    const source = page.getByRole('list', { name: 'Imported datasets' }).getByRole('checkbox').first();
    await expect(source).toBeChecked();
    await page.getByRole('button', { name: 'Analyse selected' }).click();
    const state = await waitReady(page);
    expect(state.points).toBeGreaterThan(0);
    expect(state.total).toBeGreaterThan(0);
    // the original files carry AOI-labelled fixations without viewport positions: no scanpath to play
    await page.getByLabel('Scanpath screen').selectOption({ index: 1 });
    await expect(page.getByText(/only imported fixations without viewport positions/)).toBeVisible();
  });

  test('imports our own export zip of a finished pilot session and analyses it once, even when the recorded copy is also chosen', async ({
    page,
  }) => {
    const pid = `zip_${uid()}`;
    await page.goto(studyUrl(pid));
    await agreeAndStart(page);
    await clickContinue(page);
    await clickContinue(page);
    await startScreen(page);
    await selectTile(page, 1, 2);
    await page.getByRole('radio', { name: 'I have heard of the movie' }).check();
    await page.getByRole('checkbox', { name: 'Because of the poster' }).check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await clickContinue(page); // search block intro
    await startScreen(page);
    const actionRow = await page.locator('h2.row-title', { hasText: /^Action$/ }).getAttribute('data-row');
    await selectTile(page, Number(actionRow), 3);
    await fillSurvey(page);
    await startScreen(page);
    await selectTile(page, 5, 1);
    await expect(page.getByRole('heading', { name: 'Thank you!' })).toBeVisible();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download my data' }).click()]);
    const zipPath = (await download.path())!;

    await page.goto('/analysis');
    await page
      .getByLabel('Import data', { exact: true })
      .setInputFiles({ name: 'pilot-export.zip', mimeType: 'application/zip', buffer: readFileSync(zipPath) });
    await expect(page.getByText('Imported pilot-export.zip.')).toBeVisible();
    await expect(page.getByRole('list', { name: 'Imported datasets' }).getByRole('checkbox', { name: /pilot-export\.zip/ })).toBeChecked();
    await page.getByRole('button', { name: 'Analyse selected' }).click();
    const imported = await waitReady(page);
    expect(imported.screens).toBe(3);
    expect(imported.points).toBeGreaterThan(0);

    // the same session recorded in this browser is analysed once, not twice
    await page
      .getByRole('list', { name: 'Recorded sessions' })
      .getByRole('checkbox', { name: new RegExp(pid) })
      .check();
    await page.getByRole('button', { name: 'Analyse selected' }).click();
    const both = await stateFor(page, () => true);
    expect(both.screens).toBe(3);
    expect(both.total).toBeCloseTo(imported.total, 3);
  });
});
