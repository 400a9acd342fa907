// Walks Carousel Gaze Lab's participant flow with the synthetic participant as the webcam: the
// eyes follow the dots by themselves (followDots), these helpers click, plant dwells on tiles and
// read the results back. Plain playwright-core calls, so the e2e specs and the accuracy bench
// share them.
import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import type { RecordedEvent } from '../../core/events.ts';
import type { ValidationSummary } from '../../analysis/validation-metrics.ts';
import { parseCsv } from '../../core/csv/parse.ts';
import {
  answerSurveyPage,
  calibrate,
  calibrateUntilDone,
  passCameraSetup,
  passScreenSize,
  readParticipantEvents,
} from '../fixtures/webgazer-driver.ts';
import { readSession } from '../support/study-driver.ts';
import type { SyntheticParticipant } from './participant.ts';
import { dwells, screenOffset, type PlantedDwell, type TruthDocument } from './truth.ts';

/** How long a participant looks at a calibration dot before clicking it (eyes landed, frames processed). */
export const CALIBRATION_SETTLE_MS = 800;

/** Clicks each calibration dot once the eyes (following it by themselves) have rested on it. */
export function calibrateByLooking(page: Page, settleMs = CALIBRATION_SETTLE_MS): Promise<number> {
  return calibrate(page, settleMs);
}

/**
 * From the camera-setup page to the first block intro: camera, screen size (the defaults), then
 * calibration and validation until the gate passes or the app offers only "Continue anyway".
 * `afterCalibration` runs after each round's last click, before validation. Returns the
 * calibration rounds run (1 = passed at once).
 */
/** What the participant enters on the screen-size form: their screen's density (the width typed is its CSS width over it) and distance. */
export interface ScreenAnswer {
  pxPerCm: number;
  distanceCm: number;
}

export async function passGazeSetup(page: Page, afterCalibration?: () => Promise<void>, screenAnswer?: ScreenAnswer): Promise<number> {
  await passCameraSetup(page);
  if (screenAnswer) await answerScreenSize(page, screenAnswer);
  else await passScreenSize(page);
  return 1 + (await calibrateUntilDone(page, calibrateByLooking, afterCalibration));
}

/** Types the screen's width (its CSS width over `pxPerCm`) and the distance on the screen-size form. */
export async function answerScreenSize(page: Page, answer: ScreenAnswer): Promise<void> {
  await page.getByRole('heading', { name: 'Screen size and distance' }).waitFor();
  const screenWidth = await page.evaluate(() => screen.width);
  await page.getByRole('radio', { name: /I know the width/ }).check();
  await page.getByLabel('Screen width (cm)').fill(String(screenWidth / answer.pxPerCm));
  await page.getByLabel(/Viewing distance/).fill(String(answer.distanceCm));
  await page.getByRole('button', { name: 'Continue' }).click();
}

const tileSelector = (row: number, column: number) => `[data-aoi=tile][data-row="${row}"][data-column="${column}"]`;

/** Where the mouse rests while the eyes dwell: the page header, away from every tile's hover. */
async function parkPointer(page: Page): Promise<void> {
  await page.mouse.move(8 + Math.round(Math.random() * 20), 8 + Math.round(Math.random() * 10), { steps: 2 });
}

/**
 * Looks at the tile in `row`, `column` (the column on screen, 1..visible) for `dwellMs`, scrolling
 * it into view first, with the mouse parked. The dwell's label in the truth log is returned with
 * the tile's row and position in its carousel.
 */
export async function dwellOnTile(
  page: Page,
  eyes: SyntheticParticipant,
  row: number,
  column: number,
  dwellMs: number,
): Promise<{ label: string; row: number; position: number }> {
  const tile = page.locator(tileSelector(row, column));
  // Brought to the middle of the screen, as people scroll what they look at.
  await tile.evaluate((el) => {
    const r = el.getBoundingClientRect();
    if (r.top < 0.2 * innerHeight || r.bottom > 0.8 * innerHeight) el.scrollIntoView({ block: 'center' });
  });
  await page.waitForTimeout(300);
  await parkPointer(page);
  const position = Number(await tile.getAttribute('data-position'));
  const label = `tile r${row} p${position} ${Math.random().toString(36).slice(2, 7)}`;
  await eyes.scanpath([{ target: { kind: 'element', selector: tileSelector(row, column) }, dwellMs, label }], page);
  return { label, row, position };
}

/** Pages a row forward with its arrow (looking at the pointer, as people do when they click). */
export async function swipeForward(page: Page, row: number): Promise<void> {
  await page.locator(`[data-aoi=forward][data-row="${row}"]`).click();
  await page.waitForTimeout(400);
}

/** Clicks a tile to select it (a real pointer path; the eyes follow the pointer). */
export async function selectTile(page: Page, row: number, column: number): Promise<void> {
  const tile = page.locator(tileSelector(row, column));
  await tile.scrollIntoViewIfNeeded();
  await tile.hover();
  await tile.click();
}

/** Answers the questions after a selection (first options) and continues, page by page. */
export async function answerSelectionQuestions(page: Page): Promise<void> {
  await page.locator('form.survey').waitFor({ timeout: 30_000 });
  for (let guard = 0; guard < 10; guard++) {
    const form = page.locator('form.survey');
    if (!(await form.isVisible().catch(() => false))) return;
    const heading = await form.locator('h1').textContent();
    await answerSurveyPage(page);
    await form.getByRole('button', { name: /Continue|Finish/ }).click();
    for (let i = 0; i < 50; i++) {
      const same =
        (await form.isVisible().catch(() => false)) &&
        (await form
          .locator('h1')
          .textContent()
          .catch(() => null)) === heading;
      if (!same) break;
      await page.waitForTimeout(100);
    }
  }
}

/** Start of a carousel screen from its intro card. */
export async function startScreen(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Start' }).click();
  await page.locator('[data-aoi=tile]').first().waitFor();
  await parkPointer(page);
}

/** The participant's screens as recorded in the app's IndexedDB: events per task. */
export async function recordedScreens(page: Page, participantId: string): Promise<Map<number, RecordedEvent[]>> {
  const out = new Map<number, RecordedEvent[]>();
  for (const c of await readParticipantEvents(page, participantId)) out.set(c.taskId, [...(out.get(c.taskId) ?? []), ...c.events]);
  return out;
}

export interface StoredCalibration {
  kind?: string;
  recalibrations?: number;
  validation?: ValidationSummary;
  passed?: boolean;
  offsetPx?: number | null;
  thresholdPx?: number;
  samples?: number;
  recalibrated?: boolean;
}

/** The calibration entries stored with the participant's session (setup first, then drift checks). */
export async function storedCalibrations(page: Page, participantId: string): Promise<StoredCalibration[]> {
  const session = await readSession(page as Parameters<typeof readSession>[0], participantId);
  return (session?.calibration ?? []) as StoredCalibration[];
}

/**
 * Planted dwells in screen time: each dwell label's truth frames, shifted by the screen's clock
 * offset (from the cursor events both sides saw).
 */
export function plantedDwells(
  doc: TruthDocument,
  screens: Map<number, RecordedEvent[]>,
  planted: { taskId: number; label: string; row: number; position: number }[],
): PlantedDwell[] {
  const byLabel = new Map(dwells(doc.frames).map((d) => [d.label, d]));
  const offsets = new Map<number, number | null>();
  const out: PlantedDwell[] = [];
  for (const p of planted) {
    if (!offsets.has(p.taskId)) {
      const cursor = (screens.get(p.taskId) ?? []).filter((e): e is Extract<RecordedEvent, { kind: 'cursor' }> => e.kind === 'cursor');
      offsets.set(p.taskId, screenOffset(doc.pointer, cursor));
    }
    const offset = offsets.get(p.taskId);
    const d = byLabel.get(p.label);
    if (offset === null || offset === undefined || !d)
      throw new Error(`planted dwell ${p.label}: no ${d ? 'clock offset for its screen' : 'truth frames'}`);
    out.push({ taskId: p.taskId, row: p.row, position: p.position, start: d.start - offset, end: d.end - offset });
  }
  return out;
}

/** Clicks "Download my data" on the completion page and reads the zip's CSV tables. */
export async function downloadExport(page: Page, savePath: string): Promise<(name: string) => Record<string, string>[]> {
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download my data' }).click();
  const download = await downloading;
  await download.saveAs(savePath);
  const files = unzipSync(new Uint8Array(readFileSync(savePath)));
  return (name) => {
    const bytes = files[name];
    if (!bytes) throw new Error(`${name} is not in the export`);
    const p = parseCsv(strFromU8(bytes), name);
    return p.records.map((r) => Object.fromEntries(p.header.map((h, i) => [h, r.cells[i] ?? ''])));
  };
}
