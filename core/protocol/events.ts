import * as v from 'valibot';
import { LIMITS } from './limits.ts';

// The recorded events as they travel (the same shapes as core/events.ts; a test keeps the two
// in step). Strict objects: an unknown field is refused rather than stored unseen.

const finite = v.pipe(v.number(), v.finite('must be a finite number'));
const coordinate = v.pipe(
  finite,
  v.minValue(-LIMITS.coordinate, `must be at least -${LIMITS.coordinate}`),
  v.maxValue(LIMITS.coordinate, `must be at most ${LIMITS.coordinate}`),
);
const size = v.pipe(finite, v.minValue(0, 'must not be negative'), v.maxValue(LIMITS.coordinate, `must be at most ${LIMITS.coordinate}`));
const count = (max: number) =>
  v.pipe(v.number(), v.integer('must be an integer'), v.minValue(0, 'must not be negative'), v.maxValue(max, `must be at most ${max}`));
const oneBased = (max: number) =>
  v.pipe(v.number(), v.integer('must be an integer'), v.minValue(1, 'must be 1 or more'), v.maxValue(max, `must be at most ${max}`));
const time = v.pipe(
  finite,
  v.minValue(LIMITS.timeMinMs, `must be at least ${LIMITS.timeMinMs} ms`),
  v.maxValue(LIMITS.timeMaxMs, `must be at most ${LIMITS.timeMaxMs} ms`),
);
const rowIndex = oneBased(LIMITS.layoutRows);
const position = oneBased(1_000_000);
const movieId = v.pipe(v.number(), v.integer('must be an integer'), v.minValue(1, 'must be 1 or more'));
const pick = <const T extends readonly [string, ...string[]]>(options: T) => v.picklist(options, `must be one of ${options.join(', ')}`);

export const GAZE_SOURCES = ['webgazer', 'worker', 'mouse', 'replay', 'simulated'] as const;

const GazeEventSchema = v.strictObject({
  kind: v.literal('gaze'),
  t: time,
  x: v.nullable(coordinate),
  y: v.nullable(coordinate),
  source: pick(GAZE_SOURCES),
  lost: v.exactOptional(pick(['no-face', 'not-calibrated', 'hidden', 'error'])),
});
const CursorEventSchema = v.strictObject({ kind: v.literal('cursor'), t: time, x: coordinate, y: coordinate });
const ClickEventSchema = v.strictObject({ kind: v.literal('click'), t: time, x: coordinate, y: coordinate, button: count(31) });
const WheelEventSchema = v.strictObject({ kind: v.literal('wheel'), t: time, dx: coordinate, dy: coordinate });
const ScrollEventSchema = v.strictObject({ kind: v.literal('scroll'), t: time, scrollY: coordinate });
const SwipeEventSchema = v.strictObject({
  kind: v.literal('swipe'),
  t: time,
  row: rowIndex,
  direction: pick(['forward', 'backward']),
  source: pick(['arrow', 'keyboard', 'drag']),
  page: position,
  offset: count(1_000_000),
});
const SwipeEndEventSchema = v.strictObject({
  kind: v.literal('swipe-end'),
  t: time,
  row: rowIndex,
  page: position,
  offset: count(1_000_000),
});
const HoverEventSchema = v.strictObject({
  kind: v.literal('hover'),
  t: time,
  phase: pick(['enter', 'leave']),
  row: rowIndex,
  position,
  movieId,
});
const AoiBoxSchema = v.strictObject({
  x: coordinate,
  y: coordinate,
  w: size,
  h: size,
  kind: pick(['title', 'tile', 'backward', 'forward']),
  row: rowIndex,
  column: v.exactOptional(position),
  position: v.exactOptional(position),
  movieId: v.exactOptional(movieId),
});
const LayoutEventSchema = v.strictObject({
  kind: v.literal('layout'),
  t: time,
  reason: pick(['load', 'resume', 'scroll', 'swipe', 'resize']),
  viewport: v.strictObject({
    w: size,
    h: size,
    dpr: v.pipe(finite, v.minValue(0.01, 'must be positive'), v.maxValue(100, 'must be at most 100')),
  }),
  scrollY: coordinate,
  pages: v.pipe(v.array(position), v.maxLength(LIMITS.layoutRows, `must have at most ${LIMITS.layoutRows} rows`)),
  offsets: v.pipe(v.array(count(1_000_000)), v.maxLength(LIMITS.layoutRows, `must have at most ${LIMITS.layoutRows} rows`)),
  boxes: v.pipe(v.array(AoiBoxSchema), v.maxLength(LIMITS.layoutBoxes, `must have at most ${LIMITS.layoutBoxes} boxes`)),
});
const SelectionEventSchema = v.strictObject({
  kind: v.literal('selection'),
  t: time,
  row: rowIndex,
  position,
  column: position,
  page: position,
  movieId,
  x: coordinate,
  y: coordinate,
});
const ResumeEventSchema = v.strictObject({ kind: v.literal('resume'), t: time });
const VisibilityEventSchema = v.strictObject({ kind: v.literal('visibility'), t: time, state: pick(['visible', 'hidden']) });

const EVENT_SCHEMAS = [
  GazeEventSchema,
  CursorEventSchema,
  ClickEventSchema,
  WheelEventSchema,
  ScrollEventSchema,
  SwipeEventSchema,
  SwipeEndEventSchema,
  HoverEventSchema,
  LayoutEventSchema,
  SelectionEventSchema,
  ResumeEventSchema,
  VisibilityEventSchema,
] as const;

export const EVENT_KINDS = EVENT_SCHEMAS.map((s) => s.entries.kind.literal);

export const RecordedEventSchema = v.variant('kind', EVENT_SCHEMAS, `must be an event whose kind is one of ${EVENT_KINDS.join(', ')}`);

export type WireEvent = v.InferOutput<typeof RecordedEventSchema>;
