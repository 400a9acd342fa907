// Every figure of an imported dataset must be a finite number in a plausible range: `1e308` is a
// valid CSV number, but as a duration it turns sums into Infinity and the heatmap total into null.
import type { AnalysisDataset } from '../../../analysis/dataset.ts';
import { VALUE_LIMITS as V } from './import-limits.ts';

export class ImportValueError extends Error {
  override name = 'ImportValueError';
}

const show = (v: number) => (Number.isNaN(v) ? 'not a number' : String(v));

function check(where: () => string, what: string, value: unknown, min: number, max: number, unit: string): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max)
    throw new ImportValueError(
      `${where()}: ${what} is ${typeof value === 'number' ? show(value) : JSON.stringify(value)}${unit}; it must be a finite number from ${min} to ${max}${unit}`,
    );
}

const time = (where: () => string, what: string, t: unknown) => check(where, what, t, V.timeMinMs, V.timeMaxMs, ' ms');
const coord = (where: () => string, what: string, v: unknown) => check(where, what, v, -V.coordinate, V.coordinate, ' px');

/** Numbers anywhere inside an event (layout boxes, viewport…) must be finite and within the coordinate range. */
function checkEventNumbers(where: () => string, value: unknown, path: string): void {
  if (typeof value === 'number') coord(where, path, value);
  else if (Array.isArray(value)) value.forEach((v, i) => checkEventNumbers(where, v, `${path}[${i}]`));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) if (k !== 't') checkEventNumbers(where, v, path ? `${path}.${k}` : k);
}

/**
 * Throws an ImportValueError naming the participant, the screen, the item and the value when a
 * figure is not finite or out of range; `source` names the file the figures came from.
 */
export function checkDatasetValues(dataset: AnalysisDataset, source: string): void {
  for (const s of dataset.sessions) {
    const who = `${source}: participant ${s.participantId}`;
    check(() => who, 'the validation accuracy', s.validationAccuracyPx, 0, V.coordinate, ' px');
    check(() => who, 'px per degree', s.pxPerDeg, 0, V.coordinate, '');
    for (const sc of s.screens) {
      const at = `${who}, TaskID ${sc.taskId}`;
      sc.fixations?.forEach((f, i) => {
        const where = () => `${at}, fixation ${i + 1}`;
        time(where, 'the time (Timestamp)', f.t);
        check(where, 'the duration (Fixation_Duration)', f.durationMs, 0, V.durationMaxMs, ' ms');
        coord(where, 'x', f.x);
        coord(where, 'y', f.y);
      });
      sc.cursorVisits?.forEach((c, i) => {
        const where = () => `${at}, cursor visit ${i + 1}`;
        time(where, 'the time (Timestamp)', c.t);
        check(where, 'the duration (Cursor_Duration)', c.durationS, 0, V.durationMaxMs / 1000, ' s');
      });
      sc.clicks?.forEach((c, i) => time(() => `${at}, click ${i + 1}`, 'the time (Timestamp)', c.t));
      if (sc.selection) time(() => `${at}, the selection`, 'the time (Timestamp)', sc.selection.t);
      sc.events?.forEach((e, i) => {
        const where = () => `${at}, event ${i + 1} (${e.kind})`;
        time(where, 't', e.t);
        checkEventNumbers(where, e, '');
      });
    }
  }
}
