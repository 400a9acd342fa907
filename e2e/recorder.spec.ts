// The recorder under the ways participants break things: reloads, Back, a full disk, a deleted
// database, a visit without consent. Real Chromium, real IndexedDB and localStorage, Chromium's
// own quota system; every count is of numbered cursor moves the page received.
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import type { SwipeEvent } from '../core/events.ts';
import {
  cursorXs,
  duplicates,
  expectStored,
  fillStorage,
  freeStorage,
  limitQuota,
  moveNumbered,
  moveX,
  receivedMoves,
  trackReceivedMoves,
} from './support/recorder-driver.ts';
import {
  agreeAndStart,
  arrow,
  clickContinue,
  readChunks,
  readSession,
  selectTile,
  startScreen,
  studyUrl,
  tile,
  toFirstScreen,
} from './support/study-driver.ts';

const uid = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

/** The pilot's first screen; returns the session id. */
async function onFirstScreen(page: Page, participant: string): Promise<string> {
  await toFirstScreen(page, participant);
  const session = await readSession(page, participant);
  expect(session).toBeDefined();
  return session!.id;
}

/** A quota that fillStorage() can fill (set before the origin stores anything), moves tracked, screen 1 open. */
async function onFirstScreenWithQuota(page: Page, context: BrowserContext, baseURL: string | undefined, participant: string) {
  const origin = new URL(baseURL!).origin;
  const cdp = await limitQuota(context, page, origin, 8_000_000);
  await trackReceivedMoves(page);
  const sessionId = await onFirstScreen(page, participant);
  return { sessionId, free: () => freeStorage(cdp, origin) };
}

/** After a reload on a screen: the mouse source asks for one click, then the screen is back. */
async function backOnScreen(page: Page): Promise<void> {
  await clickContinue(page);
  await expect(tile(page, 1, 1)).toBeVisible();
}

test.describe('recorder: nothing lost at a reload or Back', () => {
  test('5 reloads right after moving the mouse lose none of the moves the page received, and store none twice', async ({ page }) => {
    const pid = `reloads_${uid()}`;
    await trackReceivedMoves(page);
    const sessionId = await onFirstScreen(page, pid);
    const perRound = 40;
    for (let round = 0; round < 5; round++) {
      await moveNumbered(page, round * perRound, perRound);
      await page.reload(); // no wait: the last moves are a few ms old
      await backOnScreen(page);
    }
    const received = await receivedMoves(page);
    expect(received.length).toBeGreaterThanOrEqual(5 * perRound * 0.9); // Chromium may coalesce a few moves
    await expectStored(page, sessionId, 1, (events) => {
      const stored = cursorXs(events);
      expect(received.filter((x) => !stored.includes(x))).toEqual([]);
      expect(duplicates(stored)).toEqual([]);
    });
    await expectStored(page, sessionId, 1, (events) => expect(events.filter((e) => e.kind === 'resume')).toHaveLength(5));
    expect((await readSession(page, pid))!.screens[1]!.resumes).toBe(5);
  });

  for (const how of ['reload', 'navigation', 'Back', 'closed tab'] as const) {
    test(`an arrow click and at once a ${how} keeps the swipe and the row's page, 5 times out of 5`, async ({ page: first, context }) => {
      let page = first;
      const pid = `swipe_${how.replace(' ', '_')}_${uid()}`;
      const sessionId = await onFirstScreen(page, pid);
      for (let row = 1; row <= 5; row++) {
        await arrow(page, row, 'forward').scrollIntoViewIfNeeded();
        await arrow(page, row, 'forward').click();
        if (how === 'reload') await page.reload();
        else if (how === 'navigation') {
          await page.goto('/studio');
          await page.goto(studyUrl(pid));
        } else if (how === 'Back') {
          await page.goBack();
          await page.goForward();
        } else {
          await page.close({ runBeforeUnload: true });
          page = await context.newPage();
          await page.goto(studyUrl(pid));
        }
        await backOnScreen(page);
        for (let r = 1; r <= 5; r++)
          await expect(tile(page, r, 1), `row ${r} after ${row} swipes`).toHaveAttribute('data-position', r <= row ? '6' : '1');
      }
      await expectStored(page, sessionId, 1, (events) => {
        const swipes = events.filter((e): e is SwipeEvent => e.kind === 'swipe');
        expect(swipes.map((s) => [s.row, s.page])).toEqual([1, 2, 3, 4, 5].map((r) => [r, 2]));
      });
    });
  }

  test('an answer given right before a reload is kept (the session record goes through the write-ahead log too)', async ({ page }) => {
    const pid = `answer_${uid()}`;
    await onFirstScreen(page, pid);
    await selectTile(page, 1, 2);
    await page.getByRole('radio', { name: 'I have heard of the movie' }).check();
    await page.getByRole('checkbox', { name: 'Because of the poster' }).check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Genre choice and search' })).toBeVisible();
    await expect(async () => {
      const session = await readSession(page, pid);
      expect(session!.answers.perSelection[1]).toEqual({
        familiarity: 'I have heard of the movie',
        whySelected: ['Because of the poster'],
      });
    }).toPass();
  });
});

test.describe('recorder: storage full', () => {
  test('full, then freed: every held event is stored, also those of the screen that ended meanwhile, and the banner says so', async ({
    page,
    context,
    baseURL,
  }) => {
    const pid = `full_${uid()}`;
    const { sessionId, free } = await onFirstScreenWithQuota(page, context, baseURL, pid);
    await moveNumbered(page, 0, 30);
    await expectStored(page, sessionId, 1, (events) => expect(cursorXs(events)).toContain(moveX(29)));

    expect(await fillStorage(page)).toBeGreaterThan(1_000_000);
    await moveNumbered(page, 30, 60);
    const banner = page.getByRole('alert').filter({ hasText: 'could not be saved' });
    await expect(banner).toContainText("this browser's storage is full");
    await expect(banner).toContainText('A backup copy is kept in this browser');
    // Screen 1 ends while storage is full; the questions are answered; screen 31 records.
    await selectTile(page, 1, 2);
    await page.getByRole('radio', { name: 'I have heard of the movie' }).check();
    await page.getByRole('checkbox', { name: 'Because of the poster' }).check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await clickContinue(page);
    await startScreen(page);
    await moveNumbered(page, 1000, 40);
    await expect(banner).toBeVisible();
    const held = Number(/(\d+) recorded events are held/.exec((await banner.textContent()) ?? '')?.[1]);
    expect(held).toBeGreaterThan(100);
    expect(cursorXs((await readChunks(page, sessionId)).flatMap((c) => c.events))).not.toContain(moveX(59));

    await free();
    await expect(page.getByRole('status').filter({ hasText: 'Saving works again' })).toBeVisible({ timeout: 15_000 });
    await expect(banner).toHaveCount(0);
    const received = await receivedMoves(page);
    await expectStored(page, sessionId, 1, (events) => {
      const stored = cursorXs(events);
      expect(received.filter((x) => x < moveX(1000) && !stored.includes(x))).toEqual([]);
      expect(events.at(-1)?.kind).toBe('selection');
    });
    await expectStored(page, sessionId, 31, (events) => {
      const stored = cursorXs(events);
      expect(received.filter((x) => x >= moveX(1000) && !stored.includes(x))).toEqual([]);
    });
    const session = await readSession(page, pid);
    expect(session!.selections[1]).toMatchObject({ row: 1, column: 2 });
    expect(session!.answers.perSelection[1]).toBeDefined();
    expect(session!.screens[31]?.startedAt).toBeGreaterThan(0);
  });

  test('a reload while storage is full keeps the held events (localStorage), says so plainly, and stores them once there is room', async ({
    page,
    context,
    baseURL,
  }) => {
    const pid = `fullreload_${uid()}`;
    const { sessionId, free } = await onFirstScreenWithQuota(page, context, baseURL, pid);
    await fillStorage(page);
    await moveNumbered(page, 0, 50);
    await expect(page.getByRole('alert').filter({ hasText: 'could not be saved' })).toBeVisible();
    await page.reload();
    await backOnScreen(page);
    const banner = page.getByRole('alert').filter({ hasText: 'could not be saved' });
    await expect(banner).toContainText("this browser's storage is full");
    await expect(page.getByText(/QuotaExceededError|\(app\)/)).toHaveCount(0);
    await moveNumbered(page, 50, 20);
    await free();
    await expect(page.getByRole('status').filter({ hasText: 'Saving works again' })).toBeVisible({ timeout: 15_000 });
    const received = await receivedMoves(page);
    expect(received.length).toBeGreaterThan(50);
    await expectStored(page, sessionId, 1, (events) => {
      const stored = cursorXs(events);
      expect(received.filter((x) => !stored.includes(x))).toEqual([]);
      expect(duplicates(stored)).toEqual([]);
    });
  });
});

test.describe('recorder: the database deleted mid-study', () => {
  for (const how of ['another tab deletes it', 'the site data is cleared'] as const) {
    test(`${how}: the participant is told, recording continues, and the session and this screen are stored again`, async ({
      page,
      context,
      baseURL,
    }) => {
      await trackReceivedMoves(page);
      const pid = `deleted_${uid()}`;
      const sessionId = await onFirstScreen(page, pid);
      await moveNumbered(page, 0, 60);
      await expectStored(page, sessionId, 1, (events) => expect(cursorXs(events)).toContain(moveX(59)));
      if (how === 'another tab deletes it') {
        const other = await context.newPage();
        await other.goto('/favicon.svg');
        await other.evaluate(
          () =>
            new Promise<void>((resolve, reject) => {
              const req = indexedDB.deleteDatabase('carousel-gaze-lab');
              req.onsuccess = () => resolve();
              req.onerror = () => reject(req.error);
            }),
        );
        await other.close();
      } else {
        const cdp = await context.newCDPSession(page);
        await cdp.send('Storage.clearDataForOrigin', { origin: new URL(baseURL!).origin, storageTypes: 'indexeddb' });
      }
      await expect(page.getByRole('alert').filter({ hasText: 'was deleted' })).toBeVisible({ timeout: 15_000 });
      await moveNumbered(page, 60, 30);
      const received = await receivedMoves(page);
      await expectStored(page, sessionId, 1, (events) => {
        const stored = cursorXs(events);
        expect(received.filter((x) => !stored.includes(x))).toEqual([]);
        expect(events.some((e) => e.kind === 'layout')).toBe(true);
      });
      const session = await readSession(page, pid);
      expect(session?.id).toBe(sessionId);
      await selectTile(page, 1, 1);
      await expect(page.getByRole('heading', { name: 'About the movie you picked' })).toBeVisible();
      await expect(async () => expect((await readSession(page, pid))!.selections[1]).toBeDefined()).toPass();
    });
  }
});

test.describe('before consent', () => {
  test('opening the study stores nothing: no database, no localStorage, no participant id until the participant agrees', async ({
    page,
  }) => {
    const stored = () =>
      page.evaluate(async () => ({
        databases: (await indexedDB.databases()).map((d) => d.name),
        localStorage: localStorage.length,
      }));
    for (const link of ['/?study=pilot&gaze=mouse', studyUrl(`given_${uid()}`)]) {
      for (let visit = 0; visit < 3; visit++) {
        await page.goto(link);
        await expect(page.getByRole('checkbox', { name: /I agree/ })).toBeVisible();
        expect(await stored()).toEqual({ databases: [], localStorage: 0 });
      }
    }
    await page.goto('/?study=pilot&gaze=mouse');
    expect(new URL(page.url()).searchParams.get('participant')).toBeNull();
    await expect(page.getByText(/^Participant:/)).toHaveCount(0);
    const before = Date.now();
    await agreeAndStart(page);
    await expect(page.getByRole('button', { name: 'Continue' })).toBeVisible();
    const participant = new URL(page.url()).searchParams.get('participant');
    expect(participant).toBe('LAB_1');
    await expect(async () => {
      const session = await readSession(page, participant!);
      expect(session?.consentedAt).toBeGreaterThanOrEqual(before);
      expect(session?.consentedAt).toBeLessThanOrEqual(Date.now());
      expect(session?.stepIndex).toBe(1);
    }).toPass();
  });
});

test.describe('plain messages and headers', () => {
  test('study names that are Object properties, a broken trace address and a browser without IndexedDB are explained plainly', async ({
    page,
    context,
  }) => {
    for (const name of ['__proto__', 'constructor', 'toString']) {
      await page.goto(`/?study=${name}&participant=p1&gaze=mouse`);
      await expect(page.getByRole('heading', { name: 'Unknown study' })).toBeVisible();
      await expect(page.getByRole('alert')).toContainText(`"${name}" is not a built-in study`);
    }
    await page.goto('/?study=pilot&participant=p1&gaze=replay&trace=http://[::1');
    await expect(page.getByRole('alert')).toContainText('"http://[::1" is not a valid web address');

    const noIdb = await context.newPage();
    await noIdb.addInitScript(() => Object.defineProperty(window, 'indexedDB', { value: undefined }));
    await noIdb.goto('/?study=pilot&participant=p1&gaze=mouse');
    await expect(noIdb.getByRole('heading', { name: 'This browser cannot store the study’s data' })).toBeVisible();
    await expect(noIdb.getByRole('alert')).toContainText('private window');
    await expect(noIdb.getByText(/dexie/i)).toHaveCount(0);
  });

  test('the preview server sends CSP, nosniff, Referrer-Policy and forbids framing', async ({ request }) => {
    for (const path of ['/', '/studio', '/favicon.svg']) {
      const res = await request.get(path);
      const h = res.headers();
      expect(h['content-security-policy'], path).toContain("default-src 'self'");
      expect(h['content-security-policy'], path).toContain("frame-ancestors 'none'");
      expect(h['x-content-type-options'], path).toBe('nosniff');
      expect(h['referrer-policy'], path).toBe('no-referrer');
      expect(h['x-frame-options'], path).toBe('DENY');
    }
  });
});
