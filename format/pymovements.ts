// The pymovements part of the export: per session a gaze CSV, the `Experiment` it was recorded in
// (a JSON that `pm.Experiment.from_dict` takes as it is) and the `pm.gaze.from_csv` arguments.
//
// The loading contract (pymovements reads with polars, which infers column types from the first 100
// rows and casts strictly):
// - columns task_id (integer), time (ms, float), pixel_x and pixel_y (viewport CSS px, float);
// - floats always carry a decimal point (`960.0`), so no column is ever inferred as integer;
// - a lost sample has empty pixel cells (polars reads them as null; `NA` would be a string).
import type { SessionRecord } from '../core/records.ts';
import { achievedHz, NOMINAL_HZ, pxPerCm, toCm, viewingDistanceCm } from './viewing.ts';

export const PYMOVEMENTS_COLUMNS = ['task_id', 'time', 'pixel_x', 'pixel_y'] as const;

/** Every key `pm.Experiment.from_dict` / `pm.Experiment(...)` accepts in its flat form (pymovements 0.18–0.27). */
export const EXPERIMENT_KEYS = [
  'screen_width_px',
  'screen_height_px',
  'screen_width_cm',
  'screen_height_cm',
  'distance_cm',
  'origin',
  'sampling_rate',
] as const;

export type ExperimentJson = Record<(typeof EXPERIMENT_KEYS)[number], number | string>;

/** `Experiment` of one session: its coordinates are viewport px, so the "screen" is the viewport. */
export function pymovementsExperiment(s: SessionRecord, viewport: { w: number; h: number }): ExperimentJson {
  const density = pxPerCm(s);
  return {
    screen_width_px: Math.round(viewport.w),
    screen_height_px: Math.round(viewport.h),
    screen_width_cm: toCm(viewport.w, density.value),
    screen_height_cm: toCm(viewport.h, density.value),
    distance_cm: viewingDistanceCm(s).cm,
    origin: 'upper left',
    sampling_rate: achievedHz(s) ?? NOMINAL_HZ,
  };
}

/** `<stem>.meta.json`: the from_csv arguments, and what the Experiment had to assume. */
export function pymovementsMeta(s: SessionRecord, csvName: string, experimentName: string): Record<string, unknown> {
  return {
    csv: csvName,
    experiment: experimentName,
    from_csv: { time_column: 'time', time_unit: 'ms', pixel_columns: ['pixel_x', 'pixel_y'], trial_columns: ['task_id'] },
    screen_size_assumed: pxPerCm(s).assumed,
    distance_assumed: viewingDistanceCm(s).assumed,
    sampling_rate_measured: achievedHz(s) !== null,
    coordinates: 'viewport CSS px from the top-left corner of the browser viewport; empty cells: no gaze (face lost, tab hidden)',
  };
}
