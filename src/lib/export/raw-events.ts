// Lossless, compact encoding of one screen's recorded events for raw/<session>.events.json.
// Gaze samples (the bulk) are stored column-wise; everything else verbatim, except that a layout
// whose AOI boxes equal an earlier layout's (vertical scrolls do not move document-px boxes)
// stores {"$ref": k}. `order` run-length encodes the interleaving (n > 0: n gaze samples, n < 0:
// −n other events), so decoding rebuilds the exact array, key order included.
import type { AoiBox, GazeEvent, RecordedEvent } from '../../../analysis/types.ts';

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
  if (keys !== (e.lost === undefined ? 5 : 6) || typeof e.t !== 'number') return false;
  return e.x === null ? e.y === null : typeof e.x === 'number' && typeof e.y === 'number';
}

const BOX_KEYS = new Set(['kind', 'row', 'column', 'position', 'movieId', 'x', 'y', 'w', 'h']);

/** Whether two box lists serialise alike (checked field by field: stringifying 1,000 lists per screen is slow). */
function sameBoxes(a: readonly AoiBox[], b: readonly AoiBox[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const p = a[i]!;
    const q = b[i]!;
    if (p.kind !== q.kind || p.x !== q.x || p.y !== q.y || p.w !== q.w || p.h !== q.h || p.row !== q.row || p.column !== q.column || p.position !== q.position || p.movieId !== q.movieId) return false;
    const pk = Object.keys(p);
    const qk = Object.keys(q);
    if (pk.length !== qk.length) return false;
    for (let k = 0; k < pk.length; k++) {
      if (pk[k] !== qk[k]) return false;
      if (!BOX_KEYS.has(pk[k]!) && JSON.stringify((p as unknown as Record<string, unknown>)[pk[k]!]) !== JSON.stringify((q as unknown as Record<string, unknown>)[pk[k]!])) return false;
    }
  }
  return true;
}

/** JSON text of one encoded screen (written piecewise by the caller's stream). */
export function encodeScreenJson(taskId: number, list: readonly RecordedEvent[]): string {
  const source = list.find((e) => e.kind === 'gaze')?.source;
  const t: number[] = [];
  const x: (number | null)[] = [];
  const y: (number | null)[] = [];
  const lost: Record<string, string> = {};
  const order: number[] = [];
  const others: string[] = [];
  const boxLists: AoiBox[][] = [];
  for (const e of list) {
    const gaze = isCanonicalGaze(e, source);
    const last = order.length - 1;
    if (gaze) {
      if (last >= 0 && order[last]! > 0) order[last]!++;
      else order.push(1);
      if (e.lost !== undefined) lost[t.length] = e.lost;
      t.push(e.t);
      x.push(e.x);
      y.push(e.y);
      continue;
    }
    if (last >= 0 && order[last]! < 0) order[last]!--;
    else order.push(-1);
    if (e.kind === 'layout') {
      let ref: number | undefined;
      for (let k = boxLists.length - 1; k >= 0; k--) {
        if (sameBoxes(boxLists[k]!, e.boxes)) {
          ref = k;
          break;
        }
      }
      if (ref === undefined) boxLists.push(e.boxes);
      others.push(ref === undefined ? JSON.stringify(e) : JSON.stringify(e, function (this: unknown, key, value: unknown) {
        return key === 'boxes' && this === e ? { $ref: ref } : value;
      }));
    } else others.push(JSON.stringify(e));
  }
  const gazeJson = `{"source":${JSON.stringify(source ?? 'mouse')},"t":[${t.join(',')}],"x":${JSON.stringify(x)},"y":${JSON.stringify(y)},"lost":${JSON.stringify(lost)}}`;
  return `{"taskId":${taskId},"order":[${order.join(',')}],"gaze":${gazeJson},"events":[${others.join(',')}]}`;
}

/** Inverse of encodeScreenJson (after JSON.parse); `where` names the screen in error messages. */
export function decodeScreen(enc: EncodedScreen, fail: (problem: string) => never): RecordedEvent[] {
  const out: RecordedEvent[] = [];
  const g = enc.gaze;
  if (!Array.isArray(enc.order) || !g || !Array.isArray(g.t) || !Array.isArray(g.x) || !Array.isArray(g.y) || !Array.isArray(enc.events)) fail('needs "order", "gaze" {t, x, y} and "events" arrays');
  if (g.x.length !== g.t.length || g.y.length !== g.t.length) fail('gaze t, x and y have different lengths');
  const boxLists: unknown[] = [];
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
            const ref = (e.boxes as { $ref?: unknown } | undefined)?.$ref;
            if (typeof ref !== 'number' || boxLists[ref] === undefined) fail(`events[${oi}].boxes must be a box list or a {"$ref"} to an earlier one`);
            e.boxes = boxLists[ref as number];
          }
        }
        out.push(e as unknown as RecordedEvent);
      }
    }
  }
  if (gi !== g.t.length || oi !== enc.events.length) fail('order does not account for every stored event');
  return out;
}
