import * as v from 'valibot';
import { RecordedEventSchema } from './events.ts';
import { fastAcceptEvent } from './fast-accept.ts';
import { LIMITS } from './limits.ts';
import { issueProblem, type Problem } from './problem.ts';

/** What the server keeps about a chunk besides its bytes: enough to check its neighbours' times. */
export interface ChunkSpan {
  events: number;
  /** Smallest and largest event time in the chunk (ms of screen time). */
  minT: number;
  maxT: number;
}

export type ChunkCheck = { ok: true; span: ChunkSpan } | { ok: false; problem: Problem };

/**
 * Checks a chunk's parsed JSON: an array of 1..LIMITS.chunkEvents events, each valid, and times in
 * order (no event more than LIMITS.timeSlackMs behind the latest one before it). `field` names the
 * array in messages, e.g. `chunks[3].events`.
 */
export function checkChunkEvents(value: unknown, field: string): ChunkCheck {
  const fail = (f: string, problem: string): ChunkCheck => ({ ok: false, problem: { field: f, problem } });
  if (!Array.isArray(value)) return fail(field, 'must be a JSON array of events');
  if (value.length === 0) return fail(field, 'must hold at least one event');
  if (value.length > LIMITS.chunkEvents) return fail(field, `holds ${value.length} events; at most ${LIMITS.chunkEvents} are allowed`);
  let minT = Infinity;
  let maxT = -Infinity;
  for (let i = 0; i < value.length; i++) {
    let t: number;
    if (fastAcceptEvent(value[i])) t = (value[i] as { t: number }).t;
    else {
      const result = v.safeParse(RecordedEventSchema, value[i], { abortEarly: true });
      if (!result.success) return { ok: false, problem: issueProblem(`${field}[${i}]`, result.issues[0]) };
      t = result.output.t;
    }
    if (t < maxT - LIMITS.timeSlackMs) {
      return fail(
        `${field}[${i}].t`,
        `is ${t} ms, ${Math.round(maxT - t)} ms before an earlier event (at most ${LIMITS.timeSlackMs} ms out of order is allowed)`,
      );
    }
    if (t < minT) minT = t;
    if (t > maxT) maxT = t;
  }
  return { ok: true, span: { events: value.length, minT, maxT } };
}

/** Whether chunk `later` (the next seq of the same screen) may follow chunk `earlier` in time. */
export function spansInOrder(earlier: Pick<ChunkSpan, 'maxT'>, later: Pick<ChunkSpan, 'minT'>): boolean {
  return later.minT >= earlier.maxT - LIMITS.timeSlackMs;
}
