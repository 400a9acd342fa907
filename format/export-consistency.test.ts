// The RecGaze-layout files of an export read together: the practice screen is in all of them or in
// none, the survey timestamps and catalogue metadata are filled, and every text cell of every
// CSV/TSV file is formula-guarded (unless the export was asked for raw text).
import { gunzipSync, strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../core/csv/parse.ts';
import { unguardFormula } from '../core/csv/write.ts';
import type { StudyConfig } from '../core/study-config/schema.ts';
import { PILOT_PRESET } from '../stimuli/presets.ts';
import { FILES } from './recgaze-columns.ts';
import { createSession } from './testing/create-session.ts';
import { exportFiles } from './testing/export-files.ts';

const FIRST_ID = PILOT_PRESET.screens[0]!.rows[0]!.items[0]!;
const WITH_PRACTICE: StudyConfig = {
  ...PILOT_PRESET,
  questionnaires: { ...PILOT_PRESET.questionnaires, pre: true, post: true },
  screens: [{ ...PILOT_PRESET.screens[0]!, taskId: 0, task: 'practice' }, ...PILOT_PRESET.screens],
};

function rows(files: Record<string, Uint8Array>, name: string, sep: ',' | '\t' = ','): Record<string, string>[] {
  const text = strFromU8(name.endsWith('.gz') ? gunzipSync(files[name]!) : files[name]!);
  if (sep === '\t') {
    const [header, ...lines] = text
      .split('\n')
      .slice(0, -1)
      .map((l) => l.split('\t'));
    return lines.map((l) => Object.fromEntries(header!.map((h, i) => [h, l[i]!])));
  }
  const p = parseCsv(text, name);
  return p.records.map((r) => Object.fromEntries(p.header.map((h, i) => [h, r.cells[i]!])));
}

const taskIds = (files: Record<string, Uint8Array>, name: string, column: string): Set<string> =>
  new Set(rows(files, name).map((r) => r[column]!));

describe('the practice screen', () => {
  /** The TaskIDs of each table of an export (aoi_data.csv's are zero-padded, '00' for practice). */
  function taskIdsByFile(files: Record<string, Uint8Array>): Map<string, Set<string>> {
    const pym = Object.keys(files).find((k) => k.startsWith('pymovements/') && k.endsWith('.csv'))!;
    const tables: [string, string][] = [
      [FILES.summary, 'TaskID'],
      [FILES.click, 'TaskID'],
      [FILES.item, 'TaskID'],
      [FILES.gaze, 'TaskID'],
      [FILES.fixations, 'TaskID'],
      [FILES.aoi, 'task_id'],
      [pym, 'task_id'],
    ];
    return new Map(
      tables.map(([file, column]) => [file, new Set([...taskIds(files, file, column)].filter(Boolean).map((t) => String(Number(t))))]),
    );
  }

  it('is in no file by default (like the original dataset), only in the raw events', async () => {
    const files = await exportFiles([createSession({ config: WITH_PRACTICE })]);
    for (const [file, ids] of taskIdsByFile(files)) {
      expect(ids.has('0'), file).toBe(false);
      expect(ids.size, file).toBeGreaterThan(0);
    }
    expect(Object.keys(files).some((k) => k.includes('_run-00_'))).toBe(false);
    expect(strFromU8(files['raw/events.jsonl']!)).toContain('"taskId":0');
  });

  it('is in every file when the export asks for it', async () => {
    const files = await exportFiles([createSession({ config: WITH_PRACTICE })], { includePractice: true });
    for (const [file, ids] of taskIdsByFile(files)) expect(ids.has('0'), file).toBe(true);
    expect(Object.keys(files).filter((k) => k.includes('_run-00_'))).toHaveLength(6);
    expect(JSON.parse(strFromU8(files[FILES.session]!)).options).toEqual({ formulaGuard: true, includePractice: true });
  });
});

describe('user_features.csv and item_features.csv', () => {
  it('fill Pre_survey_timestamp and Post_survey_timestamp from when the surveys were submitted', async () => {
    const pre = Date.UTC(2026, 10, 26, 9, 3, 0);
    const post = Date.UTC(2026, 10, 26, 9, 41, 0);
    const files = await exportFiles([createSession({ surveyTimes: { pre, post } })]);
    expect(rows(files, FILES.user)[0]).toMatchObject({
      Pre_survey_timestamp: '11-26-2026 09:03',
      Post_survey_timestamp: '11-26-2026 09:41',
    });
  });

  it('fill TMDB_poster_path from the catalogue (the image id is the TMDB poster file name) and the overview from the synopsis', async () => {
    const items = rows(await exportFiles([createSession()]), FILES.item);
    expect(items.every((r) => /^\/[A-Za-z0-9]+\.jpg$/.test(r.TMDB_poster_path!))).toBe(true);
    const config: StudyConfig = {
      ...PILOT_PRESET,
      catalogue: {
        kind: 'inline',
        items: PILOT_PRESET.screens
          .flatMap((sc) => sc.rows.flatMap((r) => r.items))
          .map((id) => ({
            id,
            title: `Movie ${id}`,
            year: 2001,
            genres: ['Drama'],
            cast: [],
            synopsis: id === FIRST_ID ? '=A synopsis, with "quotes"' : 'Plain.',
            posterPath: `/p${id}.jpg`,
          })),
      },
    };
    const inline = rows(await exportFiles([createSession({ config })]), FILES.item);
    expect(inline.find((r) => r.MovieID === String(FIRST_ID))).toMatchObject({
      TMDB_overview: '\'=A synopsis, with "quotes"',
      TMDB_poster_path: `/p${FIRST_ID}.jpg`,
    });
    expect(inline.every((r) => r.TMDB_poster_path === `/p${r.MovieID}.jpg`)).toBe(true);
  });
});

/** Every text cell of every CSV and TSV of an export (numbers, and the missing-value marks, excluded). */
function textCells(files: Record<string, Uint8Array>): { file: string; cell: string }[] {
  const out: { file: string; cell: string }[] = [];
  for (const name of Object.keys(files)) {
    const sep = name.endsWith('.csv') ? ',' : /\.tsv(\.gz)?$/.test(name) ? '\t' : null;
    if (!sep) continue;
    const text = strFromU8(name.endsWith('.gz') ? gunzipSync(files[name]!) : files[name]!);
    const cells =
      sep === ','
        ? parseCsv(text, name).records.flatMap((r) => r.cells)
        : text
            .split('\n')
            .slice(0, -1)
            .flatMap((l) => l.split('\t'));
    for (const cell of cells)
      if (cell !== '' && cell !== 'NA' && cell !== 'n/a' && !Number.isFinite(Number(cell))) out.push({ file: name, cell });
  }
  return out;
}

describe('the formula guard', () => {
  const hostile = '=HYPERLINK("http://x")';
  function hostileSession() {
    const config: StudyConfig = {
      ...PILOT_PRESET,
      questionnaires: { ...PILOT_PRESET.questionnaires, pre: true, post: true },
      screens: PILOT_PRESET.screens.map((sc) => ({
        ...sc,
        rows: sc.rows.map((r, i) => (i === 0 ? { ...r, label: '+Row', genre: '-Genre' } : r)),
      })),
    };
    return createSession({ config, participantId: '@LAB' });
  }

  it('guards every text cell of every exported CSV and TSV: row labels and genres, ids, free text', async () => {
    const s = hostileSession();
    s.session.answers.post = { ...s.session.answers.post, Comments_suggestions: hostile };
    const files = await exportFiles([s]);
    const cells = textCells(files);
    expect(cells.length).toBeGreaterThan(1000);
    for (const { file, cell } of cells) expect(/^[=+\-@\t\r]/.test(cell), `${file}: ${cell}`).toBe(false);
    // The hostile values are there, guarded: the genre of row 1 in aoi_data.csv, summary and click files, the UserID, the comment.
    const guarded = new Set(cells.map((c) => `${c.file}|${unguardFormula(c.cell)}|${c.cell}`));
    for (const file of [FILES.aoi, FILES.summary, FILES.click, FILES.item]) expect(guarded.has(`${file}|-Genre|'-Genre`), file).toBe(true);
    expect(guarded.has(`${FILES.user}|${hostile}|'${hostile}`)).toBe(true);
    expect(guarded.has(`bids/participants.tsv|@LAB|'@LAB`)).toBe(true);
    for (const file of [FILES.summary, FILES.gaze, FILES.fixations, FILES.user, FILES.click])
      expect(guarded.has(`${file}|@LAB|'@LAB`), file).toBe(true);
  });

  it('is off when the export asks for raw text (for R and pandas), and session.json says so', async () => {
    const files = await exportFiles([hostileSession()], { formulaGuard: false });
    const cells = textCells(files);
    expect(cells.some((c) => c.file === FILES.aoi && c.cell === '-Genre')).toBe(true);
    expect(cells.some((c) => c.file === FILES.gaze && c.cell === '@LAB')).toBe(true);
    expect(cells.every((c) => !c.cell.startsWith("'"))).toBe(true);
    expect(JSON.parse(strFromU8(files[FILES.session]!)).options).toEqual({ formulaGuard: false, includePractice: false });
  });
});
