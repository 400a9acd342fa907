// The pymovements loading contract, checked the way pymovements loads the files:
//   experiment = pm.Experiment.from_dict(json.load(open(<stem>.experiment.json)))
//   gaze = pm.gaze.from_csv(<stem>.csv, experiment=experiment, **meta["from_csv"])
// from_dict passes the keys to Experiment(...) (unknown keys fail); from_csv reads with polars'
// read_csv, which infers each column's type from the first 100 rows and casts strictly, then casts
// pixel columns inferred as text to Float64. `readLikePolars` does the same.
import { strFromU8 } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../core/csv/parse.ts';
import { subjectIdOf } from './envelope.ts';
import { EXPERIMENT_KEYS, PYMOVEMENTS_COLUMNS } from './pymovements.ts';
import { createSession, DEFAULT_SCRIPT } from './testing/create-session.ts';
import { exportFiles } from './testing/export-files.ts';

/** Keyword parameters of pymovements.gaze.from_csv (0.27) besides `file` and `experiment`. */
const FROM_CSV_PARAMS = new Set([
  'trial_columns',
  'time_column',
  'time_unit',
  'pixel_columns',
  'position_columns',
  'velocity_columns',
  'acceleration_columns',
  'distance_column',
  'auto_column_detect',
  'column_map',
  'add_columns',
  'column_schema_overrides',
  'read_csv_kwargs',
  'metadata',
]);

type Dtype = 'Int64' | 'Float64' | 'String';
const INT = /^-?\d+$/;
const FLOAT = /^-?(\d+\.\d*|\.\d+|\d+)([eE][-+]?\d+)?$/;

/** polars.read_csv's defaults: types from the first 100 rows, empty cells null, strict parsing of the rest. */
function readLikePolars(
  text: string,
  pixelColumns: readonly string[],
): { dtypes: Record<string, Dtype>; rows: (number | string | null)[][] } {
  const { header, records } = parseCsv(text);
  const dtypes: Record<string, Dtype> = {};
  header.forEach((h, i) => {
    const seen = records
      .slice(0, 100)
      .map((r) => r.cells[i]!)
      .filter((c) => c !== '');
    dtypes[h] =
      seen.length === 0 ? 'String' : seen.every((c) => INT.test(c)) ? 'Int64' : seen.every((c) => FLOAT.test(c)) ? 'Float64' : 'String';
  });
  const rows = records.map((r) =>
    r.cells.map((c, i) => {
      const t = dtypes[header[i]!]!;
      if (c === '') return null;
      if (t === 'Int64' && !INT.test(c)) throw new Error(`could not parse "${c}" as i64 in column ${header[i]} (line ${r.line})`);
      if (t === 'Float64' && !FLOAT.test(c)) throw new Error(`could not parse "${c}" as f64 in column ${header[i]} (line ${r.line})`);
      return t === 'String' ? c : Number(c);
    }),
  );
  // pymovements: pixel columns inferred as text are cast to Float64 (strict).
  for (const col of pixelColumns) {
    const i = header.indexOf(col);
    if (dtypes[col] !== 'String') continue;
    for (const row of rows) {
      const v = row[i];
      if (v === null) continue;
      if (!FLOAT.test(String(v))) throw new Error(`conversion from str to f64 failed in column ${col}: "${String(v)}"`);
      row[i] = Number(v);
    }
    dtypes[col] = 'Float64';
  }
  return { dtypes, rows };
}

let files: Record<string, Uint8Array>;
let sessions: ReturnType<typeof createSession>[];
const stemsOf = () => Object.keys(files).filter((k) => /^pymovements\/.*\.csv$/.test(k));

beforeAll(async () => {
  // The second session loses the face for the first 4 s: its first 100 rows have no pixels at all.
  const lostFirst = { steps: [{ lost: 4000 }, ...DEFAULT_SCRIPT.steps] };
  sessions = [createSession(), createSession({}, { scripts: { 1: lostFirst, 31: lostFirst, 36: lostFirst } })];
  files = await exportFiles(sessions);
});

describe('pymovements files', () => {
  it('writes an experiment JSON that Experiment.from_dict takes as it is (only its keys, with their types)', () => {
    for (const csv of stemsOf()) {
      const exp = JSON.parse(strFromU8(files[csv.replace('.csv', '.experiment.json')]!)) as Record<string, unknown>;
      expect(Object.keys(exp).sort()).toEqual([...EXPERIMENT_KEYS].sort());
      expect(Number.isInteger(exp.screen_width_px) && Number.isInteger(exp.screen_height_px)).toBe(true);
      for (const k of ['screen_width_cm', 'screen_height_cm', 'distance_cm', 'sampling_rate']) expect(exp[k]).toBeGreaterThan(0);
      expect(exp.origin).toBe('upper left');
    }
  });

  it('writes from_csv arguments that pymovements knows and that name columns of the CSV', () => {
    for (const csv of stemsOf()) {
      const meta = JSON.parse(strFromU8(files[csv.replace('.csv', '.meta.json')]!)) as { from_csv: Record<string, unknown>; csv: string };
      for (const k of Object.keys(meta.from_csv)) expect(FROM_CSV_PARAMS.has(k), k).toBe(true);
      expect(csv.endsWith(`/${meta.csv}`)).toBe(true);
      const named = [meta.from_csv.time_column, ...(meta.from_csv.pixel_columns as string[]), ...(meta.from_csv.trial_columns as string[])];
      for (const c of named) expect(PYMOVEMENTS_COLUMNS).toContain(c);
      expect(meta.from_csv.time_unit).toBe('ms');
    }
  });

  it('loads with polars defaults: task_id integer, time and pixels float, lost samples null, every sample there', () => {
    expect(stemsOf()).toHaveLength(2);
    for (const csv of stemsOf()) {
      const text = strFromU8(files[csv]!);
      const { dtypes, rows } = readLikePolars(text, ['pixel_x', 'pixel_y']);
      expect(dtypes).toEqual({ task_id: 'Int64', time: 'Float64', pixel_x: 'Float64', pixel_y: 'Float64' });
      // Nothing lost: one row per recorded gaze sample of the exported screens, lost ones with empty pixels.
      const s = sessions.find((x) => csv.endsWith(`_${subjectIdOf(x.session.id)}.csv`))!;
      const gaze = [...s.events.values()].flat().filter((e) => e.kind === 'gaze');
      expect(rows).toHaveLength(gaze.length);
      expect(rows.filter((r) => r[2] === null && r[3] === null)).toHaveLength(gaze.filter((g) => g.x === null).length);
      // Times and pixels always carry a decimal point (a column of whole numbers would be read as integers).
      for (const line of text.split('\r\n').slice(1, -1)) expect(line).toMatch(/^\d+,-?\d+\.\d+,(-?\d+\.\d+,-?\d+\.\d+|,)$/);
    }
    // The second session's first 100 rows are all lost: its pixel columns still load as floats.
    const lost = stemsOf().find((k) => k.endsWith(`_${subjectIdOf(sessions[1]!.session.id)}.csv`))!;
    const second = readLikePolars(strFromU8(files[lost]!), ['pixel_x', 'pixel_y']);
    expect(second.rows.slice(0, 100).every((r) => r[2] === null)).toBe(true);
  });
});
