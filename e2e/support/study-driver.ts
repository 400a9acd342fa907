// Page-object helpers that drive the participant study app; shared by every e2e spec.
import { expect, type Page } from '@playwright/test';
import type { RecordedEvent } from '../../core/events.ts';
import type { SessionRecord } from '../../core/records.ts';
import { answerSurveyPage } from '../fixtures/webgazer-driver.ts';

export function studyUrl(participant: string, opts: { study?: string; gaze?: string } = {}): string {
  const p = new URLSearchParams({ study: opts.study ?? 'pilot', participant, gaze: opts.gaze ?? 'mouse' });
  return `/?${p.toString()}`;
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

/** Reads the participant's session record from the real IndexedDB. */
export async function readSession(page: Page, participantId: string): Promise<SessionRecord | undefined> {
  return page.evaluate(
    (pid) =>
      new Promise<SessionRecord | undefined>((resolve, reject) => {
        const open = indexedDB.open('carousel-gaze-lab');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction('sessions').objectStore('sessions').getAll();
          req.onsuccess = () => {
            open.result.close();
            resolve((req.result as SessionRecord[]).find((s) => s.participantId === pid));
          };
          req.onerror = () => reject(req.error);
        };
      }),
    participantId,
  );
}

/** Every recorder chunk of a session, as stored in the real IndexedDB. */
export async function readChunks(page: Page, sessionId: string): Promise<{ taskId: number; seq: number; events: RecordedEvent[] }[]> {
  return page.evaluate(
    (sid) =>
      new Promise<{ taskId: number; seq: number; events: RecordedEvent[] }[]>((resolve, reject) => {
        const open = indexedDB.open('carousel-gaze-lab');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction('chunks').objectStore('chunks').index('sessionId').getAll(sid);
          req.onsuccess = () => {
            open.result.close();
            resolve(
              (req.result as { taskId: number; seq: number; events: RecordedEvent[] }[]).map(({ taskId, seq, events }) => ({
                taskId,
                seq,
                events,
              })),
            );
          };
          req.onerror = () => reject(req.error);
        };
      }),
    sessionId,
  );
}

/** Every stored event of a session's screen, in order, from the real IndexedDB. */
export async function readEvents(page: Page, sessionId: string, taskId: number): Promise<RecordedEvent[]> {
  const chunks = (await readChunks(page, sessionId)).filter((c) => c.taskId === taskId).sort((a, b) => a.seq - b.seq);
  return chunks.flatMap((c) => c.events);
}

/** Moves to a tile and clicks it (a real pointer path, so hover and cursor events are recorded). */
export async function selectTile(page: Page, row: number, column: number): Promise<void> {
  const t = tile(page, row, column);
  await t.scrollIntoViewIfNeeded();
  await t.hover();
  await t.click();
}
