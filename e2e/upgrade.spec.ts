// A database written by schema 1 (the app as of 0.1.0; src/db/fixtures/v1-database.json, recorded
// in Chromium) opened by this version in real Chromium: the studio lists the consented session and
// not the never-consented visit, and the participant resumes the screen they were on.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { readChunks, readSession, selectTile, studyUrl, tile } from './support/study-driver.ts';

type Dump = Record<'sessions' | 'chunks' | 'studies' | 'datasets' | 'counters', Record<string, unknown>[]>;
const dump = JSON.parse(readFileSync('src/db/fixtures/v1-database.json', 'utf8')) as Dump;

test('a schema-1 database is upgraded in place: sessions listed, events kept, the session resumes', async ({ page }) => {
  await page.goto('/favicon.svg');
  await page.evaluate(
    (data) =>
      new Promise<void>((resolve, reject) => {
        // Schema 1 exactly as Dexie 4 created it (IndexedDB version = Dexie version × 10).
        const open = indexedDB.open('carousel-gaze-lab', 10);
        open.onupgradeneeded = () => {
          const db = open.result;
          const sessions = db.createObjectStore('sessions', { keyPath: 'id' });
          sessions.createIndex('[studyId+participantId]', ['studyId', 'participantId']);
          for (const i of ['studyId', 'status', 'startedAt']) sessions.createIndex(i, i);
          const chunks = db.createObjectStore('chunks', { keyPath: 'id', autoIncrement: true });
          chunks.createIndex('[sessionId+taskId+seq]', ['sessionId', 'taskId', 'seq']);
          chunks.createIndex('sessionId', 'sessionId');
          db.createObjectStore('studies', { keyPath: 'id' }).createIndex('updatedAt', 'updatedAt');
          db.createObjectStore('datasets', { keyPath: 'id' }).createIndex('importedAt', 'importedAt');
          db.createObjectStore('counters', { keyPath: 'key' });
        };
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const names = ['sessions', 'chunks', 'studies', 'datasets', 'counters'] as const;
          const tx = db.transaction([...names], 'readwrite');
          for (const n of names) for (const r of data[n]) tx.objectStore(n).put(r);
          tx.oncomplete = () => (db.close(), resolve());
          tx.onerror = () => reject(tx.error);
        };
      }),
    dump,
  );
  const consented = dump.sessions.find((s) => s.stepIndex !== 0)!;
  const before = dump.chunks.filter((c) => c.sessionId === consented.id && c.taskId === 31).length;
  expect(before).toBeGreaterThan(0);

  await page.goto('/studio');
  const table = page.getByRole('table', { name: 'Sessions' });
  await expect(table).toContainText('V1_1');
  await expect(table).not.toContainText('LAB_1');

  await page.goto(studyUrl('V1_1'));
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(tile(page, 3, 1)).toHaveAttribute('data-position', '6'); // row 3 was paged before the upgrade
  await selectTile(page, 2, 2);
  await expect(async () => {
    const session = await readSession(page, 'V1_1');
    expect(session).toMatchObject({ schemaVersion: 2, consentedAt: null });
    expect(session!.revision).toBeGreaterThan(0);
    expect(session!.selections[31]).toMatchObject({ row: 2, column: 2 });
    expect(session!.screens[31]!.resumes).toBe(1);
  }).toPass();
  const chunks = (await readChunks(page, String(consented.id))).filter((c) => c.taskId === 31);
  expect(chunks.length).toBeGreaterThan(before);
  expect(chunks.map((c) => c.seq)).toEqual(chunks.map((_, i) => i));
  expect(chunks.flatMap((c) => c.events).some((e) => e.kind === 'resume')).toBe(true);
});
