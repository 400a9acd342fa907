// Test data: a recorded session (record + events) with known dwells, built from the shared page
// geometry so the events look like what the study app records. `createSession(overrides)` is the
// generator unit tests and the benchmark share.
import { buildLayoutEvent, recgazePageSpec, type PageSpec } from '../../core/layout/layout-boxes.ts';
import type { RecordedEvent } from '../../core/events.ts';
import type { SessionRecord } from '../../core/records.ts';
import { carouselGeometry } from '../../core/layout/carousel-geometry.ts';
import { SLIDE_MS } from '../../core/layout/slide.ts';
import { nextOffset } from '../../core/layout/paging.ts';
import type { StudyConfig } from '../../core/study-config/schema.ts';
import { PILOT_PRESET } from '../../stimuli/presets.ts';
import { calibrationResult, validationRecord } from '../../core/testing/calibration.ts';

export interface Dwell {
  /** Row 1..10 and visible column 1..5 of the tile looked at. */
  row: number;
  column: number;
  ms: number;
}

export type ScreenStep =
  { dwell: Dwell } | { swipe: { row: number; direction: 'forward' | 'backward' } } | { scrollTo: number } | { lost: number };

export interface ScreenScript {
  steps: ScreenStep[];
  /** Select the tile of the last dwell at the end (default true). */
  select?: boolean;
}

export interface SessionOptions {
  viewport?: { w: number; h: number };
  /** Scripts by taskId; screens without one get a default script. */
  scripts?: Record<number, ScreenScript>;
  /** Gaze samples per second. */
  hz?: number;
}

export const DEFAULT_SCRIPT: ScreenScript = {
  steps: [
    { dwell: { row: 1, column: 2, ms: 1500 } },
    { swipe: { row: 2, direction: 'forward' } },
    { dwell: { row: 2, column: 1, ms: 1200 } },
    { lost: 200 },
    { dwell: { row: 1, column: 4, ms: 600 } },
  ],
};

function pageSpecFor(config: StudyConfig, taskId: number, viewport: { w: number; h: number }): PageSpec {
  const screen = config.screens.find((s) => s.taskId === taskId);
  if (!screen) throw new Error(`createSession: no screen ${taskId} in config ${config.id}`);
  const spec = recgazePageSpec(
    viewport,
    screen.rows.map((r) => r.genre ?? r.label),
    screen.rows.map((r) => r.items),
  );
  return {
    ...spec,
    itemsPerRow: config.layout.itemsPerRow,
    visibleCount: config.layout.visibleCount,
    pageStep: config.layout.pageStep,
    tileWidth: config.layout.tileWidth,
    tileHeight: config.layout.tileHeight,
  };
}

/** Events of one screen following a script; returns the events and the selection made. */
export function scriptEvents(
  config: StudyConfig,
  taskId: number,
  script: ScreenScript,
  viewport: { w: number; h: number },
  hz = 30,
): { events: RecordedEvent[]; selection: SessionRecord['selections'][number] | null } {
  const spec = pageSpecFor(config, taskId, viewport);
  const g = carouselGeometry(spec, spec.genres.length, viewport.w);
  const offsets = spec.genres.map(() => 0);
  let scrollY = 0;
  let t = 0;
  const dt = 1000 / hz;
  const events: RecordedEvent[] = [buildLayoutEvent(spec, 0, 'load', scrollY, offsets)];
  let last: Dwell | null = null;
  let n = 0;
  for (const step of script.steps) {
    if ('dwell' in step) {
      const { row, column, ms } = step.dwell;
      const cx = g.columnLeft(column) + g.tileWidth / 2;
      const cy = g.tileTop(row) + g.tileHeight / 2 - scrollY;
      events.push({ kind: 'cursor', t: Math.round(t * 10) / 10, x: Math.round(cx), y: Math.round(cy) });
      const end = t + ms;
      for (; t < end; t += dt) {
        // Deterministic ±6 px jitter, well inside any fixation threshold.
        const jx = ((n * 7) % 13) - 6;
        const jy = ((n * 5) % 13) - 6;
        n++;
        events.push({
          kind: 'gaze',
          t: Math.round(t * 10) / 10,
          x: Math.round((cx + jx) * 10) / 10,
          y: Math.round((cy + jy) * 10) / 10,
          source: 'mouse',
        });
      }
      last = step.dwell;
    } else if ('swipe' in step) {
      const { row, direction } = step.swipe;
      const g2 = carouselGeometry(spec, spec.genres.length, viewport.w);
      const ax = direction === 'forward' ? g2.forwardLeft + 5 : g2.backwardLeft + 5;
      const ay = g2.arrowTop(row) + 5 - scrollY;
      events.push({ kind: 'cursor', t: Math.round(t), x: Math.round(ax), y: Math.round(ay) });
      t += 100;
      events.push({ kind: 'click', t: Math.round(t), x: Math.round(ax), y: Math.round(ay), button: 0 });
      offsets[row - 1] = nextOffset(offsets[row - 1]!, direction, { ...spec, wrap: config.layout.wrap });
      const offset = offsets[row - 1]!;
      events.push({
        kind: 'swipe',
        t: Math.round(t),
        row,
        direction,
        source: 'arrow',
        page: Math.floor(offset / spec.pageStep) + 1,
        offset,
      });
      // the row slides 500 ms; its end, then the layout with the new page's boxes
      t += SLIDE_MS;
      events.push({ kind: 'swipe-end', t: Math.round(t), row, page: Math.floor(offset / spec.pageStep) + 1, offset });
      events.push(buildLayoutEvent(spec, Math.round(t) + 1, 'swipe', scrollY, offsets));
      t += 100;
    } else if ('scrollTo' in step) {
      scrollY = step.scrollTo;
      events.push({ kind: 'wheel', t: Math.round(t), dx: 0, dy: 100 });
      events.push({ kind: 'scroll', t: Math.round(t) + 1, scrollY });
      events.push(buildLayoutEvent(spec, Math.round(t) + 2, 'scroll', scrollY, offsets));
      t += 50;
    } else {
      const end = t + step.lost;
      for (; t < end; t += dt)
        events.push({ kind: 'gaze', t: Math.round(t * 10) / 10, x: null, y: null, source: 'mouse', lost: 'no-face' });
    }
  }
  if (script.select === false || !last) return { events, selection: null };
  const offset = offsets[last.row - 1]!;
  const position = ((offset + last.column - 1) % spec.itemsPerRow) + 1;
  const movieId = spec.items?.[last.row - 1]?.[position - 1] ?? 0;
  const x = Math.round(g.columnLeft(last.column) + g.tileWidth / 2);
  const y = Math.round(g.tileTop(last.row) + g.tileHeight / 2 - scrollY);
  const ct = Math.round(t);
  events.push({ kind: 'click', t: ct, x, y, button: 0 });
  const selection = { taskId, t: ct, row: last.row, position, column: last.column, page: Math.floor(offset / spec.pageStep) + 1, movieId };
  events.push({ kind: 'selection', ...selection, x, y });
  return { events, selection };
}

export const PRE_ANSWERS: NonNullable<SessionRecord['answers']['pre']> = {
  Age: '20-29',
  Gender: 'Woman',
  Netflix_user: 'Yes',
  Netflix_past_month: 'Yes',
  Netflix_usage: '3-4 times per week',
  Movie_watching_frequency: '1-2 times per week',
  Preferred_genres: ['Comedy', 'Drama', 'Sci-Fi'],
  Action_rating: '4 stars - Good',
  Animation_rating: '2 stars - Poor',
  Comedy_rating: '5 stars - Must Watch',
  Crime_rating: '3 stars - Ok',
  Drama_rating: '4 stars - Good',
  Fantasy_rating: '3 stars - Ok',
  Horror_rating: '1 star - Awful',
  Romance_rating: '2 stars - Poor',
  'Sci-Fi_rating': '5 stars - Must Watch',
  Thriller_rating: '3 stars - Ok',
  Top_genre: 'Comedy',
  Topic_genre: 'Helpful',
  Topic_content: 'Very helpful',
  Topic_personalized: 'Neutral',
  Topic_itemBased: 'Unhelpful',
  Topic_userBased: 'I do not know',
  Topic_expertBased: 'Helpful',
  Topic_regionalTop: 'Very unhelpful',
  Topic_globalTop: 'Helpful',
  Topic_temporal: 'Neutral',
  Topic_exclusive: 'Helpful',
  MAX_Q1: 5,
  MAX_Q2: 3,
  MAX_Q3: 7,
  MAX_Q4: 1,
  MAX_Q5: 4,
  MAX_Q6: 6,
};

export const POST_ANSWERS: NonNullable<SessionRecord['answers']['post']> = {
  FreeBrowsing_experience_rating: 8,
  Tiredness_level: 'Slightly exhausted',
  Overwhelmed_by_genres: 'No, I did not feel overwhelmed.',
  Enough_genres_to_decide: 'Yes, the amount of genres was sufficient.',
  Overwhelmed_by_movies: 'Yes, I felt overwhelmed',
  Enough_movies_to_decide: 'No, I would have liked another 1-2 sets of movies in each genre (5-10 movies total).',
  Other_carousel_topics: 'Yes, in addition to the genres carousels.',
  Comments_suggestions: '=HYPERLINK("http://x") — "quotes", commas,\nnewlines & ünïcödé 🎬',
  Customize_interface: "I'm not sure",
  Distance_eyes_center_screen: 62,
};

let counter = 0;

/** A completed session of `config` (default: the pilot preset with surveys on) with its events. */
export function createSession(
  overrides: Partial<SessionRecord> = {},
  options: SessionOptions = {},
): { session: SessionRecord; events: Map<number, RecordedEvent[]> } {
  counter++;
  const config: StudyConfig = overrides.config ?? {
    ...PILOT_PRESET,
    questionnaires: { ...PILOT_PRESET.questionnaires, pre: true, post: true },
  };
  const viewport = options.viewport ?? { w: 1920, h: 945 };
  const startedAt = Date.UTC(2026, 10, 26, 9, 0, 0) + counter * 3_600_000;
  const events = new Map<number, RecordedEvent[]>();
  const selections: SessionRecord['selections'] = {};
  const screens: SessionRecord['screens'] = {};
  const quality: SessionRecord['quality'] = {};
  const perSelection: SessionRecord['answers']['perSelection'] = {};
  let clock = startedAt + 60_000;
  for (const screen of config.screens) {
    const script = options.scripts?.[screen.taskId] ?? DEFAULT_SCRIPT;
    const { events: ev, selection } = scriptEvents(config, screen.taskId, script, viewport, options.hz);
    events.set(screen.taskId, ev);
    const duration = ev[ev.length - 1]!.t;
    screens[screen.taskId] = { taskId: screen.taskId, startedAt: clock, endedAt: clock + duration, resumes: 0 };
    const gaze = ev.filter((e) => e.kind === 'gaze');
    const lost = gaze.filter((e) => e.x === null).length;
    quality[screen.taskId] = {
      samples: gaze.length,
      lost,
      lostPct: (100 * lost) / gaze.length,
      intervalMedianMs: 33.3,
      intervalIqrMs: 0.1,
      achievedHz: 30,
      faceLostMs: lost * 33.3,
      durationMs: duration,
    };
    if (selection) selections[screen.taskId] = selection;
    if (selection && (screen.task === 'free_browsing' || screen.task === 'semi_free'))
      perSelection[screen.taskId] = {
        familiarity: 'I have heard of the movie',
        whySelected: ['Because of the poster', 'I have been recommended this movie or heard good things about ( ratings, reviews, etc.)'],
        whyOther: '@home, "really"',
      };
    clock += duration + 30_000;
  }
  const session: SessionRecord = {
    schemaVersion: 2,
    revision: 0,
    consentedAt: startedAt,
    id: `session-${counter}-${startedAt.toString(36)}`,
    participantId: `LAB_${counter}`,
    studyId: config.id,
    config,
    gazeSource: 'mouse',
    flags: ['mouse-gaze'],
    firstTask: 'Free_browsing',
    stepIndex: 12,
    status: 'completed',
    startedAt,
    finishedAt: clock,
    environment: { userAgent: 'test', language: 'en', screen: { w: 1920, h: 1080 }, viewport, dpr: 1, persistentStorage: true },
    answers: { pre: PRE_ANSWERS, post: POST_ANSWERS, perSelection },
    selections,
    screens,
    quality,
    calibration: [calibrationResult({ source: 'mouse', validation: validationRecord({ meanErrorPx: 84.2, meanErrorDeg: 2.2 }) })],
    speedReminders: [],
    appVersion: '0.1.0',
    ...overrides,
  };
  return { session, events };
}
