import { readFileSync, statSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import QRCode from 'qrcode';
import type { AoiBox, LayoutEvent } from '../core/events.ts';
import { ITEM_FEATURES_COLUMNS } from '../format/recgaze-columns.ts';
import { agreeAndStart, clickContinue, fillSurvey, readEvents, readSession, selectTile, startScreen } from './support/study-driver.ts';

const uid = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
const GENRES = ['Drama', 'Comedy', 'Horror', 'Action'];

/** 20 items per genre, so 2 screens × 4 rows × 8 items (64) fit without repeats. */
function catalogueCsv(): string {
  const lines = ['id,title,year,genres,cast'];
  for (let i = 1; i <= 80; i++)
    lines.push(`${i},"Film ${i}, a ${GENRES[i % 4]} story",${1990 + (i % 30)},${GENRES[i % 4]},"Actor ${i}|Actor ${i + 1}"`);
  return `${lines.join('\n')}\n`;
}

const boxKey = (b: AoiBox) => `${b.kind}:${b.row}:${b.column ?? ''}`;

async function createSmallStudy(page: Page, studyId: string): Promise<void> {
  await page.goto('/studio');
  await page.getByRole('button', { name: 'New study from pilot' }).click();
  await page.getByLabel('Study name').fill('Small e2e study');
  await page.getByLabel('Study id').fill(studyId);
  await page
    .getByLabel('Import catalogue (CSV or JSON)')
    .setInputFiles({ name: 'films.csv', mimeType: 'text/csv', buffer: Buffer.from(catalogueCsv()) });
  await expect(page.getByTestId('catalogue-status')).toHaveText('imported catalogue (80 items)');

  await page.getByLabel('Items per row').fill('8');
  await page.getByLabel('Visible items').fill('4');
  await page.getByLabel('Page step').fill('4');

  // The pilot has the 10 RecGaze rows: keep four and rename them.
  for (let i = 10; i > 4; i--) await page.getByRole('button', { name: `Remove row ${i}` }).click();
  for (const [i, genre] of GENRES.entries()) await page.getByLabel(`Row ${i + 1} label`).fill(genre);
  await page.getByLabel('Practice: source').selectOption('none');
  await page.getByLabel('Free browsing: source').selectOption('generate');
  await page.getByLabel('Free browsing: number of screens').fill('2');
  await page.getByLabel('Semi-free: source').selectOption('none');
  await page.getByLabel('Direct search: source').selectOption('none');
  await page.getByLabel('Seed').fill('77');
  await page.getByRole('button', { name: 'Generate screens' }).click();
  await expect(page.getByText('Generated 2 screens with seed 77.')).toBeVisible();
  await expect(page.getByText('The config is valid.')).toBeVisible();
  await page.getByRole('button', { name: 'Save study' }).click();
  await expect(page.getByText(`Saved "Small e2e study" as ${studyId}.`)).toBeVisible();
  await expect(page.getByRole('table', { name: 'Studies' })).toContainText(studyId);
}

test.describe('researcher studio', () => {
  test('a study built in the editor runs from its link and shows up in the sessions list', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const studyId = `small-${uid()}`;
    const participant = `E2E_${uid()}`;
    await createSmallStudy(page, studyId);

    // Preview of screen 1 at the participant's viewport; its AOI boxes are kept for later.
    await page.getByLabel('Preview screen').selectOption('1');
    await page.getByLabel('Viewport', { exact: true }).selectOption('1920x945');
    const previewTable = page.getByTestId('preview-aoi-boxes');
    await expect(page.getByTestId('preview-page').locator('[data-aoi=tile]')).toHaveCount(16);
    const previewBoxes = JSON.parse((await previewTable.getAttribute('data-boxes'))!) as AoiBox[];
    expect(previewBoxes.filter((b) => b.kind === 'tile')).toHaveLength(16);
    expect(previewBoxes.filter((b) => b.kind === 'title').map((b) => b.row)).toEqual([1, 2, 3, 4]);

    await page.getByLabel('Participant id').fill(participant);
    await page.getByLabel('Gaze source in the link').selectOption('mouse');
    await expect(page.getByTestId('link-assignment')).toContainText(`${participant} gets free browsing first`);
    const link = await page.getByLabel('Link for this browser').inputValue();
    expect(link).toBe(`${new URL(test.info().project.use.baseURL!).origin}/?study=${studyId}&participant=${participant}&gaze=mouse`);
    await page.getByRole('button', { name: 'Copy link' }).click();
    await expect(page.getByText('Link copied.')).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);

    // The QR code encodes the same link: compare its pixels with the module matrix of the link.
    await page.getByText('QR code of this link').click();
    const qr = page.getByRole('img', { name: `QR code of ${link}` });
    await expect(qr).toBeVisible();
    const { size, data } = QRCode.create(link, { errorCorrectionLevel: 'M' }).modules;
    const dark = await qr.evaluate((img: HTMLImageElement, n: number) => {
      const canvas = document.createElement('canvas');
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const scale = img.naturalWidth / (n + 2);
      const out: boolean[] = [];
      for (let r = 0; r < n; r++) {
        for (let c = 0; c < n; c++) {
          const px = ctx.getImageData(Math.floor((c + 1.5) * scale), Math.floor((r + 1.5) * scale), 1, 1).data;
          out.push(px[0]! < 128);
        }
      }
      return out;
    }, size);
    expect(dark).toEqual(Array.from(data, (bit) => bit === 1));

    // The participant: consent, gaze ready (mouse), block intro, then two screens with questions.
    await page.goto(link);
    await agreeAndStart(page);
    await clickContinue(page);
    await clickContinue(page);
    await startScreen(page);
    await expect(page.locator('[data-aoi=tile]')).toHaveCount(16);
    const session = await readSession(page, participant);
    expect(session?.studyId).toBe(studyId);
    const storedLayout = async () => (await readEvents(page, session!.id, 1)).find((e): e is LayoutEvent => e.kind === 'layout');
    await expect.poll(async () => (await storedLayout()) !== undefined, { timeout: 20_000 }).toBe(true); // the recorder's next write
    const layout = await storedLayout();
    expect(layout?.viewport.w).toBe(1920);
    expect(layout!.boxes).toHaveLength(previewBoxes.length);
    const recorded = new Map(layout!.boxes.map((b) => [boxKey(b), b]));
    for (const p of previewBoxes) {
      const r = recorded.get(boxKey(p));
      expect(r, boxKey(p)).toBeDefined();
      for (const k of ['x', 'y', 'w', 'h'] as const) expect(Math.abs(r![k] - p[k]), `${boxKey(p)} ${k}`).toBeLessThanOrEqual(2);
      expect(r!.movieId).toBe(p.movieId);
    }

    await selectTile(page, 1, 2);
    await fillSurvey(page);
    await startScreen(page);
    await selectTile(page, 3, 4);
    await fillSurvey(page);
    await expect(page.getByRole('heading', { name: 'Thank you!' })).toBeVisible();

    // Back in the studio: the session is listed with both screens done.
    await page.goto('/studio');
    const row = page.getByRole('table', { name: 'Sessions' }).getByRole('row').filter({ hasText: participant });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('Small e2e study');
    await expect(row.getByTestId('screens-done')).toHaveText('2 / 2');
    await expect(row).toContainText('Free first');
    await expect(row).toContainText('mouse');
    await expect(row.getByRole('link', { name: 'Open in analysis' })).toHaveAttribute('href', `/analysis?session=${session!.id}`);

    // Export with the options: raw text for R, and the BIDS authors and licence.
    await page.getByText('Export options').click();
    await page.getByLabel(/Guard text against spreadsheet formulas/).uncheck();
    await page.getByLabel('Dataset authors for BIDS (one per line)').fill('Ada Lovelace\nAlan Turing');
    await page.getByLabel('Data licence for BIDS (e.g. CC0, CC-BY-4.0)').fill('CC0');
    const downloading = page.waitForEvent('download');
    await row.getByRole('button', { name: 'Export', exact: true }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(new RegExp(`^carousel-gaze-${session!.id}-[0-9-]+\\.zip$`));
    expect(statSync((await download.path())!).size).toBeGreaterThan(1000);
    await expect(page.getByText('Exported 1 session.')).toBeVisible();
    const zip = unzipSync(new Uint8Array(readFileSync((await download.path())!)));
    expect(JSON.parse(strFromU8(zip['session.json']!)).options).toEqual({ formulaGuard: false, includePractice: false });
    expect(JSON.parse(strFromU8(zip['bids/dataset_description.json']!))).toMatchObject({
      Authors: ['Ada Lovelace', 'Alan Turing'],
      License: 'CC0',
    });
    expect(strFromU8(zip['README.md']!)).toContain('**Formula guard: off.**');

    await row.getByRole('button', { name: 'Delete' }).click();
    await row.getByRole('button', { name: 'Yes, delete' }).click();
    await expect(page.getByRole('table', { name: 'Sessions' })).toHaveCount(0);
    expect(await readSession(page, participant)).toBeUndefined();
  });

  test("the RecGaze dataset's item_features.csv becomes the catalogue with TMDB ids and rebuilds the screens it lists", async ({
    page,
  }) => {
    const header = [...ITEM_FEATURES_COLUMNS];
    const cell = (row: Record<string, string | number>) => header.map((c) => (c in row ? String(row[c]) : '')).join(',');
    const movies = Array.from({ length: 15 }, (_, p) => ({
      TMDB_id: 1000 + p,
      TMDB_title: `"Film ${p + 1}, the sequel"`,
      TMDB_genres: 'Drama',
      TMDB_release_date: '05-01-2001',
      TMDB_cast: `"['A ${p}', 'B ${p}']"`,
      TMDB_overview: `"A synopsis of film ${p + 1}."`,
      TMDB_poster_path: `/poster${p}.jpg`,
      MovieID: 1000 + p,
      Movie_position_in_carousel: p + 1,
    }));
    const rows = [1, 2].flatMap((r) =>
      movies.map((m) => cell({ ...m, TaskID: 1, Carousel_position: r, Carousel_genre: r === 1 ? 'Drama' : 'Comedy' })),
    );
    await page.goto('/studio');
    await page.getByRole('button', { name: 'New study from pilot' }).click();
    await page
      .getByLabel('Import catalogue (CSV or JSON)')
      .setInputFiles({ name: 'item_features.csv', mimeType: 'text/csv', buffer: Buffer.from(`${header.join(',')}\n${rows.join('\n')}\n`) });
    await expect(page.getByTestId('catalogue-status')).toHaveText('imported catalogue (15 items)');
    await expect(page.getByRole('status').filter({ hasText: 'RecGaze item_features.csv' })).toContainText(
      "15 movies with their TMDB ids; 1 of the study's 3 screens rebuilt on them",
    );
  });

  test('preview boxes scale with the chosen viewport', async ({ page }) => {
    await createSmallStudy(page, `scale-${uid()}`);
    await page.getByLabel('Preview screen').selectOption('2');
    const read = async () => JSON.parse((await page.getByTestId('preview-aoi-boxes').getAttribute('data-boxes'))!) as AoiBox[];
    await page.getByLabel('Viewport', { exact: true }).selectOption('1920x945');
    const wide = (await read()).find((b) => b.kind === 'tile' && b.row === 1 && b.column === 1)!;
    expect(wide.x).toBeCloseTo(76, 0);
    expect(wide.w).toBeCloseTo(342, 0);
    expect(wide.h).toBeCloseTo(193, 0);
    // Paging a row in the preview moves its tiles and the listed boxes follow.
    await page.getByTestId('preview-page').locator('[data-aoi=forward][data-row="1"]').click();
    await expect.poll(async () => (await read()).find((b) => b.kind === 'tile' && b.row === 1 && b.column === 1)?.position).toBe(5);
    await page.getByLabel('Viewport', { exact: true }).selectOption('1280x720');
    // the slide pitch scales (351 px at 1920), the 9-px gutter does not: 351 × 2/3 − 9
    await expect.poll(async () => (await read()).find((b) => b.kind === 'tile' && b.row === 1 && b.column === 1)?.w).toBeCloseTo(225, 0);
  });

  test('a bad config file is rejected naming the field; a saved study can be duplicated and deleted', async ({ page }) => {
    await page.goto('/studio');
    const bad = { schemaVersion: 1, id: 'bad', name: 'Bad', site: 'LAB', layout: { hoverMode: 'zoom' } };
    await page
      .getByLabel('Import study config (JSON)')
      .setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
    const alert = page.getByRole('alert').filter({ hasText: 'The study config was not imported' });
    await expect(alert).toContainText('catalogue');
    await expect(alert).toContainText('layout.hoverMode');

    await page.getByRole('button', { name: 'New study from pilot' }).click();
    await page
      .getByLabel('Import catalogue (CSV or JSON)')
      .setInputFiles({ name: 'films.csv', mimeType: 'text/csv', buffer: Buffer.from('title,year\nHeat,nineteen\n') });
    await expect(page.getByRole('alert').filter({ hasText: 'The catalogue was not imported' })).toContainText(
      'line 2, year: "nineteen" is not a number',
    );

    const studyId = `dup-${uid()}`;
    await page.getByLabel('Study id').fill(studyId);
    await page.getByRole('button', { name: 'Save study' }).click();
    // Export, then import the same file: it comes back as a new draft under a free id.
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: `Export ${studyId}` }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe(`${studyId}.json`);
    const exported = readFileSync((await download.path())!, 'utf8');
    expect(JSON.parse(exported)).toMatchObject({ id: studyId, schemaVersion: 1, layout: { itemsPerRow: 15 } });
    await page
      .getByLabel('Import study config (JSON)')
      .setInputFiles({ name: 'again.json', mimeType: 'application/json', buffer: Buffer.from(exported) });
    await expect(page.getByText(`as "${studyId}-2" ("${studyId}" is taken)`)).toBeVisible();
    await expect(page.getByLabel('Study id')).toHaveValue(`${studyId}-2`);

    await page.getByRole('button', { name: `Duplicate ${studyId}` }).click();
    await expect(page.getByRole('table', { name: 'Studies' })).toContainText(`${studyId}-copy`);
    await page.getByRole('button', { name: `Delete ${studyId}-copy` }).click();
    await page.getByRole('button', { name: `Yes, delete ${studyId}-copy` }).click();
    await expect(page.getByRole('table', { name: 'Studies' })).not.toContainText(`${studyId}-copy`);
    await expect(page.getByRole('table', { name: 'Studies' })).toContainText(studyId);
  });
});
