// Export end to end in real Chromium with real IndexedDB: a short gaze=mouse pilot study in which
// the mouse (the gaze source) rests on known tiles, then "Download my data" on the completion page;
// the zip's RecGaze files must show those tiles as fixations with the right row, position and page,
// and the analysis view must find the same fixations as the export.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import { parseCsv } from '../core/csv/parse.ts';
import { EXPORT_FILES } from '../format/export-readme.ts';
import { agreeAndStart, arrow, clickContinue, fillSurvey, startScreen, studyUrl, tile } from './support/study-driver.ts';

async function centre(page: Page, row: number, column: number): Promise<{ x: number; y: number }> {
  const box = (await tile(page, row, column).boundingBox())!;
  return { x: Math.round(box.x + box.width / 2), y: Math.round(box.y + box.height / 2) };
}

/** Rests the mouse (= gaze) on a tile for `ms`. */
async function dwell(page: Page, row: number, column: number, ms: number): Promise<void> {
  await tile(page, row, column).scrollIntoViewIfNeeded();
  const c = await centre(page, row, column);
  await page.mouse.move(c.x, c.y, { steps: 4 });
  await page.waitForTimeout(ms);
}

type Row = Record<string, string>;

function table(files: Record<string, Uint8Array>, name: string): Row[] {
  const p = parseCsv(strFromU8(files[name]!), name);
  return p.records.map((r) => Object.fromEntries(p.header.map((h, i) => [h, r.cells[i]!])));
}

const tileOf = (r: Row) => `${r.Fixation_AOI_Carousel_position},${r.Fixation_AOI_Movie_position_in_carousel}`;

/** Movie fixations of one screen summed per tile ("row,position"), most fixated first. */
function dwellByTile(summary: Row[], taskId: string): { tile: string; ms: number; firstS: number }[] {
  const by = new Map<string, { tile: string; ms: number; firstS: number }>();
  for (const r of summary) {
    if (r.TaskID !== taskId || r.Fixation_AOI_type !== 'Movie') continue;
    const t = tileOf(r);
    const d = by.get(t) ?? { tile: t, ms: 0, firstS: Number(r.Timestamp) };
    d.ms += Number(r.Fixation_Duration);
    by.set(t, d);
  }
  return [...by.values()].sort((a, b) => b.ms - a.ms);
}

test('Download my data: dwelt-on tiles come back as fixations with row, position and page', async ({ page }) => {
  test.setTimeout(120_000);
  const pid = `export_${Date.now().toString(36)}`;
  await page.goto(studyUrl(pid));
  await agreeAndStart(page);
  await clickContinue(page); // gaze source ready
  await clickContinue(page); // block intro
  await startScreen(page);

  // Screen 1: row 1 position 2, then swipe row 2 forward and look at its first column (position 6, page 2).
  await dwell(page, 1, 2, 1500);
  await arrow(page, 2, 'forward').click();
  await expect(tile(page, 2, 1)).toHaveAttribute('data-position', '6');
  await dwell(page, 2, 1, 1500);
  await tile(page, 2, 1).click();

  await page.getByRole('radio', { name: 'I have heard of the movie' }).check();
  await page.getByRole('checkbox', { name: 'Because of the poster' }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await clickContinue(page); // search block intro
  await startScreen(page);
  await dwell(page, 1, 3, 1200);
  await tile(page, 1, 3).click();
  await fillSurvey(page);
  await startScreen(page);
  await dwell(page, 5, 1, 1000); // row 5 is below the fold: the page scrolls first
  await tile(page, 5, 1).click();

  await expect(page.getByRole('heading', { name: 'Thank you!' })).toBeVisible();
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download my data' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/\.zip$/);
  await download.saveAs(test.info().outputPath('export.zip'));
  const files = unzipSync(new Uint8Array(readFileSync(test.info().outputPath('export.zip'))));

  for (const name of [
    'summary_feedback.csv',
    'click_feedback.csv',
    'item_features.csv',
    'user_features.csv',
    'aoi_data.csv',
    'gaze_samples.csv',
    'fixations.csv',
    'session.json',
  ])
    expect(Object.keys(files), name).toContain(name);
  expect(Object.keys(files).some((k) => /^bids\/sub-.*_recording-eye1_physio\.tsv\.gz$/.test(k))).toBe(true);
  expect(Object.keys(files)).toContain('raw/events.jsonl');

  // Where the gaze rested, by fixation time per tile. The mouse is sampled once per animation
  // frame; on a loaded machine frames stall and a 1.5 s dwell can come back as several shorter
  // fixations, so the test sums them per tile rather than asking for one long fixation.
  const summary = table(files, 'summary_feedback.csv');
  const mine = summary.filter((r) => r.UserID === pid);
  // the two most fixated tiles, in the order they were first fixated
  const screen1 = dwellByTile(mine, '1')
    .slice(0, 2)
    .sort((a, b) => a.firstS - b.firstS);
  expect(screen1.map((d) => d.tile)).toEqual(['1,2', '2,6']);
  // much of each dwell is fixation time (a floor well under the 1,500 ms, and far above a glance)
  for (const d of screen1) expect(d.ms, `fixation time on ${d.tile}`).toBeGreaterThan(500);
  const onDwelt = mine.filter((r) => r.TaskID === '1' && ['1,2', '2,6'].includes(tileOf(r)));
  expect(onDwelt.every((r) => r.Fixation_AOI_Closest_type === 'Movie')).toBe(true);

  // After scrolling (direct search, row 5 is below the fold) the fixations still land on its tile.
  const search = dwellByTile(mine, '36');
  expect(search[0]?.tile).toBe('5,1');
  expect(search[0]!.ms).toBeGreaterThan(300);
  const scrolled = table(files, 'gaze_samples.csv').filter((r) => r.TaskID === '36' && Number(r.ScrollY) > 0 && r.Row === '5');
  expect(scrolled.length).toBeGreaterThan(10);
  // Stimulus y = document y (viewport y + scrollY) + the 87-px browser bar at 1920 px width.
  for (const r of scrolled) expect(Number(r.Stimulus_LocY)).toBeCloseTo(Number(r.Gaze_LocY) + Number(r.ScrollY) + 87, 0);

  // Page of the fixations on the two tiles (fixations.csv) and their place on the 3-page canvas.
  const fixTable = table(files, 'fixations.csv').filter((r) => r.TaskID === '1' && r.Fixation_AOI_type === 'Movie');
  const onPage = (t: string) =>
    fixTable.filter((r) => `${r.Fixation_AOI_Carousel_position},${r.Fixation_AOI_Movie_position_in_carousel}` === t);
  expect(onPage('1,2').every((r) => r.Fixation_AOI_Page === '1' && Number(r.Fixation_LocX) < 1920)).toBe(true);
  expect(onPage('2,6').length).toBeGreaterThan(0);
  expect(onPage('2,6').every((r) => r.Fixation_AOI_Page === '2' && Number(r.Fixation_LocX) > 1920)).toBe(true);

  // The clicks: the forward arrow of row 2, then the selected tile (row 2, position 6).
  const clicks = summary.filter((r) => r.TaskID === '1' && r.Click_AOI_type !== 'NA');
  expect(clicks.map((r) => [r.Click_AOI_type, r.Click_AOI_Carousel_position, r.Click_AOI_Movie_position_in_carousel])).toEqual([
    ['Forward', '2', 'NA'],
    ['Movie', '2', '6'],
  ]);
  const finalClick = table(files, 'click_feedback.csv').find((r) => r.TaskID === '1')!;
  expect(finalClick).toMatchObject({
    UserID: pid,
    Click_AOI_Carousel_position: '2',
    Click_AOI_Movie_position_in_carousel: '6',
    Movie_Familiarity: 'I have heard of the movie',
    Why_Selected: 'Because of the poster',
  });

  const session = JSON.parse(strFromU8(files['session.json']!));
  expect(session.sessions[0].record.participantId).toBe(pid);
  expect(session.sessions[0].fixation).toMatchObject({ algorithm: 'idt', minDurationMs: 100, aoiRadiusPx: 60, derivationVersion: 1 });
  expect(table(files, 'aoi_data.csv').every((r) => r.Hardware_Setup === 'Browser_1920x945')).toBe(true);

  // One derivation: the analysis view finds exactly the fixations the export wrote.
  await page.goto(`/analysis?session=${encodeURIComponent(session.sessions[0].record.id)}`);
  await expect.poll(() => page.evaluate(() => window.__analysisTest?.ready === true), { timeout: 60_000 }).toBe(true);
  const [tablesZip] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /All result tables/ }).click()]);
  const viewed = table(unzipSync(readFileSync((await tablesZip.path())!)), 'fixations.csv');
  const exported = table(files, 'fixations.csv');
  expect(exported.length).toBeGreaterThan(2);
  expect(viewed.map((r) => [r.task_id, r.aoi_type, r.aoi_row, r.aoi_page, r.closest_type, r.closest_row])).toEqual(
    exported.map((r) => [
      r.TaskID,
      r.Fixation_AOI_type,
      r.Fixation_AOI_Carousel_position,
      r.Fixation_AOI_Page,
      r.Fixation_AOI_Closest_type,
      r.Fixation_AOI_Closest_Carousel_position,
    ]),
  );
  viewed.forEach((v, i) => {
    const e = exported[i]!;
    // the export rounds onsets to 1 ms (in s) and durations and positions to 0.1
    expect(Math.abs(Number(v.t_ms) - Number(e.Timestamp) * 1000), `onset of fixation ${i}`).toBeLessThanOrEqual(0.5);
    expect(Math.abs(Number(v.duration_ms) - Number(e.Fixation_Duration)), `duration of fixation ${i}`).toBeLessThanOrEqual(0.051);
    expect(Math.abs(Number(v.stimulus_x) - Number(e.Fixation_LocX)), `x of fixation ${i}`).toBeLessThanOrEqual(0.051);
    expect(Math.abs(Number(v.stimulus_y) - Number(e.Fixation_LocY)), `y of fixation ${i}`).toBeLessThanOrEqual(0.051);
  });

  // The zip's README describes every file in it; the BIDS folder names the participant.
  const readme = strFromU8(files['README.md']!);
  for (const name of Object.keys(files))
    expect(
      EXPORT_FILES.filter((f) => f.pattern.test(name)),
      name,
    ).toHaveLength(1);
  for (const f of EXPORT_FILES) expect(readme).toContain(`| \`${f.path}\` |`);
  expect(strFromU8(files['bids/participants.tsv']!)).toContain(`\t${pid}\n`);
  expect(session.options).toEqual({ formulaGuard: true, includePractice: false });
});
