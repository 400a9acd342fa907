// The analysis view's import with files that break things: large (progress, cancel, completion),
// zero-filled, UTF-16. Real Chromium: the import runs in its worker and stores into IndexedDB.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { fixtureFiles } from '../format/testing/recgaze-fixture.ts';
import { bigSummaryCsv, utf16le, zeroFilledZip } from '../src/lib/import/testing/damaged-files.ts';

const dir = mkdtempSync(join(tmpdir(), 'cgl-import-'));
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The fixture's RecGaze files with a summary_feedback.csv of about `mb` MB, written to disk (Playwright sends big files by path). */
function recgazeFiles(mb: number): string[] {
  const folder = mkdtempSync(join(dir, 'set-'));
  const files = { ...fixtureFiles(), 'summary_feedback.csv': bigSummaryCsv(mb) };
  return Object.entries(files).map(([name, text]) => {
    const path = join(folder, name);
    writeFileSync(path, text);
    return path;
  });
}

test('a large CSV import shows its progress, can be cancelled (nothing stored), and completes when left alone', async ({ page }) => {
  test.setTimeout(300_000);
  const files = recgazeFiles(40);
  await page.goto('/analysis');
  const input = page.getByLabel('Import data', { exact: true });
  const imported = page.getByRole('list', { name: 'Imported datasets' }).getByRole('listitem');

  await input.setInputFiles(files);
  const status = page.getByRole('status').filter({ hasText: /Reading|Checking|Storing/ });
  await expect(status).toBeVisible();
  await expect(page.getByLabel('Import progress')).toBeVisible();
  await expect(input).toBeDisabled();
  await page.getByRole('button', { name: 'Cancel import' }).click();
  await expect(page.getByText('Import cancelled; nothing was stored.')).toBeVisible();
  await expect(input).toBeEnabled();
  await expect(imported).toHaveCount(0);

  const started = Date.now();
  await input.setInputFiles(files);
  await expect(page.getByText(/^Imported summary_feedback\.csv, /)).toBeVisible({ timeout: 240_000 });
  test.info().annotations.push({ type: 'import of a 40 MB CSV', description: `${((Date.now() - started) / 1000).toFixed(1)} s` });
  await expect(imported).toHaveCount(1);
});

test('a zero-filled zip entry and UTF-16 text are named as such', async ({ page }) => {
  await page.goto('/analysis');
  const input = page.getByLabel('Import data', { exact: true });
  const zipPath = join(dir, 'damaged.zip');
  writeFileSync(zipPath, await zeroFilledZip('summary_feedback.csv', 700));
  await input.setInputFiles(zipPath);
  await expect(page.getByRole('alert')).toContainText(
    'Import failed: damaged.zip: summary_feedback.csv contains only zero bytes: the file is damaged or was never completely written',
  );
  await input.setInputFiles(
    Object.entries(fixtureFiles()).map(([name, text]) => ({
      name,
      mimeType: 'text/csv',
      buffer: Buffer.from(name === 'summary_feedback.csv' ? utf16le(text, true) : Buffer.from(text)),
    })),
  );
  await expect(page.getByRole('alert')).toContainText('Import failed: summary_feedback.csv is UTF-16 text; save it as UTF-8');
  await expect(page.getByRole('list', { name: 'Imported datasets' }).getByRole('listitem')).toHaveCount(0);
});
