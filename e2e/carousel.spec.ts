// The carousel as the original study's pages have it: the hover details panel (with a synopsis),
// the 500-ms animated paging with its recorded start and end, and the sizes the original keeps in
// px at other window sizes. Real Chromium, real IndexedDB.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import type { AoiBox, LayoutEvent, RecordedEvent } from '../core/events.ts';
import { agreeAndStart, arrow, clickContinue, readEvents, readSession, startScreen, tile, toFirstScreen } from './support/study-driver.ts';

const uid = () => Math.random().toString(36).slice(2, 8);

const SYNOPSIS =
  'A retired locksmith returns to the city for one last job, and finds that the vault he once built now keeps his own family’s secrets.';

/** The mini study with synopses in its catalogue (as after an item_features.csv import), served same-origin. */
async function toSynopsisScreen(page: Page, participant: string): Promise<void> {
  const config = JSON.parse(readFileSync('e2e/support/valid-mini-config.json', 'utf8')) as {
    id: string;
    catalogue: { items: { id: number; synopsis?: string }[] };
  };
  config.id = 'synopsis';
  for (const item of config.catalogue.items) if (item.id % 2 === 1) item.synopsis = `${SYNOPSIS} (${item.id})`;
  await page.route(
    (url) => url.pathname === '/studies/synopsis.json',
    (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify(config) }),
  );
  await page.goto(`/?study=/studies/synopsis.json&participant=${participant}&gaze=mouse`);
  await agreeAndStart(page);
  await clickContinue(page); // gaze source ready
  await clickContinue(page); // block intro
  await startScreen(page);
}

/** Computed font size, font weight and padding of the first element matching `selector` inside the panel. */
async function styleOf(page: Page, selector: string) {
  return page
    .getByTestId('details-panel')
    .locator(selector)
    .first()
    .evaluate((el) => {
      const s = getComputedStyle(el);
      return { fontSize: s.fontSize, fontWeight: s.fontWeight, padding: s.padding, color: s.color, background: s.backgroundColor };
    });
}

for (const size of [
  { width: 1920, height: 945 },
  { width: 1366, height: 768 },
]) {
  test.describe(`at ${size.width}×${size.height}`, () => {
    test.use({ viewport: size });

    test('hovering a tile shows "Title (Year)", Genre:, Cast: and the synopsis at the original’s px sizes', async ({ page }) => {
      const pid = `synopsis_${uid()}`;
      await toSynopsisScreen(page, pid);
      const withSynopsis = tile(page, 1, 1);
      const movieId = Number(await withSynopsis.getAttribute('data-movie-id'));
      expect(movieId % 2).toBe(1);
      await withSynopsis.hover();
      const panel = withSynopsis.getByTestId('details-panel');
      await expect(panel).toBeVisible();
      await expect(panel.locator('.details-title')).toHaveText(`Film ${movieId}, "quoted" & ünïcode (${2000 + movieId})`);
      await expect(panel.locator('.details-genres')).toHaveText(/^Genre: \S/);
      await expect(panel.locator('.details-cast')).toHaveText('Cast: A. Actor, B. Actor, C. Actor');
      await expect(panel.locator('.details-synopsis')).toHaveText(`${SYNOPSIS} (${movieId})`);
      // content-row.css: 12 px text with 5 px padding, an 18 px bold title, bold labels, black on white — in px at every width
      expect(await styleOf(page, ':scope')).toMatchObject({
        fontSize: '12px',
        padding: '5px',
        color: 'rgb(0, 0, 0)',
        background: 'rgb(255, 255, 255)',
      });
      expect(await styleOf(page, '.details-title')).toMatchObject({ fontSize: '18px', fontWeight: '700' });
      expect(await styleOf(page, '.details-synopsis')).toMatchObject({ fontSize: '12px' });
      expect(await styleOf(page, '.subheading')).toMatchObject({ fontWeight: '700' });
      // the panel covers the tile; the tile's box (its AOI) does not change
      const [tileBox, panelBox] = [await withSynopsis.boundingBox(), await panel.boundingBox()];
      expect(panelBox).toEqual(tileBox);

      // a movie without a synopsis: no synopsis line
      const other = tile(page, 1, 2);
      expect(Number(await other.getAttribute('data-movie-id')) % 2).toBe(0);
      await other.hover();
      await expect(other.getByTestId('details-panel').locator('.details-cast')).toBeVisible();
      await expect(other.getByTestId('details-panel').locator('.details-synopsis')).toHaveCount(0);
      await expect(withSynopsis.getByTestId('details-panel')).toHaveCount(0);

      // the hovers are recorded as before: enter and leave of each tile
      const otherId = Number(await other.getAttribute('data-movie-id'));
      const session = await readSession(page, pid);
      const sequence = (events: RecordedEvent[]) => {
        const hovers = events.filter((e) => e.kind === 'hover');
        const enter = hovers.findIndex((h) => h.phase === 'enter' && h.movieId === movieId);
        const leave = hovers.findIndex((h, k) => k > enter && h.phase === 'leave' && h.movieId === movieId);
        const next = hovers.findIndex((h, k) => k > leave && h.phase === 'enter' && h.movieId === otherId);
        return enter >= 0 && leave > enter && next > leave;
      };
      await expect.poll(async () => sequence(await readEvents(page, session!.id, 1)), { timeout: 20_000 }).toBe(true);
    });

    test('arrows are 20 px, tiles keep their gutter in px, and the recorded boxes are the drawn ones', async ({ page }) => {
      const pid = `px_${uid()}`;
      await toFirstScreen(page, pid);
      const s = size.width / 1920;
      for (const row of [1, 2]) {
        for (const direction of ['backward', 'forward'] as const) {
          const b = (await arrow(page, row, direction).boundingBox())!;
          expect([b.width, b.height]).toEqual([20, 20]);
        }
        const first = (await tile(page, row, 1).boundingBox())!;
        const second = (await tile(page, row, 2).boundingBox())!;
        // slide pitch scales with the width (351 px at 1920), the gutter between tiles stays 9 px
        expect(second.x - first.x).toBeCloseTo(351 * s, 1);
        expect(second.x - (first.x + first.width)).toBeCloseTo(9, 1);
        // arrows 25 px outside the slider
        const back = (await arrow(page, row, 'backward').boundingBox())!;
        expect(first.x - back.x).toBeCloseTo(25, 1);
      }
      const session = await readSession(page, pid);
      await expect
        .poll(async () => (await readEvents(page, session!.id, 1)).some((e) => e.kind === 'layout'), { timeout: 20_000 })
        .toBe(true);
      const layout = (await readEvents(page, session!.id, 1)).find((e): e is LayoutEvent => e.kind === 'layout')!;
      expect(layout.viewport.w).toBe(size.width);
      const drawn = await page.$$eval('[data-aoi]', (els) =>
        els.map((el) => {
          const r = el.getBoundingClientRect();
          const d = (el as HTMLElement).dataset;
          return {
            kind: d.aoi,
            row: Number(d.row),
            column: d.column ? Number(d.column) : undefined,
            x: r.left,
            y: r.top + scrollY,
            w: r.width,
            h: r.height,
          };
        }),
      );
      expect(layout.boxes).toHaveLength(drawn.length);
      for (const d of drawn) {
        const b = layout.boxes.find((x) => x.kind === d.kind && x.row === d.row && x.column === d.column)!;
        expect(b, `${d.kind} row ${d.row} column ${d.column}`).toBeDefined();
        for (const k of ['x', 'y', 'w', 'h'] as const)
          expect(Math.abs(b[k] - d[k]), `${d.kind} row ${d.row} ${k}`).toBeLessThanOrEqual(0.1);
      }
    });
  });
}

test('paging slides the row for 500 ms and records its start, its end and the new page’s boxes after it', async ({ page }) => {
  const pid = `slide_${uid()}`;
  await toFirstScreen(page, pid);
  const before = await page.$$eval('[data-aoi=tile][data-row="1"]', (els) => els.map((e) => e.getBoundingClientRect().left));
  // When the sliding track is in the page (from the page's own clock, not the test's)
  await page.evaluate(() => {
    const w = window as unknown as { slide: { added?: number; removed?: number; transforms: string[] } };
    w.slide = { transforms: [] };
    new MutationObserver((records) => {
      for (const r of records) {
        for (const n of r.addedNodes) if (n instanceof HTMLElement && n.matches('.row-slider')) w.slide.added ??= performance.now();
        for (const n of r.removedNodes) if (n instanceof HTMLElement && n.matches('.row-slider')) w.slide.removed ??= performance.now();
      }
    }).observe(document.body, { childList: true, subtree: true });
  });
  await arrow(page, 1, 'forward').click();
  // a second click while the row slides is ignored, as slick's waitForAnimate does (if the slide is
  // already over on a slow machine, no second click is made)
  const clickedAgain = await page.evaluate(() => {
    if (!document.querySelector('[data-sliding-row="1"]')) return false;
    (document.querySelector('[data-aoi=forward][data-row="1"]') as HTMLElement).click();
    return true;
  });
  await expect(tile(page, 1, 1)).toHaveAttribute('data-position', '6');
  const slide = await page.evaluate(() => (window as unknown as { slide: { added?: number; removed?: number } }).slide);
  expect(slide.added, 'the row slid (a moving track was shown)').toBeDefined();
  expect(slide.removed! - slide.added!).toBeGreaterThanOrEqual(450);

  const session = await readSession(page, pid);
  const stored = async () => (await readEvents(page, session!.id, 1)).filter((e) => e.kind === 'layout' && e.reason === 'swipe').length;
  await expect.poll(stored, { timeout: 20_000 }).toBe(1);
  const events = await readEvents(page, session!.id, 1);
  const swipes = events.filter((e) => e.kind === 'swipe');
  const ends = events.filter((e): e is Extract<RecordedEvent, { kind: 'swipe-end' }> => e.kind === 'swipe-end');
  expect(swipes, clickedAgain ? 'the click during the slide made no swipe' : '').toHaveLength(1);
  expect(ends).toHaveLength(1);
  expect(swipes[0]).toMatchObject({ row: 1, direction: 'forward', page: 2, offset: 5 });
  expect(ends[0]).toMatchObject({ row: 1, page: 2, offset: 5 });
  // 500 ms of animation; a busy machine may end it a little later, never sooner
  const duration = ends[0]!.t - swipes[0]!.t;
  expect(duration).toBeGreaterThanOrEqual(450);
  expect(duration).toBeLessThan(3000);
  // the layout after the slide (not before) has the new page's boxes where the old page's were
  const i = events.indexOf(ends[0]!);
  const layout = events.slice(i + 1).find((e): e is LayoutEvent => e.kind === 'layout')!;
  expect(layout).toMatchObject({ reason: 'swipe', pages: [2, 1, 1, 1, 1, 1, 1, 1, 1, 1] });
  expect(layout.t).toBeGreaterThanOrEqual(ends[0]!.t);
  expect(events.slice(events.indexOf(swipes[0]!), i).some((e) => e.kind === 'layout' && e.reason === 'swipe')).toBe(false);
  const row1 = layout.boxes.filter((b): b is AoiBox & { column: number } => b.kind === 'tile' && b.row === 1);
  expect(row1.map((b) => b.position)).toEqual([6, 7, 8, 9, 10]);
  row1.forEach((b, c) => expect(Math.abs(b.x - before[c]!)).toBeLessThanOrEqual(0.1));
});

test('a tile can be picked while its row slides, with the column it is in at that moment', async ({ page }) => {
  const pid = `pick_${uid()}`;
  await toFirstScreen(page, pid);
  const movieId = Number(await tile(page, 1, 2).getAttribute('data-movie-id'));
  // the arrow and the moving tile in one task (React renders the slide in a microtask), so the tile
  // has not moved yet: no frame timing involved
  await page.evaluate(async () => {
    (document.querySelector('[data-aoi=forward][data-row="1"]') as HTMLElement).click();
    const moving = '[data-sliding-row="1"] [data-slide-position="2"]';
    for (let i = 0; i < 20 && !document.querySelector(moving); i++) await Promise.resolve();
    (document.querySelector(moving) as HTMLElement).click();
  });
  await expect(page.getByRole('heading', { name: 'About the movie you picked' })).toBeVisible();
  // The selection reaches the stored session record a moment after the screen ends.
  await expect
    .poll(async () => (await readSession(page, pid))?.selections[1])
    .toMatchObject({
      row: 1,
      position: 2,
      column: 2,
      page: 1,
      movieId,
    });
  const session = await readSession(page, pid);
  const events = await readEvents(page, session!.id, 1);
  expect(events.filter((e) => e.kind === 'swipe')).toHaveLength(1);
  expect(events.at(-1)).toMatchObject({ kind: 'selection', row: 1, position: 2, column: 2, movieId });
});

test('arrow keys page a row again and again: the focus stays in the row after each slide', async ({ page }) => {
  const pid = `keys_${uid()}`;
  await toFirstScreen(page, pid);
  await tile(page, 2, 3).focus();
  for (const position of ['6', '11', '1']) {
    await page.keyboard.press('ArrowRight');
    await expect(tile(page, 2, 1)).toHaveAttribute('data-position', position);
    await expect(tile(page, 2, 1)).toBeFocused();
  }
  await page.keyboard.press('ArrowLeft');
  await expect(tile(page, 2, 1)).toHaveAttribute('data-position', '11');
  const session = await readSession(page, pid);
  await expect
    .poll(async () => (await readEvents(page, session!.id, 1)).filter((e) => e.kind === 'swipe-end').length, { timeout: 20_000 })
    .toBe(4);
  const swipes = (await readEvents(page, session!.id, 1)).filter((e) => e.kind === 'swipe');
  expect(swipes.map((s) => [s.row, s.direction, s.source, s.page])).toEqual([
    [2, 'forward', 'keyboard', 2],
    [2, 'forward', 'keyboard', 3],
    [2, 'forward', 'keyboard', 1],
    [2, 'backward', 'keyboard', 3],
  ]);
});
