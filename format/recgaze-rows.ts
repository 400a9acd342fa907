// Row builders of the RecGaze-format files. Pure: recorded data in, arrays of cells out.
import type { ScreenRows } from '../analysis/dataset.ts';
import { BROWSER_BAR_PX, CANVAS_WIDTH, DESIGN_WIDTH } from '../core/coordinates.ts';
import { designBox } from '../core/layout/carousel-geometry.ts';
import type { AoiBox, LayoutEvent } from '../core/events.ts';
import type { AnswerValue, SelectionAnswers, SelectionRecord, SessionRecord } from '../core/records.ts';
import { pyFloat, type CsvValue, type PyFloat } from '../core/csv/write.ts';
import type { CatalogueItem, ScreenDef } from '../core/study-config/schema.ts';
import type { DerivedScreen } from './derive-screen.ts';
import { aoiCells, type GenrePrefs } from './genre-prefs.ts';
import { GENRES, ITEM_FEATURES_COLUMNS, MAX_COLUMNS, POST_COLUMNS, SPEED_REMINDER_VALUES, TOPIC_COLUMNS } from './recgaze-columns.ts';

export interface RowIds {
  userId: string;
  subjectId: number;
}

/** ms → s with ms resolution. */
export const seconds = (ms: number): number => Math.round(ms) / 1000;
export const round1 = (v: number): number => Math.round(v * 10) / 10;

const NA8: CsvValue[] = aoiCells(null, undefined);

/** summary_feedback.csv rows of one screen: fixations, clicks and cursor visits on one timeline. */
export function summaryRows(ids: RowIds, d: DerivedScreen, prefs: GenrePrefs | undefined): CsvValue[][] {
  const tagged: { t: number; order: number; row: CsvValue[] }[] = [];
  const head = (t: number): CsvValue[] => [ids.userId, ids.subjectId, d.taskId, null, seconds(t)];
  for (const f of d.fixations)
    tagged.push({
      t: f.t,
      order: 0,
      row: [...head(f.t), ...aoiCells(f.aoi, prefs), round1(f.durationMs), ...aoiCells(f.aoiClosest, prefs), ...NA8, ...NA8, null],
    });
  for (const c of d.clicks)
    tagged.push({ t: c.t, order: 1, row: [...head(c.t), ...NA8, null, ...NA8, ...aoiCells(c.aoi, prefs), ...NA8, null] });
  for (const v of d.cursorVisits)
    tagged.push({ t: v.t, order: 2, row: [...head(v.t), ...NA8, null, ...NA8, ...NA8, ...aoiCells(v.aoi, prefs), seconds(v.durationMs)] });
  tagged.sort((a, b) => a.t - b.t || a.order - b.order);
  return tagged.map((x) => x.row);
}

/**
 * `Why_Selected` as the original dataset writes it: the chosen answers joined by ", ", the free text
 * last as `Other: <text>`. Splittable although one answer holds commas (`splitWhySelected`): every
 * answer starts with "Because " or "I ", and nothing after "Other: " is an answer.
 */
export function whySelectedText(a: SelectionAnswers | undefined): string | null {
  if (!a) return null;
  const parts = a.whySelected.filter((w) => w !== 'Other');
  if (a.whyOther?.trim()) parts.push(`${WHY_OTHER_PREFIX}${a.whyOther.trim()}`);
  return parts.length ? parts.join(WHY_SEPARATOR) : null;
}

export const WHY_SEPARATOR = ', ';
export const WHY_OTHER_PREFIX = 'Other: ';
/**
 * The split rule, as the export README gives it in Python and R (PCRE syntax): the reasons before the
 * first "Other: " at the start or after ", ", split at ", " before a reason (they all start with
 * "Because " or "I "); everything after that "Other: " is the free text.
 */
export const WHY_SELECTED_PATTERN = '(?s)^(.*?)(?:(?:^|, )Other: (.*))?$';
export const WHY_ANSWER_SPLIT = ', (?=Because |I )';
const WHY_CELL = new RegExp(WHY_SELECTED_PATTERN.replace('(?s)', ''), 's');
const WHY_SPLIT = new RegExp(WHY_ANSWER_SPLIT);

/** Inverse of `whySelectedText`. */
export function splitWhySelected(cell: string): { whySelected: string[]; whyOther?: string } {
  const m = WHY_CELL.exec(cell)!;
  const whySelected = m[1] ? m[1].split(WHY_SPLIT) : [];
  return m[2] === undefined ? { whySelected } : { whySelected, whyOther: m[2] };
}

/** click_feedback.csv row of a screen's final selection. */
export function clickFeedbackRow(
  ids: RowIds,
  selection: SelectionRecord,
  clickT: number,
  rows: ScreenRows | undefined,
  prefs: GenrePrefs | undefined,
  answers: SelectionAnswers | undefined,
): CsvValue[] {
  const label = {
    type: 'Movie' as const,
    row: selection.row,
    position: selection.position,
    movieId: selection.movieId,
    ...(rows?.genres[selection.row - 1] !== undefined ? { genre: rows.genres[selection.row - 1]! } : {}),
  };
  return [
    ids.userId,
    ids.subjectId,
    selection.taskId,
    null,
    seconds(clickT),
    ...aoiCells(label, prefs),
    answers?.familiarity ?? null,
    whySelectedText(answers),
  ];
}

function answerCell(v: AnswerValue | undefined): CsvValue {
  if (v === undefined || v === null) return null;
  if (Array.isArray(v)) return v.join(', ');
  return v;
}

/** MM-DD-YYYY HH:MM (UTC), the dataset's datetime format. */
export function datasetDateTime(epochMs: number): string {
  const d = new Date(epochMs);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}-${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
}

export function speedReminderText(after: readonly number[] | undefined): string | null {
  if (!after?.length) return null;
  if (after.length === 1 && after[0] === 10) return SPEED_REMINDER_VALUES[0];
  if (after.length === 1 && after[0] === 20) return SPEED_REMINDER_VALUES[1];
  return `After ${after.join(' and ')}`;
}

function postSurveyTime(s: SessionRecord): string | null {
  const at = s.surveyTimes?.post ?? (s.answers.post ? s.finishedAt : undefined);
  return at === undefined ? null : datasetDateTime(at);
}

/** user_features.csv row of a session. */
export function userFeaturesRow(s: SessionRecord, subjectId: number, selectionTaskIds: readonly number[]): CsvValue[] {
  const pre = s.answers.pre ?? {};
  const post = s.answers.post;
  const speed = (s as { speedReminders?: number[] }).speedReminders;
  return [
    s.surveyTimes?.pre !== undefined ? datasetDateTime(s.surveyTimes.pre) : null,
    s.participantId,
    subjectId,
    answerCell(pre.Age),
    answerCell(pre.Gender),
    null,
    s.firstTask,
    answerCell(pre.Netflix_user),
    answerCell(pre.Netflix_usage),
    answerCell(pre.Movie_watching_frequency),
    answerCell(pre.Top_genre),
    answerCell(pre.Preferred_genres),
    ...GENRES.map((g) => answerCell(pre[`${g}_rating`])),
    ...TOPIC_COLUMNS.map((c) => answerCell(pre[c])),
    ...MAX_COLUMNS.map((c) => answerCell(pre[c])),
    ...selectionTaskIds.flatMap((n) => {
      const a = s.answers.perSelection[n];
      return [whySelectedText(a), a?.familiarity ?? null];
    }),
    postSurveyTime(s),
    ...POST_COLUMNS.map((c) => answerCell(post?.[c])),
    speedReminderText(speed),
  ];
}

/** TMDB's poster path of an item: as imported, else from the image id (the TMDB poster file name). */
export function tmdbPosterPath(item: CatalogueItem): string | null {
  if (item.posterPath) return item.posterPath;
  return item.imageId ? `/${item.imageId}.jpg` : null;
}

/** item_features.csv rows of a screen; catalogue metadata the app does not have is NA. */
export function itemFeaturesRows(screen: ScreenDef, catalogue: ReadonlyMap<number, CatalogueItem>): CsvValue[][] {
  const out: CsvValue[][] = [];
  screen.rows.forEach((row, r) => {
    row.items.forEach((id, p) => {
      const item = catalogue.get(id);
      const cells: Partial<Record<(typeof ITEM_FEATURES_COLUMNS)[number], CsvValue>> = {
        TaskID: screen.taskId,
        Carousel_position: r + 1,
        Carousel_genre: row.genre ?? row.label,
        MovieID: id,
        Movie_position_in_carousel: p + 1,
      };
      if (item) {
        cells.TMDB_id = item.tmdbId ?? null;
        cells.TMDB_title = item.title;
        cells.TMDB_genres = item.genres.join(', ');
        cells.TMDB_cast = JSON.stringify(item.cast.slice(0, 3));
        cells.TMDB_overview = item.synopsis ?? null;
        cells.TMDB_poster_path = tmdbPosterPath(item);
      }
      out.push(ITEM_FEATURES_COLUMNS.map((c) => cells[c] ?? null));
    });
  });
  return out;
}

/** Coordinates as the original aoi_data.csv writes them (Python floats: `76.0`), to 0.1 px. */
export const coord = (v: number): PyFloat => pyFloat(Math.round(v * 10) / 10);

/** `Browser_<w>x<h>` from a layout's viewport (CSS px). */
export const hardwareLabel = (viewport: LayoutEvent['viewport']): string => `Browser_${Math.round(viewport.w)}x${Math.round(viewport.h)}`;

/**
 * aoi_data.csv rows of one screen from its first recorded layout: every AOI on each of the three
 * pages of the original canvas (tiles at every position 1..itemsPerRow), as the page lays them out
 * at the 1920-px reference width (`designBox`), y including the 87-px browser bar. Row order follows the original file; missing
 * cells are written empty there (AOI_DATA_DIALECT), as in the original.
 */
export function aoiDataRows(taskId: number, layout: LayoutEvent, rows: ScreenRows, pageStep: number, itemsPerRow: number): CsvValue[][] {
  const hw = hardwareLabel(layout.viewport);
  const task = String(taskId).padStart(2, '0');
  const pages = Math.ceil(itemsPerRow / pageStep);
  const rowNums = [...new Set(layout.boxes.map((b) => b.row))].sort((a, b) => a - b);
  const box = (recorded: AoiBox, page: number, type: string, position: number | null): CsvValue[] => {
    const dx = DESIGN_WIDTH * (page - 1);
    const b = designBox(recorded, layout.viewport.w);
    return [
      task,
      hw,
      type,
      recorded.row,
      rows.genres[recorded.row - 1] ?? null,
      position,
      page,
      coord(b.x + dx),
      coord(b.x + b.w + dx),
      coord(b.y + BROWSER_BAR_PX),
      coord(b.y + b.h + BROWSER_BAR_PX),
    ];
  };
  const ofKind = (kind: AoiBox['kind']) =>
    layout.boxes.filter((b) => b.kind === kind).sort((a, b) => a.row - b.row || (a.column ?? 0) - (b.column ?? 0));
  const titles = ofKind('title');
  const backs = ofKind('backward');
  const fwds = ofKind('forward');
  const out: CsvValue[][] = [];
  for (let page = 1; page <= pages; page++) {
    out.push(...titles.map((b) => box(b, page, 'Genre_text', null)));
    if (page === 1) {
      for (const r of rowNums) {
        const cols = layout.boxes.filter((b) => b.kind === 'tile' && b.row === r && b.column !== undefined);
        for (let position = 1; position <= itemsPerRow; position++) {
          const p = Math.floor((position - 1) / pageStep) + 1;
          const column = ((position - 1) % pageStep) + 1;
          const b = cols.find((c) => c.column === column);
          if (b) out.push(box(b, p, 'Movie', position));
        }
      }
    }
    out.push(...backs.map((b) => box(b, page, 'Backward_swipe', null)));
    out.push(...fwds.map((b) => box(b, page, 'Forward_swipe', null)));
  }
  out.push([null, hw, 'Browser_bar', null, null, null, null, coord(0), coord(CANVAS_WIDTH), coord(0), coord(BROWSER_BAR_PX)]);
  return out;
}
