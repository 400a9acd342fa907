// The README.md of every export: it describes every file of the zip, and its loading lines work.
// Python and R cannot run here, so each table is read the way its line says (separator, the
// missing-value text, header or given names, text columns) and the columns a researcher computes
// with must come out numeric; the guard and Why_Selected rules are run as the README writes them.
import { gunzipSync, strFromU8 } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../core/csv/parse.ts';
import { unguardFormula } from '../core/csv/write.ts';
import { EXPORT_FILES, UNGUARD_PATTERN, type ReadRecipe } from './export-readme.ts';
import { README_PATH } from './recgaze-columns.ts';
import { WHY_ANSWER_SPLIT, WHY_SELECTED_PATTERN } from './recgaze-rows.ts';
import { createSession } from './testing/create-session.ts';
import { exportFiles } from './testing/export-files.ts';

/** Columns that must be read as numbers, per file pattern (the ones analyses compute with). */
const NUMERIC: [RegExp, string[]][] = [
  [
    /^summary_feedback\.csv$/,
    ['SubjectID', 'TaskID', 'Timestamp', 'Fixation_Duration', 'Cursor_Duration', 'Fixation_AOI_Carousel_position'],
  ],
  [/^click_feedback\.csv$/, ['TaskID', 'Timestamp', 'Click_AOI_MovieID', 'Click_AOI_Movie_position_in_carousel']],
  [/^item_features\.csv$/, ['TaskID', 'Carousel_position', 'MovieID', 'Movie_position_in_carousel']],
  [/^user_features\.csv$/, ['SubjectIDs', 'MAX_Q1', 'FreeBrowsing_experience_rating', 'Distance_eyes_center_screen']],
  [/^aoi_data\.csv$/, ['Row_num', 'Row_position', 'Page', 'AOI_min_x', 'AOI_max_x', 'AOI_min_y', 'AOI_max_y']],
  [/^gaze_samples\.csv$/, ['TaskID', 'Timestamp', 'Gaze_LocX', 'Gaze_LocY', 'Stimulus_LocX', 'ScrollY', 'Row', 'Page', 'Validity']],
  [/^fixations\.csv$/, ['TaskID', 'Timestamp', 'Fixation_Duration', 'Fixation_LocX', 'Fixation_LocY', 'Sample_count']],
  [/_physio\.tsv\.gz$/, ['timestamp', 'x_coordinate', 'y_coordinate']],
  [/_physioevents\.tsv\.gz$/, ['onset', 'duration']],
  [/_events\.tsv$/, ['onset', 'duration', 'row', 'position', 'page', 'movie_id']],
  [/^pymovements\/.*\.csv$/, ['task_id', 'time', 'pixel_x', 'pixel_y']],
];

/** A table read as its README line says: cells, with the recipe's missing-value text as null. */
function readAsDocumented(text: string, r: ReadRecipe): { header: string[]; rows: (string | null)[][] } {
  let header: string[];
  let cells: string[][];
  if (r.sep === ',') {
    const p = parseCsv(text);
    header = p.header;
    cells = p.records.map((x) => x.cells);
  } else {
    cells = text
      .split('\n')
      .slice(0, -1)
      .map((l) => l.split('\t'));
    header = r.names ? [...r.names] : cells.shift()!;
  }
  if (r.names && r.sep === ',') throw new Error('names are only given for header-less TSV files');
  return { header, rows: cells.map((row) => row.map((c) => (c === r.na ? null : c))) };
}

let variants: Record<string, Record<string, Uint8Array>>;

beforeAll(async () => {
  const a = createSession();
  const b = createSession({ participantId: 'P.2' }, { viewport: { w: 1366, h: 657 } });
  variants = {
    default: await exportFiles([a, b]),
    practiceAndRaw: await exportFiles([a], { includePractice: true, formulaGuard: false }),
  };
});

describe('README.md of an export', () => {
  it('is in every zip and says which choices the export was made with', () => {
    expect(strFromU8(variants.default![README_PATH]!)).toContain('**Formula guard: on.**');
    expect(strFromU8(variants.default![README_PATH]!)).toContain('**Practice screen: left out**');
    expect(strFromU8(variants.practiceAndRaw![README_PATH]!)).toContain('**Formula guard: off.**');
    expect(strFromU8(variants.practiceAndRaw![README_PATH]!)).toContain('**Practice screen: included.**');
  });

  it('describes every file of the zip, with its Python and R loading lines, and each description matches files', () => {
    for (const files of Object.values(variants)) {
      const readme = strFromU8(files[README_PATH]!);
      for (const name of Object.keys(files)) {
        const described = EXPORT_FILES.filter((f) => f.pattern.test(name));
        expect(described, name).toHaveLength(1);
      }
      for (const f of EXPORT_FILES) {
        expect(
          Object.keys(files).some((k) => f.pattern.test(k)),
          f.path,
        ).toBe(true);
        expect(readme).toContain(`| \`${f.path}\` |`);
        if (f.python) expect(readme).toContain(`${f.name} = ${f.python}`);
        if (f.r) expect(readme).toContain(`${f.name} <- ${f.r}`);
      }
    }
  });

  it('gives loading lines that read the numeric columns of every table as numbers', () => {
    for (const files of Object.values(variants)) {
      for (const [name, bytes] of Object.entries(files)) {
        const f = EXPORT_FILES.find((x) => x.pattern.test(name))!;
        if (!f.read) continue;
        const { header, rows } = readAsDocumented(strFromU8(name.endsWith('.gz') ? gunzipSync(bytes) : bytes), f.read);
        const numeric = NUMERIC.find(([p]) => p.test(name))?.[1] ?? [];
        for (const col of numeric) {
          const i = header.indexOf(col);
          expect(i, `${name}: ${col}`).toBeGreaterThanOrEqual(0);
          const bad = rows.map((r) => r[i]).find((c) => c !== null && (c!.trim() === '' || !Number.isFinite(Number(c))));
          expect(bad, `${name}: ${col} holds ${JSON.stringify(bad)}`).toBeUndefined();
        }
        for (const col of f.read.text ?? [])
          expect(rows.every((r) => r[header.indexOf(col)] === null || /^\d\d$/.test(r[header.indexOf(col)]!))).toBe(true);
      }
    }
  });

  it("gives a guard-removing line that undoes the guard exactly (run here as JavaScript's equivalent regex)", () => {
    const unguard = new RegExp(UNGUARD_PATTERN.replace(/\\t/g, '\t').replace(/\\r/g, '\r'));
    for (const text of ["'=1", "''=x", "'@SUM(A1)", "'-Genre", "'+1", "'\ttab", 'plain', "'plain", "it's", "'"])
      expect(text.replace(unguard, ''), JSON.stringify(text)).toBe(unguardFormula(text));
  });

  it('gives a Why_Selected rule that splits the exported cells (the pattern the README prints)', () => {
    const cell = new RegExp(WHY_SELECTED_PATTERN.replace('(?s)', ''), 's');
    const p = parseCsv(strFromU8(variants.default!['click_feedback.csv']!));
    const i = p.header.indexOf('Why_Selected');
    const cells = p.records.map((r) => r.cells[i]!).filter((c) => c !== 'NA');
    expect(cells.length).toBeGreaterThan(0);
    for (const c of cells) {
      const m = cell.exec(unguardFormula(c))!;
      expect(m[1]!.split(new RegExp(WHY_ANSWER_SPLIT))).toEqual([
        'Because of the poster',
        'I have been recommended this movie or heard good things about ( ratings, reviews, etc.)',
      ]);
      expect(m[2]).toBe('@home, "really"');
    }
  });
});
