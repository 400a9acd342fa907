// Lossless, compact encoding of one screen's recorded events for raw/events.jsonl.
// Gaze samples (the bulk) are stored column-wise; everything else verbatim, except the AOI boxes of
// layouts. Every distinct box list gets an index k in order of appearance; a layout whose boxes
// equal list k's (vertical scrolls do not move document-px boxes) stores {"$ref": k}, and one that
// differs from list k in a few boxes (a swipe re-labels one row's tiles) stores
// {"$ref": k, "patch": [[i, box], ...]}, a new list. `order` run-length encodes the interleaving
// (n > 0: n gaze samples, n < 0: −n other events), so decoding rebuilds the exact array, key order
// included. Version 2 had no patches; its lines decode the same way.
import type { AoiBox, GazeEvent, RecordedEvent } from '../core/events.ts';
import { ByteSink } from '../zip/byte-sink.ts';
import { concatChunks } from '../zip/concat-bytes.ts';

export interface EncodedScreen {
  taskId: number;
  order: number[];
  gaze: { source: string; t: number[]; x: (number | null)[]; y: (number | null)[]; lost: Record<string, string> };
  events: unknown[];
}

function isCanonicalGaze(e: RecordedEvent, source: string | undefined): e is GazeEvent {
  if (e.kind !== 'gaze' || (source !== undefined && e.source !== source)) return false;
  // Exactly kind, t, x, y, source (+ lost): anything else is stored verbatim.
  let keys = 0;
  for (const _ in e) keys++;
  // Non-finite numbers have no JSON form: such a sample is stored verbatim (as null, like any event).
  if (keys !== (e.lost === undefined ? 5 : 6) || !Number.isFinite(e.t)) return false;
  return e.x === null ? e.y === null : Number.isFinite(e.x) && Number.isFinite(e.y);
}

const BOX_KEYS = new Set(['kind', 'row', 'column', 'position', 'movieId', 'x', 'y', 'w', 'h']);

/** Whether two boxes serialise alike (checked field by field: stringifying 1,000 lists per screen is slow). */
function sameBox(p: AoiBox, q: AoiBox): boolean {
  if (p === q) return true;
  if (
    p.kind !== q.kind ||
    p.x !== q.x ||
    p.y !== q.y ||
    p.w !== q.w ||
    p.h !== q.h ||
    p.row !== q.row ||
    p.column !== q.column ||
    p.position !== q.position ||
    p.movieId !== q.movieId
  )
    return false;
  const pk = Object.keys(p);
  const qk = Object.keys(q);
  if (pk.length !== qk.length) return false;
  for (let k = 0; k < pk.length; k++) {
    if (pk[k] !== qk[k]) return false;
    if (
      !BOX_KEYS.has(pk[k]!) &&
      JSON.stringify((p as unknown as Record<string, unknown>)[pk[k]!]) !==
        JSON.stringify((q as unknown as Record<string, unknown>)[pk[k]!])
    )
      return false;
  }
  return true;
}

function sameBoxes(a: readonly AoiBox[], b: readonly AoiBox[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameBox(a[i]!, b[i]!)) return false;
  return true;
}

/** Indexes where `next` differs from `base` (same length), or null when over a quarter differ. */
function boxPatch(base: readonly AoiBox[], next: readonly AoiBox[]): number[] | null {
  if (base.length !== next.length || !next.length) return null;
  const changed: number[] = [];
  for (let i = 0; i < next.length; i++) {
    if (sameBox(base[i]!, next[i]!)) continue;
    changed.push(i);
    if (changed.length * 4 > next.length) return null;
  }
  return changed;
}

/** The `boxes` value written for a layout: a reference, a patch of the latest list, or the list. */
function encodeBoxes(boxes: AoiBox[], lists: AoiBox[][]): unknown {
  for (let k = lists.length - 1; k >= 0; k--) if (sameBoxes(lists[k]!, boxes)) return { $ref: k };
  const base = lists.length - 1;
  const patch = base >= 0 ? boxPatch(lists[base]!, boxes) : null;
  lists.push(boxes);
  return patch ? { $ref: base, patch: patch.map((i) => [i, boxes[i]]) } : boxes;
}

/** A JSON array of numbers (null for missing or non-finite) straight into the sink. */
function writeNumbers(sink: ByteSink, count: number, pick: (i: number) => number | null): void {
  sink.char(91);
  for (let i = 0; i < count; i++) {
    if (i) sink.char(44);
    const v = pick(i);
    if (v === null || !Number.isFinite(v)) sink.write('null');
    else sink.exactNumber(v);
  }
  sink.char(93);
}

/**
 * Writes the JSON text of one encoded screen into `sink`. The gaze columns, the bulk, are written
 * number by number (never one big string); everything else through JSON.stringify.
 */
export function writeScreenJson(sink: ByteSink, taskId: number, list: readonly RecordedEvent[]): void {
  const source = list.find((e) => e.kind === 'gaze')?.source;
  const gaze: GazeEvent[] = [];
  const lost: Record<string, string> = {};
  const order: number[] = [];
  const others: string[] = [];
  const boxLists: AoiBox[][] = [];
  for (const e of list) {
    const last = order.length - 1;
    if (isCanonicalGaze(e, source)) {
      if (last >= 0 && order[last]! > 0) order[last]!++;
      else order.push(1);
      if (e.lost !== undefined) lost[gaze.length] = e.lost;
      gaze.push(e);
      continue;
    }
    if (last >= 0 && order[last]! < 0) order[last]!--;
    else order.push(-1);
    if (e.kind === 'layout') {
      const boxes = encodeBoxes(e.boxes, boxLists);
      others.push(
        boxes === e.boxes
          ? JSON.stringify(e)
          : JSON.stringify(e, function (this: unknown, key, value: unknown) {
              return key === 'boxes' && this === e ? boxes : value;
            }),
      );
    } else others.push(JSON.stringify(e));
  }
  sink.write(`{"taskId":${taskId},"order":[${order.join(',')}],"gaze":{"source":${JSON.stringify(source ?? 'mouse')},"t":`);
  writeNumbers(sink, gaze.length, (i) => gaze[i]!.t);
  sink.write(',"x":');
  writeNumbers(sink, gaze.length, (i) => gaze[i]!.x);
  sink.write(',"y":');
  writeNumbers(sink, gaze.length, (i) => gaze[i]!.y);
  sink.write(`,"lost":${JSON.stringify(lost)}},"events":[`);
  for (let i = 0; i < others.length; i++) {
    if (i) sink.char(44);
    sink.write(others[i]!);
  }
  sink.write(']}');
}

/** JSON text of one encoded screen (tests; the exporter streams it with writeScreenJson). */
export function encodeScreenJson(taskId: number, list: readonly RecordedEvent[]): string {
  const chunks: Uint8Array[] = [];
  const sink = new ByteSink((bytes) => chunks.push(bytes));
  writeScreenJson(sink, taskId, list);
  sink.close();
  return new TextDecoder().decode(concatChunks(chunks));
}

/** Inverse of encodeScreenJson (after JSON.parse); `where` names the screen in error messages. */
export function decodeScreen(enc: EncodedScreen, fail: (problem: string) => never): RecordedEvent[] {
  const out: RecordedEvent[] = [];
  const g = enc.gaze;
  if (!Array.isArray(enc.order) || !g || !Array.isArray(g.t) || !Array.isArray(g.x) || !Array.isArray(g.y) || !Array.isArray(enc.events))
    fail('needs "order", "gaze" {t, x, y} and "events" arrays');
  if (g.x.length !== g.t.length || g.y.length !== g.t.length) fail('gaze t, x and y have different lengths');
  const boxLists: unknown[][] = [];
  let gi = 0;
  let oi = 0;
  for (const run of enc.order) {
    if (!Number.isInteger(run) || run === 0) fail(`order holds ${JSON.stringify(run)}, expected non-zero integers`);
    if (run > 0) {
      if (gi + run > g.t.length) fail('order names more gaze samples than stored');
      for (let k = 0; k < run; k++, gi++) {
        const e: GazeEvent = { kind: 'gaze', t: g.t[gi]!, x: g.x[gi]!, y: g.y[gi]!, source: g.source as GazeEvent['source'] };
        const lost = g.lost?.[gi];
        if (lost !== undefined) e.lost = lost as NonNullable<GazeEvent['lost']>;
        out.push(e);
      }
    } else {
      if (oi - run > enc.events.length) fail('order names more events than stored');
      for (let k = 0; k < -run; k++, oi++) {
        const e = enc.events[oi] as Record<string, unknown>;
        if (e?.kind === 'layout') {
          if (Array.isArray(e.boxes)) boxLists.push(e.boxes);
          else {
            const { $ref: ref, patch } = (e.boxes ?? {}) as { $ref?: unknown; patch?: unknown };
            if (typeof ref !== 'number' || boxLists[ref] === undefined)
              fail(`events[${oi}].boxes must be a box list or a {"$ref"} to an earlier one`);
            const base = boxLists[ref as number]!;
            if (patch === undefined) e.boxes = base;
            else {
              if (!Array.isArray(patch)) fail(`events[${oi}].boxes.patch must be a list of [index, box] pairs`);
              const boxes = base.slice();
              for (const p of patch as unknown[]) {
                if (
                  !Array.isArray(p) ||
                  p.length !== 2 ||
                  !Number.isInteger(p[0]) ||
                  p[0] < 0 ||
                  p[0] >= boxes.length ||
                  typeof p[1] !== 'object' ||
                  p[1] === null
                )
                  fail(`events[${oi}].boxes.patch holds ${JSON.stringify(p)}, expected [index below ${boxes.length}, box]`);
                boxes[(p as [number, unknown])[0]] = (p as [number, unknown])[1];
              }
              boxLists.push(boxes);
              e.boxes = boxes;
            }
          }
        }
        out.push(e as unknown as RecordedEvent);
      }
    }
  }
  if (gi !== g.t.length || oi !== enc.events.length) fail('order does not account for every stored event');
  return out;
}
