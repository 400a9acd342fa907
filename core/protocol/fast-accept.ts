import { GAZE_SOURCES } from './events.ts';
import { LIMITS } from './limits.ts';

// A quick yes for the events that make up nearly every chunk — gaze, cursor, and layouts with their
// ~190 AOI boxes (valibot takes ~1 ms per layout, this ~20 µs). It accepts only what
// RecordedEventSchema accepts (a fuzz test holds it to that); anything else, and every event of
// another kind, goes to the schema, which also words the problem.

const C = LIMITS.coordinate;
const num = (v: unknown, min: number, max: number): boolean => typeof v === 'number' && v >= min && v <= max;
const int = (v: unknown, min: number, max: number): boolean => Number.isInteger(v) && (v as number) >= min && (v as number) <= max;
const time = (v: unknown) => num(v, LIMITS.timeMinMs, LIMITS.timeMaxMs);
const coordinate = (v: unknown) => num(v, -C, C);
const size = (v: unknown) => num(v, 0, C);

function plain(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}

/** Own keys are exactly `required` plus any of `optional`. */
function keys(o: Record<string, unknown>, required: readonly string[], optional: readonly string[] = []): boolean {
  let n = 0;
  for (const k in o) {
    if (!Object.hasOwn(o, k)) return false;
    n++;
    if (!required.includes(k) && !optional.includes(k)) return false;
  }
  return n >= required.length && required.every((k) => Object.hasOwn(o, k));
}

const GAZE_KEYS = ['kind', 't', 'x', 'y', 'source'];
const SOURCES: readonly string[] = GAZE_SOURCES;
const LOSS = ['no-face', 'not-calibrated', 'hidden', 'error'];
const CURSOR_KEYS = ['kind', 't', 'x', 'y'];
const LAYOUT_KEYS = ['kind', 't', 'reason', 'viewport', 'scrollY', 'pages', 'offsets', 'boxes'];
const REASONS = ['load', 'resume', 'scroll', 'swipe', 'resize'];
const BOX_KEYS = ['x', 'y', 'w', 'h', 'kind', 'row'];
const BOX_OPTIONAL = ['column', 'position', 'movieId'];
const BOX_KINDS = ['title', 'tile', 'backward', 'forward'];

function box(b: unknown): boolean {
  if (!plain(b) || !keys(b, BOX_KEYS, BOX_OPTIONAL)) return false;
  return (
    coordinate(b.x) &&
    coordinate(b.y) &&
    size(b.w) &&
    size(b.h) &&
    BOX_KINDS.includes(b.kind as string) &&
    int(b.row, 1, LIMITS.layoutRows) &&
    (b.column === undefined || int(b.column, 1, 1_000_000)) &&
    (b.position === undefined || int(b.position, 1, 1_000_000)) &&
    (b.movieId === undefined || int(b.movieId, 1, Number.MAX_VALUE))
  );
}

function layout(e: Record<string, unknown>): boolean {
  if (!keys(e, LAYOUT_KEYS) || !time(e.t) || !REASONS.includes(e.reason as string) || !coordinate(e.scrollY)) return false;
  const vp = e.viewport;
  if (!plain(vp) || !keys(vp, ['w', 'h', 'dpr']) || !size(vp.w) || !size(vp.h) || !num(vp.dpr, 0.01, 100)) return false;
  const { pages, offsets, boxes } = e;
  if (!Array.isArray(pages) || pages.length > LIMITS.layoutRows || !pages.every((p) => int(p, 1, 1_000_000))) return false;
  if (!Array.isArray(offsets) || offsets.length > LIMITS.layoutRows || !offsets.every((o) => int(o, 0, 1_000_000))) return false;
  return Array.isArray(boxes) && boxes.length <= LIMITS.layoutBoxes && boxes.every(box);
}

/** true: the event is valid. false: not decided here — ask RecordedEventSchema. */
export function fastAcceptEvent(e: unknown): boolean {
  if (!plain(e)) return false;
  switch (e.kind) {
    case 'gaze':
      return (
        keys(e, GAZE_KEYS, ['lost']) &&
        time(e.t) &&
        (e.x === null || coordinate(e.x)) &&
        (e.y === null || coordinate(e.y)) &&
        SOURCES.includes(e.source as string) &&
        (e.lost === undefined || LOSS.includes(e.lost as string))
      );
    case 'cursor':
      return keys(e, CURSOR_KEYS) && time(e.t) && coordinate(e.x) && coordinate(e.y);
    case 'layout':
      return layout(e);
    default:
      return false;
  }
}
