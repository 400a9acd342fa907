// The original RecGaze public files (or our CSVs in the same layout) → AnalysisDataset. These have
// no raw gaze: each screen carries the pre-labelled fixations, cursor visits and clicks. Every file
// is validated in full before anything is built.
import type { AnalysisDataset, AnalysisScreen, AnalysisSession, AoiLabel, AoiType, ScreenRows } from '../analysis/dataset.ts';
import type { TaskType } from '../core/events.ts';
import { ratingNumber } from './genre-prefs.ts';
import { GENRES, type Family, FILES, aoiColumns } from './recgaze-columns.ts';
import { importError } from './import-error.ts';
import {
  AOI_SPEC,
  CLICK_SPEC,
  ITEM_SPEC,
  readTable,
  scanTable,
  SUMMARY_SPEC,
  USER_SPEC,
  type Table,
  type TableRow,
} from './table-rules.ts';

const PAGE_STEP = 5;

export function taskTypeOf(taskId: number): TaskType {
  if (taskId === 0) return 'practice';
  if (taskId >= 31 && taskId <= 35) return 'semi_free';
  if (taskId >= 36 && taskId <= 40) return 'direct_search';
  return 'free_browsing';
}

type Row = TableRow;
const num = (v: string | null): number | undefined => (v === null ? undefined : Number(v));

function labelOf(row: Row, family: Family): AoiLabel | null {
  const [typeCol, movieCol, posCol, rowCol, genreCol] = aoiColumns(family);
  const type = row.get(typeCol!) as AoiType | null;
  if (!type) return null;
  const label: AoiLabel = { type };
  const r = num(row.get(rowCol!));
  if (r !== undefined) label.row = r;
  const position = num(row.get(posCol!));
  if (position !== undefined) {
    label.position = position;
    label.page = Math.floor((position - 1) / PAGE_STEP) + 1;
    label.column = ((position - 1) % PAGE_STEP) + 1;
  }
  const movieId = num(row.get(movieCol!));
  if (movieId !== undefined) label.movieId = movieId;
  const genre = row.get(genreCol!);
  if (genre !== null) label.genre = genre;
  return label;
}

export interface RecGazeCounts {
  sessions: number;
  screens: number;
  fixations: number;
  clicks: number;
  cursorVisits: number;
  selections: number;
}

function screenRowsByTask(items: Table | undefined): Map<number, ScreenRows> {
  const out = new Map<number, ScreenRows>();
  if (!items) return out;
  for (const r of items.rows) {
    const taskId = Number(r.get('TaskID'));
    const row = Number(r.get('Carousel_position'));
    const pos = Number(r.get('Movie_position_in_carousel'));
    let s = out.get(taskId);
    if (!s) out.set(taskId, (s = { genres: [], items: [] }));
    s.genres[row - 1] = r.get('Carousel_genre')!;
    (s.items[row - 1] ??= [])[pos - 1] = Number(r.get('MovieID'));
  }
  for (const [taskId, s] of out) {
    for (let i = 0; i < s.genres.length; i++) {
      if (s.genres[i] === undefined) throw importError(FILES.item, `TaskID ${taskId} has no rows for Carousel_position ${i + 1}`);
      s.items[i] = (s.items[i] ?? []).filter((id) => id !== undefined);
    }
  }
  return out;
}

/** Validates then converts. `texts` maps base file names to their text; summary_feedback.csv is required. */
export function readRecGazeFiles(texts: Record<string, string>): AnalysisDataset {
  const summaryText = texts[FILES.summary];
  if (summaryText === undefined)
    throw importError(FILES.summary, 'is required but was not given (expected the RecGaze summary_feedback.csv)');
  // Every file is validated in full before the dataset is returned; summary_feedback.csv (the big
  // one) is validated and converted row by row.
  const clicks = texts[FILES.click] !== undefined ? readTable(texts[FILES.click]!, CLICK_SPEC) : undefined;
  const items = texts[FILES.item] !== undefined ? readTable(texts[FILES.item]!, ITEM_SPEC) : undefined;
  const users = texts[FILES.user] !== undefined ? readTable(texts[FILES.user]!, USER_SPEC) : undefined;
  if (texts[FILES.aoi] !== undefined) readTable(texts[FILES.aoi]!, AOI_SPEC);
  const rowsByTask = screenRowsByTask(items);

  const sessions = new Map<string, AnalysisSession>();
  const screenOf = (userId: string, taskId: number): AnalysisScreen => {
    let s = sessions.get(userId);
    if (!s) {
      s = {
        id: `recgaze:${userId}`,
        participantId: userId,
        studyId: 'recgaze',
        gazeSource: 'lab-tracker',
        origin: 'imported-recgaze',
        layout: { itemsPerRow: 15, visibleCount: 5, pageStep: PAGE_STEP },
        screens: [],
      };
      sessions.set(userId, s);
    }
    let screen = s.screens.find((x) => x.taskId === taskId);
    if (!screen) {
      screen = { taskId, task: taskTypeOf(taskId), fixations: [], cursorVisits: [], clicks: [], selection: null };
      const rows = rowsByTask.get(taskId);
      if (rows) screen.rows = rows;
      s.screens.push(screen);
    }
    return screen;
  };

  scanTable(summaryText, SUMMARY_SPEC, (r) => {
    const screen = screenOf(r.get('UserID')!, Number(r.get('TaskID')));
    const t = Number(r.get('Timestamp')) * 1000;
    const fix = labelOf(r, 'Fixation_AOI');
    if (fix) {
      const duration = r.get('Fixation_Duration');
      if (duration === null)
        throw importError(FILES.summary, 'Fixation_Duration is missing on a fixation row', r.line, r.columnOf('Fixation_Duration'));
      screen.fixations!.push({ t, durationMs: Number(duration), aoi: fix, aoiClosest: labelOf(r, 'Fixation_AOI_Closest') ?? fix });
    }
    const click = labelOf(r, 'Click_AOI');
    if (click) screen.clicks!.push({ t, aoi: click });
    const cursor = labelOf(r, 'Cursor_AOI');
    if (cursor) screen.cursorVisits!.push({ t, durationS: Number(r.get('Cursor_Duration') ?? 0), aoi: cursor });
  });

  if (clicks) {
    for (const r of clicks.rows) {
      const label = labelOf(r, 'Click_AOI');
      const screen = screenOf(r.get('UserID')!, Number(r.get('TaskID')));
      if (label?.type === 'Movie' && label.row !== undefined && label.position !== undefined)
        screen.selection = { row: label.row, position: label.position, movieId: label.movieId ?? 0, t: Number(r.get('Timestamp')) * 1000 };
    }
  }

  if (users) {
    for (const r of users.rows) {
      const s = sessions.get(r.get('UserID')!);
      if (!s) continue;
      const first = r.get('First_task');
      if (first === 'Free_browsing' || first === 'Semi_free_direct_search') s.firstTask = first;
      const ratings: Record<string, number> = {};
      for (const g of GENRES) {
        const n = ratingNumber(r.get(`${g}_rating`));
        if (n !== undefined) ratings[g] = n;
      }
      const preferred = r.get('Preferred_genres');
      const top = r.get('Top_genre');
      s.genrePrefs = { preferred: preferred ? preferred.split(/\s*,\s*/) : [], ratings, ...(top ? { top } : {}) };
    }
  }

  for (const s of sessions.values()) {
    s.screens.sort((a, b) => a.taskId - b.taskId);
    for (const sc of s.screens) {
      sc.fixations!.sort((a, b) => a.t - b.t);
      sc.clicks!.sort((a, b) => a.t - b.t);
      sc.cursorVisits!.sort((a, b) => a.t - b.t);
    }
  }
  return { sessions: [...sessions.values()] };
}

export function countDataset(d: AnalysisDataset): RecGazeCounts {
  const c: RecGazeCounts = { sessions: d.sessions.length, screens: 0, fixations: 0, clicks: 0, cursorVisits: 0, selections: 0 };
  for (const s of d.sessions) {
    for (const sc of s.screens) {
      c.screens++;
      c.fixations += sc.fixations?.length ?? 0;
      c.clicks += sc.clicks?.length ?? 0;
      c.cursorVisits += sc.cursorVisits?.length ?? 0;
      if (sc.selection) c.selections++;
    }
  }
  return c;
}
