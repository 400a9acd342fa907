// Page-object helpers that drive the participant study app; shared by every e2e spec.
import { expect, type Page } from '@playwright/test';
import type { RecordedEvent } from '../../core/events.ts';
import type { SessionRecord } from '../../core/records.ts';
import { answerSurveyPage } from '../fixtures/webgazer-driver.ts';
import { studyUrl as appStudyUrl } from '../../core/routes.ts';

export function studyUrl(participant: string, opts: { study?: string; gaze?: string } = {}): string {
  return appStudyUrl({ study: opts.study ?? 'pilot', participant, gaze: opts.gaze ?? 'mouse' });
}

export async function agreeAndStart(page: Page): Promise<void> {
  await page.getByRole('checkbox', { name: /I agree/ }).check();
  await page.getByRole('button', { name: 'Start' }).click();
}

/** Answers every question on the current survey page with its first option, page by page. */
export async function fillSurvey(page: Page): Promise<void> {
  await page.locator('form.survey').waitFor();
  for (let guard = 0; guard < 10; guard++) {
    const form = page.locator('form.survey');
    if (!(await form.isVisible().catch(() => false))) return;
    await answerSurveyPage(page);
    const submit = form.getByRole('button', { name: /Continue|Finish/ });
    const heading = await form.locator('h1').textContent();
    await submit.click();
    await expect(async () => {
      const stillSame =
        (await form.isVisible().catch(() => false)) &&
        (await form
          .locator('h1')
          .textContent()
          .catch(() => null)) === heading;
      expect(stillSame).toBe(false);
    }).toPass({ timeout: 5000 });
  }
}

/** Clicks "Continue" on pages that only need it (gaze ready, block intros, reminders). */
export async function clickContinue(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Continue' }).click();
}

export async function startScreen(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Start' }).click();
  await page.locator('[data-aoi=tile]').first().waitFor();
}

export function tile(page: Page, row: number, column: number) {
  return page.locator(`[data-aoi=tile][data-row="${row}"][data-column="${column}"]`);
}

export function arrow(page: Page, row: number, direction: 'forward' | 'backward') {
  return page.locator(`[data-aoi=${direction}][data-row="${row}"]`);
}

/**
 * Every record of an object store of the app's real IndexedDB (optionally those with `key` in
 * `index`). A database that does not exist is not created ([] instead), and the connection is
 * always closed, so that the app's own opening and upgrades are never blocked by a test.
 */
export async function readStore<T>(page: Page, store: string, index?: string, key?: string): Promise<T[]> {
  return page.evaluate(
    ([store, index, key]) =>
      new Promise<T[]>((resolve, reject) => {
        const open = indexedDB.open('carousel-gaze-lab');
        open.onupgradeneeded = () => open.transaction?.abort();
        open.onerror = () => resolve([]);
        open.onsuccess = () => {
          const db = open.result;
          try {
            if (!db.objectStoreNames.contains(store)) {
              db.close();
              resolve([]);
              return;
            }
            const os = db.transaction(store).objectStore(store);
            const req = index ? os.index(index).getAll(key) : os.getAll();
            req.onsuccess = () => (db.close(), resolve(req.result as T[]));
            req.onerror = () => (db.close(), reject(req.error));
          } catch (e) {
            db.close();
            reject(e);
          }
        };
      }),
    [store, index, key] as const,
  );
}

/** Reads the participant's session record from the real IndexedDB. */
export async function readSession(page: Page, participantId: string): Promise<SessionRecord | undefined> {
  return (await readStore<SessionRecord>(page, 'sessions')).find((s) => s.participantId === participantId);
}

/** Every stored chunk of a session (all screens, in taskId and seq order), from the real IndexedDB. */
export async function readChunks(page: Page, sessionId: string): Promise<{ taskId: number; seq: number; events: RecordedEvent[] }[]> {
  const chunks = await readStore<{ taskId: number; seq: number; events: RecordedEvent[] }>(page, 'chunks', 'sessionId', sessionId);
  return chunks.sort((a, b) => a.taskId - b.taskId || a.seq - b.seq);
}

/** Every stored event of a session's screen, in order, from the real IndexedDB. */
export async function readEvents(page: Page, sessionId: string, taskId: number): Promise<RecordedEvent[]> {
  return (await readChunks(page, sessionId)).filter((c) => c.taskId === taskId).flatMap((c) => c.events);
}

/** Consent, gaze source ready, block intro, Start: the pilot's first screen (gaze=mouse). */
export async function toFirstScreen(page: Page, participant: string): Promise<void> {
  await page.goto(studyUrl(participant));
  await agreeAndStart(page);
  await clickContinue(page); // gaze source ready
  await clickContinue(page); // block intro
  await startScreen(page);
}

/** Moves to a tile and clicks it (a real pointer path, so hover and cursor events are recorded). */
export async function selectTile(page: Page, row: number, column: number): Promise<void> {
  const t = tile(page, row, column);
  await t.scrollIntoViewIfNeeded();
  await t.hover();
  await t.click();
}
