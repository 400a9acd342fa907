// Reads the exported RecGaze files with a plain CSV parser and checks every column name and value
// against the dataset's column dictionary (upstream README), not against the exporter's own rules.
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalogue } from '../stimuli/catalogue.ts';
import { parseCsv } from '../core/csv/parse.ts';
import { exportToBytes } from './exporter.ts';
import {
  AOI_DATA_COLUMNS,
  AOI_DATA_TYPES,
  AOI_TYPES,
  CLICK_FEEDBACK_COLUMNS,
  FAMILIARITY_VALUES,
  GENRES,
  ITEM_FEATURES_COLUMNS,
  RATING_LABELS,
  SPEED_REMINDER_VALUES,
  SUMMARY_FEEDBACK_COLUMNS,
  WHY_SELECTED_VALUES,
} from './recgaze-columns.ts';
import { createSession } from './testing/create-session.ts';

type Check = (v: string) => boolean;
const NA = (v: string) => v === 'NA';
const oneOf =
  (values: readonly string[]): Check =>
  (v) =>
    NA(v) || values.includes(v);
const intIn =
  (min: number, max: number): Check =>
  (v) =>
    NA(v) || (/^\d+$/.test(v) && Number(v) >= min && Number(v) <= max);
const num: Check = (v) => NA(v) || Number.isFinite(Number(v));
const anyText: Check = () => true;

let files: Record<string, Uint8Array>;
let participants: string[];

beforeAll(async () => {
  const a = createSession();
  const b = createSession({ speedReminders: [10] } as never, { viewport: { w: 1280, h: 720 } });
  participants = [a.session.participantId, b.session.participantId];
  const events = new Map([
    [a.session.id, a.events],
    [b.session.id, b.events],
  ]);
  files = unzipSync(
    await exportToBytes({
      sessions: [a.session, b.session],
      loadEvents: (id) => events.get(id)!,
      catalogue: await loadCatalogue({ kind: 'builtin', id: 'recgaze' }),
      createdAt: 0,
      appVersion: 't',
    }),
  );
});

function read(name: string) {
  const p = parseCsv(strFromU8(files[name]!), name);
  return { header: p.header, rows: p.records.map((r) => Object.fromEntries(p.header.map((h, i) => [h, r.cells[i]!]))) };
}

function checkAll(rows: Record<string, string>[], checks: Record<string, Check>) {
  for (const [i, row] of rows.entries()) {
    for (const [col, ok] of Object.entries(checks)) {
      expect(col in row, `column ${col}`).toBe(true);
      expect(ok(row[col]!), `row ${i + 2} ${col} = ${JSON.stringify(row[col])}`).toBe(true);
    }
  }
}

function aoiChecks(prefix: string): Record<string, Check> {
  return {
    [`${prefix}_type`]: oneOf(AOI_TYPES),
    [`${prefix}_MovieID`]: intIn(1, 1e9),
    [`${prefix}_Movie_position_in_carousel`]: intIn(1, 15),
    [`${prefix}_Carousel_position`]: intIn(1, 10),
    [`${prefix}_Carousel_genre`]: oneOf(GENRES),
    [`${prefix}_Carousel_genre_is_top_genre`]: oneOf(['Top_Genre', 'Not_Top_Genre']),
    [`${prefix}_Carousel_genre_is_preferred_genre`]: oneOf(['Preferred_Genre', 'Not_Preferred_Genre']),
    [`${prefix}_Carousel_genre_rating`]: intIn(1, 5),
  };
}

const idChecks = (): Record<string, Check> => ({
  UserID: (v) => participants.includes(v),
  SubjectID: intIn(0, 1e10),
  TaskID: intIn(1, 40),
  StimulusID: NA,
  Timestamp: (v) => !NA(v) && Number(v) >= 0,
});

describe('exported RecGaze files', () => {
  it('summary_feedback.csv has the dictionary columns, vocabularies and one event family per row', () => {
    const { header, rows } = read('summary_feedback.csv');
    expect(header).toEqual([...SUMMARY_FEEDBACK_COLUMNS]);
    checkAll(rows, {
      ...idChecks(),
      ...aoiChecks('Fixation_AOI'),
      ...aoiChecks('Fixation_AOI_Closest'),
      ...aoiChecks('Click_AOI'),
      ...aoiChecks('Cursor_AOI'),
      Fixation_Duration: num,
      Cursor_Duration: num,
    });
    for (const r of rows) {
      const families = ['Fixation_AOI_type', 'Click_AOI_type', 'Cursor_AOI_type'].filter((c) => r[c] !== 'NA');
      expect(families).toHaveLength(1);
      if (r.Fixation_AOI_type !== 'NA') expect(r.Fixation_AOI_Closest_type).not.toBe('NA');
      if (r.Click_AOI_type !== 'NA') expect([r.Fixation_Duration, r.Cursor_Duration]).toEqual(['NA', 'NA']);
      // Movie-only columns are NA for every other AOI type.
      for (const p of ['Fixation_AOI', 'Click_AOI', 'Cursor_AOI'])
        if (r[`${p}_type`] !== 'Movie') expect(r[`${p}_Movie_position_in_carousel`]).toBe('NA');
    }
    // Fixation durations are in ms, cursor durations in s.
    const fix = rows.filter((r) => r.Fixation_Duration !== 'NA').map((r) => Number(r.Fixation_Duration));
    const cur = rows.filter((r) => r.Cursor_Duration !== 'NA').map((r) => Number(r.Cursor_Duration));
    expect(Math.max(...fix)).toBeGreaterThan(100);
    expect(Math.max(...cur)).toBeLessThan(10);
    // Pilot preset with surveys: the top-genre flags are filled from the pre-survey.
    expect(rows.some((r) => r.Fixation_AOI_Carousel_genre_is_top_genre === 'Not_Top_Genre')).toBe(true);
  });

  it('click_feedback.csv has one final click per selected screen with familiarity and reasons', () => {
    const { header, rows } = read('click_feedback.csv');
    expect(header).toEqual([...CLICK_FEEDBACK_COLUMNS]);
    checkAll(rows, {
      ...idChecks(),
      ...aoiChecks('Click_AOI'),
      Movie_Familiarity: oneOf(FAMILIARITY_VALUES),
      Why_Selected: (v) => NA(v) || WHY_SELECTED_VALUES.some((w) => v.startsWith(w)),
    });
    expect(rows).toHaveLength(6);
    expect(rows.every((r) => r.Click_AOI_type === 'Movie')).toBe(true);
    // The final click has the same timestamp in summary_feedback.csv.
    const summary = read('summary_feedback.csv').rows;
    for (const c of rows)
      expect(
        summary.some((r) => r.UserID === c.UserID && r.TaskID === c.TaskID && r.Click_AOI_type === 'Movie' && r.Timestamp === c.Timestamp),
      ).toBe(true);
    // Direct search has no selection questions.
    expect(rows.filter((r) => r.TaskID === '36').every((r) => r.Movie_Familiarity === 'NA')).toBe(true);
  });

  it('user_features.csv has the dictionary columns and answer vocabularies', () => {
    const { header, rows } = read('user_features.csv');
    expect(header.slice(0, 3)).toEqual(['Pre_survey_timestamp', 'UserID', 'SubjectIDs']);
    expect(header).toContain('TaskID_1_Why_Selected');
    expect(header).toContain('TaskID_31_Movie_Familiarity');
    expect(header).not.toContain('TaskID_36_Why_Selected');
    expect(header.at(-1)).toBe('Speed_reminder');
    const ratings = Object.fromEntries(GENRES.map((g) => [`${g}_rating`, oneOf(RATING_LABELS)]));
    const max = Object.fromEntries([1, 2, 3, 4, 5, 6].map((n) => [`MAX_Q${n}`, intIn(1, 7)]));
    checkAll(rows, {
      UserID: (v) => participants.includes(v),
      First_task: oneOf(['Free_browsing', 'Semi_free_direct_search']),
      Netflix_user: oneOf(['Yes', 'No']),
      Top_genre: oneOf(GENRES),
      Preferred_genres: (v) => v.split(', ').every((g) => (GENRES as readonly string[]).includes(g)),
      ...ratings,
      ...max,
      TaskID_1_Movie_Familiarity: oneOf(FAMILIARITY_VALUES),
      Post_survey_timestamp: (v) => NA(v) || /^\d\d-\d\d-\d{4} \d\d:\d\d$/.test(v),
      FreeBrowsing_experience_rating: intIn(1, 10),
      Tiredness_level: oneOf(['Not exhausted at all', 'Slightly exhausted', 'Somewhat exhausted', 'Exhausted', 'Very exhausted']),
      Distance_eyes_center_screen: num,
      Comments_suggestions: anyText,
      Speed_reminder: oneOf(SPEED_REMINDER_VALUES),
    });
    expect(rows.map((r) => r.Speed_reminder)).toEqual(['NA', 'Only after first 10']);
    // Free text starting with "=" is neutralised for spreadsheets.
    expect(rows[0]!.Comments_suggestions!.startsWith("'=")).toBe(true);
  });

  it('item_features.csv lists every (TaskID, row, position) with NA for metadata the app lacks', () => {
    const { header, rows } = read('item_features.csv');
    expect(header).toEqual([...ITEM_FEATURES_COLUMNS]);
    expect(rows).toHaveLength(3 * 10 * 15);
    checkAll(rows, {
      TaskID: intIn(1, 40),
      Carousel_position: intIn(1, 10),
      Carousel_genre: oneOf(GENRES),
      MovieID: intIn(1, 6150),
      Movie_position_in_carousel: intIn(1, 15),
      TMDB_popularity: NA,
      IMDB_numVotes: NA,
    });
    expect(new Set(rows.map((r) => `${r.TaskID}/${r.Carousel_position}/${r.Movie_position_in_carousel}`)).size).toBe(rows.length);
  });

  it('aoi_data.csv has the original columns, types and 3-page stimulus coordinates per viewport', () => {
    const { header, rows } = read('aoi_data.csv');
    expect(header).toEqual([...AOI_DATA_COLUMNS]);
    checkAll(rows, {
      AOI_type: oneOf(AOI_DATA_TYPES),
      task_id: (v) => v === '' || /^\d\d$/.test(v),
      Page: (v) => v === '' || intIn(1, 3)(v),
      AOI_min_x: num,
      AOI_max_y: num,
    });
    expect(new Set(rows.map((r) => r.Hardware_Setup))).toEqual(new Set(['Browser_1920x945', 'Browser_1280x720']));
    const tile = (hw: string, pos: string) =>
      rows.find(
        (r) => r.Hardware_Setup === hw && r.task_id === '01' && r.AOI_type === 'Movie' && r.Row_num === '1' && r.Row_position === pos,
      )!;
    // Same canvas for both viewports (layout scales with width): position 7 is page 2, column 2.
    for (const hw of ['Browser_1920x945', 'Browser_1280x720']) {
      expect(tile(hw, '1')).toMatchObject({ Page: '1', AOI_min_x: '76.0', AOI_max_x: '418.0', AOI_min_y: '176.0', AOI_max_y: '369.0' });
      expect(tile(hw, '7')).toMatchObject({ Page: '2', AOI_min_x: String(1920 + 427) + '.0' });
    }
    expect(rows.filter((r) => r.Hardware_Setup === 'Browser_1920x945' && r.task_id === '01' && r.AOI_type === 'Movie')).toHaveLength(150);
  });
});
