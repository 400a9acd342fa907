// A small dataset in the original RecGaze public layout, written from the column dictionary,
// with the known data problems of the original: uncompleted direct searches and free-browsing
// selections whose final click is missing. pandas-style cells (empty for NA, "3.0" for integers
// in columns that contain NA) are mixed in, as the public CSVs were written with pandas.
import { toCsv, type CsvValue } from '../../core/csv/write.ts';
import {
  CLICK_FEEDBACK_COLUMNS,
  GENRES,
  ITEM_FEATURES_COLUMNS,
  SUMMARY_FEEDBACK_COLUMNS,
  userFeaturesColumns,
} from '../recgaze-columns.ts';

interface ScreenPlan {
  taskId: number;
  fixations: number;
  backgroundFixations: number;
  cursorVisits: number;
  swipeClicks: number;
  /** Final selection click present in click_feedback.csv. */
  selected: boolean;
  /** The participant answered the selection questions (also when the click is missing). */
  answered?: boolean;
}

export const FIXTURE_PLAN: Record<string, { subjectId: number; firstTask: string; screens: ScreenPlan[] }> = {
  KInIT_21: {
    subjectId: 5021,
    firstTask: 'Free_browsing',
    screens: [
      { taskId: 3, fixations: 6, backgroundFixations: 2, cursorVisits: 3, swipeClicks: 1, selected: true, answered: true },
      { taskId: 18, fixations: 4, backgroundFixations: 1, cursorVisits: 2, swipeClicks: 0, selected: false, answered: true },
      { taskId: 38, fixations: 9, backgroundFixations: 3, cursorVisits: 4, swipeClicks: 2, selected: false },
    ],
  },
  UvA_4: {
    subjectId: 6004,
    firstTask: 'Semi_free_direct_search',
    screens: [
      { taskId: 1, fixations: 5, backgroundFixations: 0, cursorVisits: 2, swipeClicks: 0, selected: true, answered: true },
      { taskId: 20, fixations: 3, backgroundFixations: 1, cursorVisits: 1, swipeClicks: 0, selected: false, answered: true },
    ],
  },
  KINIT_28: {
    subjectId: 5028,
    firstTask: 'Semi_free_direct_search',
    screens: [36, 37, 39].map((taskId) => ({
      taskId,
      fixations: 2,
      backgroundFixations: 2,
      cursorVisits: 1,
      swipeClicks: 1,
      selected: false,
    })),
  },
};

const genreOf = (row: number) => GENRES[(row - 1) % 10]!;
const movieId = (taskId: number, row: number, pos: number) => taskId * 1000 + row * 20 + pos;

/** pandas writes integer columns holding NaN as floats and NaN as an empty cell. */
const pd = (v: number | null): CsvValue => (v === null ? '' : `${v}.0`);

export function fixtureFiles(): Record<string, string> {
  const summary: CsvValue[][] = [];
  const clicks: CsvValue[][] = [];
  const na8 = (): CsvValue[] => ['', '', '', '', '', '', '', ''];
  const movie = (taskId: number, row: number, pos: number): CsvValue[] => [
    'Movie',
    pd(movieId(taskId, row, pos)),
    pd(pos),
    pd(row),
    genreOf(row),
    row === 1 ? 'Top_Genre' : 'Not_Top_Genre',
    row % 2 ? 'Preferred_Genre' : 'Not_Preferred_Genre',
    pd(((row - 1) % 5) + 1),
  ];
  for (const [userId, plan] of Object.entries(FIXTURE_PLAN)) {
    for (const s of plan.screens) {
      let t = 0.25;
      const head = () => [userId, plan.subjectId, s.taskId, '', (t += 0.31).toFixed(3)];
      for (let i = 0; i < s.fixations; i++)
        summary.push([
          ...head(),
          ...movie(s.taskId, (i % 3) + 1, (i % 7) + 1),
          180 + i * 10,
          ...movie(s.taskId, (i % 3) + 1, (i % 7) + 1),
          ...na8(),
          ...na8(),
          '',
        ]);
      // NA-heavy rows: background fixations; every other one has a closest AOI within 60 px.
      for (let i = 0; i < s.backgroundFixations; i++)
        summary.push([
          ...head(),
          'Background',
          '',
          '',
          '',
          '',
          '',
          '',
          '',
          95.5,
          ...(i % 2
            ? ['Background', '', '', '', '', '', '', '']
            : ['Genre', '', '', pd(2), genreOf(2), 'Not_Top_Genre', 'Not_Preferred_Genre', pd(2)]),
          ...na8(),
          ...na8(),
          '',
        ]);
      for (let i = 0; i < s.cursorVisits; i++)
        summary.push([...head(), ...na8(), '', ...na8(), ...na8(), ...movie(s.taskId, 1, i + 1), 0.4 + i]);
      for (let i = 0; i < s.swipeClicks; i++)
        summary.push([
          ...head(),
          ...na8(),
          '',
          ...na8(),
          'Forward',
          '',
          '',
          pd(1),
          genreOf(1),
          'Top_Genre',
          'Preferred_Genre',
          pd(1),
          ...na8(),
          '',
        ]);
      if (s.selected) {
        const row = [...head(), ...na8(), '', ...na8(), ...movie(s.taskId, 2, 6), ...na8(), ''];
        summary.push(row);
        clicks.push([
          userId,
          plan.subjectId,
          s.taskId,
          '',
          row[4]!,
          ...movie(s.taskId, 2, 6),
          'I have heard of the movie',
          'Because of the poster, Because of the details',
        ]);
      }
    }
  }
  const items: CsvValue[][] = [];
  const taskIds = [...new Set(Object.values(FIXTURE_PLAN).flatMap((p) => p.screens.map((s) => s.taskId)))];
  for (const taskId of taskIds)
    for (let row = 1; row <= 10; row++)
      for (let pos = 1; pos <= 15; pos++) {
        const id = movieId(taskId, row, pos);
        items.push([
          id,
          `Movie ${id}, "the" sequel`,
          'en',
          'Action, Drama',
          '01-31-1999',
          "['A', 'B', 'C']",
          'NA',
          12.5,
          7.1,
          1000,
          '/x.jpg',
          '02-01-2024',
          `tt${id}`,
          7.2,
          5000,
          '02-01-2024',
          taskId,
          row,
          genreOf(row),
          id,
          pos,
        ]);
      }
  const selectionTasks = Array.from({ length: 35 }, (_, i) => i + 1);
  const userHeader = userFeaturesColumns(selectionTasks);
  const users = Object.entries(FIXTURE_PLAN).map(([userId, plan]) => {
    const row: Record<string, CsvValue> = {
      UserID: userId,
      SubjectIDs: plan.subjectId,
      First_task: plan.firstTask,
      Top_genre: 'Action',
      Preferred_genres: 'Action, Comedy',
      Action_rating: '5 stars - Must Watch',
      Drama_rating: '2 stars - Poor',
    };
    for (const s of plan.screens)
      if (s.answered)
        Object.assign(row, {
          [`TaskID_${s.taskId}_Why_Selected`]: 'Because of the poster',
          [`TaskID_${s.taskId}_Movie_Familiarity`]: 'I have seen the entire movie',
        });
    return userHeader.map((h) => row[h] ?? 'NA');
  });
  return {
    'summary_feedback.csv': toCsv(SUMMARY_FEEDBACK_COLUMNS, summary),
    'click_feedback.csv': toCsv(CLICK_FEEDBACK_COLUMNS, clicks),
    'item_features.csv': toCsv(ITEM_FEATURES_COLUMNS, items),
    'user_features.csv': toCsv(userHeader, users),
  };
}
