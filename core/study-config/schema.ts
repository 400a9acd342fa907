import * as v from 'valibot';
import { CONFIG_LIMITS as L } from './limits.ts';

const TASK_TYPES = ['practice', 'free_browsing', 'semi_free', 'direct_search'] as const;
const GAZE_SOURCES = ['webgazer', 'worker', 'mouse', 'replay', 'simulated'] as const;

/** A finite number within [min, max]; NaN, ±Infinity (JSON's 1e999) and out-of-range values are named. */
const num = (min: number, max: number) =>
  v.pipe(
    v.number(),
    v.finite('must be a finite number'),
    v.minValue(min, (i) => `is ${i.received}; it must be at least ${min}`),
    v.maxValue(max, (i) => `is ${i.received}; it must be at most ${max}`),
  );
const int = (min: number, max: number) => v.pipe(num(min, max), v.integer('must be a whole number'));
/** A string of at most `max` characters. */
const text = (max: number) =>
  v.pipe(
    v.string(),
    v.maxLength(max, (i) => `is ${i.received} characters long; at most ${max} are allowed`),
  );
const nonEmpty = (max: number) => v.pipe(text(max), v.trim(), v.minLength(1, 'must not be empty'));
/** An array of at most `max` entries, named `what` in the message. */
const list = <S extends v.GenericSchema>(item: S, max: number, what: string) =>
  v.pipe(
    v.array(item),
    v.maxLength(max, (i) => `has ${i.received} ${what}; at most ${max} are allowed`),
  );

const itemId = int(1, L.itemId);

export const CatalogueItemSchema = v.object({
  id: itemId,
  title: nonEmpty(L.titleChars),
  year: v.nullable(int(L.yearMin, L.yearMax)),
  genres: list(text(L.labelChars), L.listEntries, 'genres'),
  cast: list(text(L.personChars), L.listEntries, 'cast members'),
  /** Poster file id; `stimuli/posters/<imageId>.jpg` is used when present. */
  imageId: v.optional(text(L.labelChars)),
  /** Extra metadata a catalogue may carry (TMDB id, popularity...), exported when known. */
  tmdbId: v.optional(int(0, L.itemId)),
  /** Plot synopsis (TMDB overview), shown on hover when present. */
  synopsis: v.optional(text(L.descriptionChars)),
  /** TMDB poster path as TMDB gives it (`/abc.jpg`); exported as TMDB_poster_path. */
  posterPath: v.optional(text(L.labelChars)),
});

export const CatalogueSchema = v.variant('kind', [
  v.object({ kind: v.literal('builtin'), id: v.picklist(['recgaze'], 'unknown built-in catalogue') }),
  v.object({
    kind: v.literal('inline'),
    items: v.pipe(list(CatalogueItemSchema, L.catalogueItems, 'items'), v.minLength(1, 'needs at least one item')),
  }),
]);

export const RowSchema = v.object({
  /** Row title as shown (the genre or topic). */
  label: nonEmpty(L.labelChars),
  /** Genre used for the RecGaze genre columns; defaults to the label. */
  genre: v.optional(text(L.labelChars)),
  /** Catalogue ids in popularity order (position 1 first). */
  items: v.pipe(list(itemId, L.itemsPerRow, 'items'), v.minLength(1, 'needs at least one item')),
});

export const ScreenSchema = v.object({
  /** RecGaze TaskID: 0 practice, then 1..N. Unique within a study. */
  taskId: int(0, L.taskId),
  task: v.picklist(TASK_TYPES, `must be one of ${TASK_TYPES.join(', ')}`),
  rows: v.pipe(list(RowSchema, L.rowsPerScreen, 'rows'), v.minLength(1, 'needs at least one row')),
  /** Semi-free: the genre / row label the participant is asked to pick from. */
  genre: v.optional(text(L.labelChars)),
  /** Direct search: where the target sits (row and position are 1-based). */
  target: v.optional(v.object({ row: int(1, L.rowsPerScreen), position: int(1, L.itemsPerRow), movieId: itemId })),
});

export const LayoutSchema = v.object({
  itemsPerRow: int(1, L.itemsPerRow),
  visibleCount: int(1, L.visibleCount),
  pageStep: int(1, L.itemsPerRow),
  wrap: v.boolean(),
  /** Tile size in px at the 1920-px reference width; everything scales with the viewport width. */
  tileWidth: num(40, 1000),
  tileHeight: num(20, 1000),
  hoverMode: v.picklist(['replace', 'overlay', 'none'], 'must be replace, overlay or none'),
  dragSwipe: v.boolean(),
});

export const QuestionSchema = v.object({
  id: v.pipe(text(L.labelChars), v.regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'must be letters, digits and _')),
  text: nonEmpty(L.questionChars),
  type: v.picklist(['single', 'multi', 'text', 'scale', 'number'], 'must be single, multi, text, scale or number'),
  options: v.optional(list(text(L.optionChars), L.listEntries, 'options')),
  min: v.optional(num(-L.answerNumber, L.answerNumber)),
  max: v.optional(num(-L.answerNumber, L.answerNumber)),
  required: v.optional(v.boolean()),
});

export const QuestionnairesSchema = v.object({
  consent: v.optional(text(L.consentChars)),
  pre: v.boolean(),
  perSelection: v.boolean(),
  post: v.boolean(),
  /** Brief Maximization Scale: researcher-supplied item texts, answered 1..7. */
  maximizationItems: list(text(L.questionChars), L.listEntries, 'items'),
  custom: list(QuestionSchema, L.customQuestions, 'questions'),
  /** Show a speed reminder after this many free-browsing screens (e.g. [10] or [20]). */
  speedReminderAfter: list(int(1, L.screens), L.listEntries, 'reminders'),
});

export const GazeSettingsSchema = v.object({
  source: v.picklist(GAZE_SOURCES, `must be one of ${GAZE_SOURCES.join(', ')}`),
  allowMouseFallback: v.boolean(),
  calibrationGrid: v.object({ cols: int(1, 7), rows: int(1, 7) }),
  samplesPerPoint: int(1, 10),
  validationPoints: int(1, 13),
  validationRadiusPx: num(10, L.screenPx),
  /** Calibration passes when the mean validation error is at most this many px. */
  validationGatePx: num(10, L.screenPx),
  maxRecalibrations: int(0, 10),
  /** Centre-dot drift check every K screens; 0 = never. */
  driftCheckEvery: int(0, L.screens),
  driftThresholdPx: num(10, L.screenPx),
  /** Replay source: URL (same origin) of a `t,x,y` trace. */
  replayUrl: v.optional(text(L.urlChars)),
});

export const FixationSettingsSchema = v.object({
  algorithm: v.picklist(['idt', 'ivt'], 'must be idt or ivt'),
  dispersionDeg: num(0.1, 20),
  minDurationMs: num(20, 5000),
  velocityDegPerS: num(1, 5000),
  aoiRadiusPx: num(0, L.screenPx),
});

export const StudyConfigSchema = v.object({
  schemaVersion: v.literal(1, 'must be 1'),
  id: v.pipe(text(L.idChars), v.regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and -')),
  name: nonEmpty(L.nameChars),
  description: v.optional(text(L.descriptionChars)),
  site: v.pipe(text(L.idChars), v.regex(/^[A-Za-z0-9]+$/, 'must be letters and digits')),
  catalogue: CatalogueSchema,
  layout: LayoutSchema,
  screens: v.pipe(list(ScreenSchema, L.screens, 'screens'), v.minLength(1, 'needs at least one screen')),
  blockOrder: v.picklist(['counterbalanced', 'free_first', 'search_first'], 'must be counterbalanced, free_first or search_first'),
  questionnaires: QuestionnairesSchema,
  gaze: GazeSettingsSchema,
  fixation: FixationSettingsSchema,
});

export type CatalogueItem = v.InferOutput<typeof CatalogueItemSchema>;
export type Catalogue = v.InferOutput<typeof CatalogueSchema>;
export type RowDef = v.InferOutput<typeof RowSchema>;
export type ScreenDef = v.InferOutput<typeof ScreenSchema>;
export type LayoutSettings = v.InferOutput<typeof LayoutSchema>;
export type Question = v.InferOutput<typeof QuestionSchema>;
export type QuestionnaireSettings = v.InferOutput<typeof QuestionnairesSchema>;
export type GazeSettings = v.InferOutput<typeof GazeSettingsSchema>;
export type FixationSettings = v.InferOutput<typeof FixationSettingsSchema>;
export type StudyConfig = v.InferOutput<typeof StudyConfigSchema>;
