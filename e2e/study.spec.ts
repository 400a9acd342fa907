import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import type { LayoutEvent, SwipeEvent } from '../core/events.ts';
import {
  arrow,
  clickContinue,
  fillSurvey,
  readEvents,
  readSession,
  selectTile,
  startScreen,
  studyUrl,
  tile,
  toFirstScreen,
} from './support/study-driver.ts';

const uid = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

test.describe('participant study (pilot, gaze=mouse)', () => {
  test('walks the pilot end to end: consent, one screen of each type, the questions, completion', async ({ page }) => {
    const pid = `walk_${uid()}`;
    await toFirstScreen(page, pid);
    await expect(page.getByText('Pick a movie you would like to watch')).toBeVisible();
    await selectTile(page, 1, 2);

    await expect(page.getByRole('heading', { name: 'About the movie you picked' })).toBeVisible();
    await page.getByRole('radio', { name: 'I have heard of the movie' }).check();
    await page.getByRole('checkbox', { name: 'Because of the poster' }).check();
    await page.getByRole('button', { name: 'Continue' }).click();

    await clickContinue(page); // search block intro
    await expect(page.getByRole('heading', { name: 'Pick a Action movie' })).toBeVisible();
    await startScreen(page);
    const actionRow = await page.locator('h2.row-title', { hasText: /^Action$/ }).getAttribute('data-row');
    await selectTile(page, Number(actionRow), 3);
    await fillSurvey(page);

    await expect(page.getByRole('heading', { name: /Find “Clash of the Titans \(2010\)”/ })).toBeVisible();
    await startScreen(page);
    await selectTile(page, 5, 1);

    await expect(page.getByRole('heading', { name: 'Thank you!' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Download my data' })).toBeEnabled();

    // The page says thank you as the completed record is being written: read it once it is stored.
    await expect.poll(async () => (await readSession(page, pid))?.status).toBe('completed');
    const session = await readSession(page, pid);
    expect(session?.flags).toContain('mouse-gaze');
    expect(
      Object.keys(session!.selections)
        .map(Number)
        .sort((a, b) => a - b),
    ).toEqual([1, 31, 36]);
    expect(session!.selections[1]).toMatchObject({ row: 1, column: 2, position: 2, page: 1 });
    expect(session!.selections[31]!.row).toBe(Number(actionRow));
    expect(session!.selections[36]!.correct).toBe(true);
    expect(session!.answers.perSelection[1]).toEqual({ familiarity: 'I have heard of the movie', whySelected: ['Because of the poster'] });
    expect(Object.keys(session!.answers.perSelection)).toEqual(['1', '31']);
    const events = await readEvents(page, session!.id, 1);
    expect(events.filter((e) => e.kind === 'gaze').length).toBeGreaterThan(5);
    expect(events.some((e) => e.kind === 'cursor')).toBe(true);
    expect(events.some((e) => e.kind === 'hover' && e.phase === 'enter' && e.row === 1 && e.position === 2)).toBe(true);
    expect(events.at(-1)?.kind).toBe('selection');
  });

  test('arrows page every row by 5 with wrap-around and record each swipe', async ({ page }) => {
    const pid = `paging_${uid()}`;
    await toFirstScreen(page, pid);
    for (let row = 1; row <= 10; row++) {
      await arrow(page, row, 'forward').scrollIntoViewIfNeeded();
      const first = () => tile(page, row, 1).getAttribute('data-position');
      expect(await first()).toBe('1');
      await arrow(page, row, 'forward').click();
      expect(await first()).toBe('6');
      await arrow(page, row, 'forward').click();
      expect(await first()).toBe('11');
      await expect(tile(page, row, 5)).toHaveAttribute('data-position', '15');
      await arrow(page, row, 'forward').click();
      expect(await first()).toBe('1');
      await arrow(page, row, 'backward').click();
      expect(await first()).toBe('11');
    }
    // Keyboard paging: arrow keys while a tile of the row has focus.
    await tile(page, 1, 1).focus();
    await page.keyboard.press('ArrowRight');
    await expect(tile(page, 1, 1)).toHaveAttribute('data-position', '1');

    // the recorder writes every 500 ms: wait for the last swipe's layout to be stored, however long that takes here
    const session = await readSession(page, pid);
    const swipeLayouts = async () =>
      (await readEvents(page, session!.id, 1)).filter((e) => e.kind === 'layout' && e.reason === 'swipe').length;
    await expect.poll(swipeLayouts, { timeout: 20_000 }).toBeGreaterThanOrEqual(41);
    const events = await readEvents(page, session!.id, 1);
    const swipes = events.filter((e): e is SwipeEvent => e.kind === 'swipe');
    expect(swipes.length).toBe(41);
    expect(swipes.slice(0, 4).map((s) => [s.row, s.direction, s.page, s.source])).toEqual([
      [1, 'forward', 2, 'arrow'],
      [1, 'forward', 3, 'arrow'],
      [1, 'forward', 1, 'arrow'],
      [1, 'backward', 3, 'arrow'],
    ]);
    expect(swipes.at(-1)).toMatchObject({ row: 1, direction: 'forward', source: 'keyboard', page: 1 });
    const layouts = events.filter((e): e is LayoutEvent => e.kind === 'layout');
    expect(layouts.filter((l) => l.reason === 'swipe').length).toBe(41);
    const last = layouts.filter((l) => l.reason === 'swipe').at(-1)!;
    expect(last.pages).toEqual([1, 3, 3, 3, 3, 3, 3, 3, 3, 3]);
  });

  test('hovering a tile replaces it with the details panel', async ({ page }) => {
    await toFirstScreen(page, `hover_${uid()}`);
    const catalogue = JSON.parse(readFileSync('stimuli/recgaze/catalogue.json', 'utf8')) as {
      items: { id: number; title: string; year: number; genres: string[]; cast: string[] }[];
    };
    const t = tile(page, 2, 3);
    const movieId = Number(await t.getAttribute('data-movie-id'));
    const movie = catalogue.items.find((m) => m.id === movieId)!;
    await t.hover();
    const panel = t.getByTestId('details-panel');
    await expect(panel).toBeVisible();
    await expect(panel).toContainText(`${movie.title} (${movie.year})`);
    await expect(panel).toContainText(`Genre: ${movie.genres.slice(0, 3).join(', ')}`);
    await expect(panel).toContainText(`Cast: ${movie.cast[0]!}`);
    await page.mouse.move(5, 5);
    await expect(panel).toHaveCount(0);
  });

  test('renders the original geometry at 1920×945 (SPEC boxes within 5 px)', async ({ page }) => {
    await toFirstScreen(page, `geom_${uid()}`);
    // aoi_data.csv: page-1 AOIs of the original at 1920×1080 with an 87 px browser bar (viewport y = y − 87).
    const rows = readFileSync('stimuli/recgaze/aoi_data.csv', 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    const spec = rows.filter((r) => r[6] === '1' && ['Movie', 'Backward_swipe', 'Forward_swipe', 'Genre_text'].includes(r[2]!));
    expect(spec.length).toBe(80);
    const kind = { Movie: 'tile', Backward_swipe: 'backward', Forward_swipe: 'forward', Genre_text: 'title' } as Record<string, string>;
    const scrollTo = async (y: number) => {
      await page.evaluate((yy) => window.scrollTo(0, yy), y);
      await page.waitForFunction((yy) => Math.abs(window.scrollY - yy) < 1, y);
    };
    for (const scroll of [0, 1500, 2400]) {
      await scrollTo(scroll);
      const actual = await page.$$eval('[data-aoi]', (els) =>
        els.map((e) => {
          const r = e.getBoundingClientRect();
          const d = (e as HTMLElement).dataset;
          return {
            kind: d.aoi!,
            row: Number(d.row),
            column: Number(d.column ?? 0),
            x0: r.left,
            x1: r.right,
            y0: r.top + window.scrollY,
            y1: r.bottom + window.scrollY,
          };
        }),
      );
      for (const r of spec) {
        const [, , type, rowNum, , pos, , x0, x1, y0, y1] = r;
        const a = actual.find((b) => b.kind === kind[type!] && b.row === Number(rowNum) && (type !== 'Movie' || b.column === Number(pos)));
        expect(a, `${type} row ${rowNum} pos ${pos}`).toBeDefined();
        const where = `${type} row ${rowNum} pos ${pos}`;
        expect(Math.abs(a!.x0 - Number(x0)), `${where} x min`).toBeLessThanOrEqual(5);
        expect(Math.abs(a!.y0 - (Number(y0) - 87)), `${where} y min`).toBeLessThanOrEqual(5);
        expect(Math.abs(a!.y1 - (Number(y1) - 87)), `${where} y max`).toBeLessThanOrEqual(5);
        if (type !== 'Genre_text') expect(Math.abs(a!.x1 - Number(x1)), `${where} x max`).toBeLessThanOrEqual(5);
      }
    }
    // The SPEC's example: row-1 tiles at x 76–418, y 89–282 in the viewport.
    await scrollTo(0);
    const box = await tile(page, 1, 1).boundingBox();
    expect(box).toMatchObject({ x: 76, y: 89 });
    expect(Math.abs(box!.x + box!.width - 418)).toBeLessThanOrEqual(1);
    expect(Math.abs(box!.y + box!.height - 282)).toBeLessThanOrEqual(1);
  });

  test('a reload in the middle of a screen resumes it with earlier events intact', async ({ page }) => {
    const pid = `reload_${uid()}`;
    await toFirstScreen(page, pid);
    for (let i = 0; i < 20; i++) await page.mouse.move(100 + i * 40, 150 + i * 10);
    await arrow(page, 2, 'forward').click();
    const session = await readSession(page, pid);
    // stored by the recorder's next write (every 500 ms; later on a loaded machine)
    await expect
      .poll(async () => (await readEvents(page, session!.id, 1)).some((e) => e.kind === 'swipe' && e.row === 2), { timeout: 20_000 })
      .toBe(true);
    const before = await readEvents(page, session!.id, 1);

    await page.reload();
    await clickContinue(page); // gaze source restarts after the reload
    await expect(tile(page, 1, 1)).toBeVisible();
    await expect(page.getByRole('button', { name: 'Start' })).toHaveCount(0);
    await expect(tile(page, 2, 1)).toHaveAttribute('data-position', '6'); // row 2 still on page 2
    await page.mouse.move(400, 400);
    await expect
      .poll(async () => (await readEvents(page, session!.id, 1)).some((e) => e.kind === 'layout' && e.reason === 'resume'), {
        timeout: 20_000,
      })
      .toBe(true);
    const after = await readEvents(page, session!.id, 1);
    expect(after.slice(0, before.length)).toEqual(before);
    const resume = after.find((e) => e.kind === 'resume');
    expect(resume).toBeDefined();
    expect(resume!.t).toBeGreaterThan(before.at(-1)!.t);
    expect(after.some((e) => e.kind === 'layout' && e.reason === 'resume')).toBe(true);
    await selectTile(page, 1, 1);
    await expect(page.getByRole('heading', { name: 'About the movie you picked' })).toBeVisible();
    const done = await readSession(page, pid);
    expect(done!.screens[1]!.resumes).toBe(1);
    expect(done!.selections[1]).toBeDefined();
  });

  test('a second tab of the same participant is refused with a clear message', async ({ page, context }) => {
    const pid = `tabs_${uid()}`;
    await page.goto(studyUrl(pid));
    await expect(page.getByRole('checkbox', { name: /I agree/ })).toBeVisible();
    const second = await context.newPage();
    await second.goto(studyUrl(pid));
    await expect(second.getByRole('heading', { name: 'This study is already open in another tab' })).toBeVisible();
    await second.close();
  });

  test('no request leaves the page’s own origin during a study', async ({ page }) => {
    const foreign: string[] = [];
    const origin = new URL(test.info().project.use.baseURL!).origin;
    page.on('request', (req) => {
      const url = new URL(req.url());
      if (!['data:', 'blob:'].includes(url.protocol) && url.origin !== origin) foreign.push(req.url());
    });
    const pid = `origin_${uid()}`;
    await toFirstScreen(page, pid);
    await arrow(page, 1, 'forward').click();
    await tile(page, 3, 2).hover();
    await selectTile(page, 1, 4);
    await expect(page.getByRole('heading', { name: 'About the movie you picked' })).toBeVisible();
    expect(foreign).toEqual([]);
  });
});

test.describe('invalid study links', () => {
  test('an invalid config shows an error page naming the field and the problem', async ({ page }) => {
    const bad = JSON.parse(readFileSync('e2e/support/valid-mini-config.json', 'utf8')) as Record<string, unknown> & {
      layout: Record<string, unknown>;
    };
    bad.layout.visibleCount = 'five';
    await page.route(
      (url) => url.pathname === '/studies/bad.json',
      (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify(bad) }),
    );
    await page.goto('/?study=/studies/bad.json&participant=p1&gaze=mouse');
    await expect(page.getByRole('heading', { name: 'The study config is not valid' })).toBeVisible();
    await expect(page.getByRole('alert')).toContainText('layout.visibleCount');
    await expect(page.getByRole('alert')).toContainText('expected number but got "five"');
  });

  test('a config whose rows do not match the layout is rejected naming the row', async ({ page }) => {
    const bad = JSON.parse(readFileSync('e2e/support/valid-mini-config.json', 'utf8')) as { screens: { rows: { items: number[] }[] }[] };
    bad.screens[0]!.rows[1]!.items.pop();
    await page.route(
      (url) => url.pathname === '/studies/short-row.json',
      (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify(bad) }),
    );
    await page.goto('/?study=/studies/short-row.json&participant=p1&gaze=mouse');
    await expect(page.getByRole('alert')).toContainText('screens[0].rows[1].items');
    await expect(page.getByRole('alert')).toContainText('has 7 items but layout.itemsPerRow is 8');
  });

  test('the valid mini config runs, and unknown studies and gaze sources are named', async ({ page }) => {
    const good = readFileSync('e2e/support/valid-mini-config.json', 'utf8');
    await page.route(
      (url) => url.pathname === '/studies/good.json',
      (route) => route.fulfill({ contentType: 'application/json', body: good }),
    );
    await page.goto('/?study=/studies/good.json&participant=p1&gaze=mouse');
    await expect(page.getByRole('checkbox', { name: /I agree/ })).toBeVisible();

    await page.goto('/?study=nope&participant=p1');
    await expect(page.getByRole('heading', { name: 'Unknown study' })).toBeVisible();
    await expect(page.getByRole('alert')).toContainText('"nope" is not a built-in study');

    await page.goto('/?study=pilot&participant=p1&gaze=eyes');
    await expect(page.getByRole('alert')).toContainText('gaze');
    await expect(page.getByRole('alert')).toContainText('"eyes" is not one of webgazer, worker, mouse, replay, simulated');
  });
});
