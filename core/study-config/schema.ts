import * as v from 'valibot';

const TASK_TYPES = ['practice', 'free_browsing', 'semi_free', 'direct_search'] as const;
const GAZE_SOURCES = ['webgazer', 'worker', 'mouse', 'replay', 'simulated'] as const;

const positiveInt = v.pipe(v.number(), v.integer(), v.minValue(1));
const nonEmpty = v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'));

export const CatalogueItemSchema = v.object({
  id: positiveInt,
  title: nonEmpty,
  year: v.nullable(v.pipe(v.number(), v.integer())),
  genres: v.array(v.string()),
  cast: v.array(v.string()),
  /** Poster file id; `stimuli/posters/<imageId>.jpg` is used when present. */
  imageId: v.optional(v.string()),
  /** Extra metadata a catalogue may carry (TMDB id, popularity...), exported when known. */
  tmdbId: v.optional(v.pipe(v.number(), v.integer())),
  /** Plot synopsis (TMDB overview), shown on hover when present. */
  synopsis: v.optional(v.string()),
  /** TMDB poster path as TMDB gives it (`/abc.jpg`); exported as TMDB_poster_path. */
  posterPath: v.optional(v.string()),
});

export const CatalogueSchema = v.variant('kind', [
  v.object({ kind: v.literal('builtin'), id: v.picklist(['recgaze'], 'unknown built-in catalogue') }),
  v.object({ kind: v.literal('inline'), items: v.pipe(v.array(CatalogueItemSchema), v.minLength(1, 'needs at least one item')) }),
]);

export const RowSchema = v.object({
  /** Row title as shown (the genre or topic). */
  label: nonEmpty,
  /** Genre used for the RecGaze genre columns; defaults to the label. */
  genre: v.optional(v.string()),
  /** Catalogue ids in popularity order (position 1 first). */
  items: v.pipe(v.array(positiveInt), v.minLength(1, 'needs at least one item')),
});

export const ScreenSchema = v.object({
  /** RecGaze TaskID: 0 practice, then 1..N. Unique within a study. */
  taskId: v.pipe(v.number(), v.integer(), v.minValue(0)),
  task: v.picklist(TASK_TYPES, `must be one of ${TASK_TYPES.join(', ')}`),
  rows: v.pipe(v.array(RowSchema), v.minLength(1, 'needs at least one row')),
  /** Semi-free: the genre / row label the participant is asked to pick from. */
  genre: v.optional(v.string()),
  /** Direct search: where the target sits (row and position are 1-based). */
  target: v.optional(v.object({ row: positiveInt, position: positiveInt, movieId: positiveInt })),
});

export const LayoutSchema = v.object({
  itemsPerRow: positiveInt,
  visibleCount: positiveInt,
  pageStep: positiveInt,
  wrap: v.boolean(),
  /** Tile size in px at the 1920-px reference width; everything scales with the viewport width. */
  tileWidth: v.pipe(v.number(), v.minValue(40), v.maxValue(1000)),
  tileHeight: v.pipe(v.number(), v.minValue(20), v.maxValue(1000)),
  hoverMode: v.picklist(['replace', 'overlay', 'none'], 'must be replace, overlay or none'),
  dragSwipe: v.boolean(),
});

export const QuestionSchema = v.object({
  id: v.pipe(v.string(), v.regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'must be letters, digits and _')),
  text: nonEmpty,
  type: v.picklist(['single', 'multi', 'text', 'scale', 'number'], 'must be single, multi, text, scale or number'),
  options: v.optional(v.array(v.string())),
  min: v.optional(v.number()),
  max: v.optional(v.number()),
  required: v.optional(v.boolean()),
});

export const QuestionnairesSchema = v.object({
  consent: v.optional(v.string()),
  pre: v.boolean(),
  perSelection: v.boolean(),
  post: v.boolean(),
  /** Brief Maximization Scale: researcher-supplied item texts, answered 1..7. */
  maximizationItems: v.array(v.string()),
  custom: v.array(QuestionSchema),
  /** Show a speed reminder after this many free-browsing screens (e.g. [10] or [20]). */
  speedReminderAfter: v.array(positiveInt),
});

export const GazeSettingsSchema = v.object({
  source: v.picklist(GAZE_SOURCES, `must be one of ${GAZE_SOURCES.join(', ')}`),
  allowMouseFallback: v.boolean(),
  calibrationGrid: v.object({ cols: v.pipe(positiveInt, v.maxValue(7)), rows: v.pipe(positiveInt, v.maxValue(7)) }),
  samplesPerPoint: v.pipe(positiveInt, v.maxValue(10)),
  validationPoints: v.pipe(positiveInt, v.maxValue(13)),
  validationRadiusPx: v.pipe(v.number(), v.minValue(10)),
  /** Calibration passes when the mean validation error is at most this many px. */
  validationGatePx: v.pipe(v.number(), v.minValue(10)),
  maxRecalibrations: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(10)),
  /** Centre-dot drift check every K screens; 0 = never. */
  driftCheckEvery: v.pipe(v.number(), v.integer(), v.minValue(0)),
  driftThresholdPx: v.pipe(v.number(), v.minValue(10)),
  /** Replay source: URL (same origin) of a `t,x,y` trace. */
  replayUrl: v.optional(v.string()),
});

export const FixationSettingsSchema = v.object({
  algorithm: v.picklist(['idt', 'ivt'], 'must be idt or ivt'),
  dispersionDeg: v.pipe(v.number(), v.minValue(0.1)),
  minDurationMs: v.pipe(v.number(), v.minValue(20)),
  velocityDegPerS: v.pipe(v.number(), v.minValue(1)),
  aoiRadiusPx: v.pipe(v.number(), v.minValue(0)),
});

export const StudyConfigSchema = v.object({
  schemaVersion: v.literal(1, 'must be 1'),
  id: v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and -')),
  name: nonEmpty,
  description: v.optional(v.string()),
  site: v.pipe(v.string(), v.regex(/^[A-Za-z0-9]+$/, 'must be letters and digits')),
  catalogue: CatalogueSchema,
  layout: LayoutSchema,
  screens: v.pipe(v.array(ScreenSchema), v.minLength(1, 'needs at least one screen')),
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
