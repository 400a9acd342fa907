// Helpers for the recorder journeys: numbered cursor moves (the number is the x coordinate, so
// every stored event can be traced back to the move that made it), what the page received
// (recorded in sessionStorage by a capture listener that runs before the app's), storage filled
// to its quota and freed again through Chromium's own quota system.
import { expect, type BrowserContext, type CDPSession, type Page } from '@playwright/test';
import type { CursorEvent, RecordedEvent } from '../../core/events.ts';
import { readChunks } from './study-driver.ts';

/** x of move i: distinct numbers in a band of the page where nothing reacts to the cursor but hovers. */
export const moveX = (i: number) => 60 + i;
export const MOVE_Y = 720;

/** Records the x of every mousemove the page receives, before the app's listeners, across reloads. */
export async function trackReceivedMoves(page: Page): Promise<void> {
  await page.addInitScript(() => {
    window.addEventListener(
      'mousemove',
      (e) => {
        // Only the numbered moves (y 720/721): clicks on buttons move the mouse too.
        if (e.clientY !== 720 && e.clientY !== 721) return;
        const list = JSON.parse(sessionStorage.getItem('e2e:moves') ?? '[]') as number[];
        list.push(e.clientX);
        sessionStorage.setItem('e2e:moves', JSON.stringify(list));
      },
      { capture: true },
    );
  });
}

export async function receivedMoves(page: Page): Promise<number[]> {
  return page.evaluate(() => JSON.parse(sessionStorage.getItem('e2e:moves') ?? '[]') as number[]);
}

/** Moves the mouse through moves [from, from + n). */
export async function moveNumbered(page: Page, from: number, n: number): Promise<void> {
  for (let i = from; i < from + n; i++) await page.mouse.move(moveX(i), MOVE_Y + (i % 2));
}

export const cursorXs = (events: readonly RecordedEvent[]) =>
  events.filter((e): e is CursorEvent => e.kind === 'cursor' && e.y >= MOVE_Y && e.y <= MOVE_Y + 1).map((e) => e.x);

/** The x of each move that appears more than once (a chunk stored twice). */
export function duplicates(xs: readonly number[]): number[] {
  const seen = new Set<number>();
  return xs.filter((x) => (seen.has(x) ? true : (seen.add(x), false)));
}

/** Chromium's quota for the origin, set before the origin stores anything (later overrides are not seen). */
export async function limitQuota(context: BrowserContext, page: Page, origin: string, bytes: number): Promise<CDPSession> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: bytes });
  return cdp;
}

/** Fills the origin's quota with incompressible data in a database of its own, until writes fail. */
export async function fillStorage(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const put = (bytes: number) =>
      new Promise<boolean>((resolve) => {
        const open = indexedDB.open('e2e-filler', 1);
        open.onupgradeneeded = () => open.result.createObjectStore('fill', { autoIncrement: true });
        open.onerror = () => resolve(false);
        open.onsuccess = () => {
          const db = open.result;
          const data = new Uint8Array(bytes);
          for (let i = 0; i < bytes; i += 65536) crypto.getRandomValues(data.subarray(i, Math.min(bytes, i + 65536)));
          const tx = db.transaction('fill', 'readwrite');
          tx.objectStore('fill').add(data);
          tx.oncomplete = () => (db.close(), resolve(true));
          tx.onabort = () => (db.close(), resolve(false));
        };
      });
    let written = 0;
    for (const size of [1_000_000, 100_000, 10_000, 1_000, 200]) while (await put(size)) written += size;
    return written;
  });
}

/** Lifts the quota override: the origin gets the disk's quota again. */
export async function freeStorage(cdp: CDPSession, origin: string): Promise<void> {
  await cdp.send('Storage.overrideQuotaForOrigin', { origin });
}

/** Waits until the stored events of a screen satisfy `check` (writes land within a few hundred ms). */
export async function expectStored(page: Page, sessionId: string, taskId: number, check: (events: RecordedEvent[]) => void): Promise<void> {
  await expect(async () => {
    const chunks = await readChunks(page, sessionId);
    check(chunks.filter((c) => c.taskId === taskId).flatMap((c) => c.events));
  }).toPass({ timeout: 15_000 });
}
