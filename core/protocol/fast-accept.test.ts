import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../analysis/random.ts';
import { screenStream } from '../../server/testing/participant-stream.ts';
import { RecordedEventSchema } from './events.ts';
import { fastAcceptEvent } from './fast-accept.ts';
import { LIMITS } from './limits.ts';

const valid = screenStream(4, 12_000, 7).chunks.flatMap((c) => c.events) as unknown as Record<string, unknown>[];
const JUNK: unknown[] = [
  null,
  undefined,
  true,
  'x',
  '',
  0,
  -1,
  0.5,
  1.5,
  2 ** 31,
  -(2 ** 31),
  1e300,
  -1e300,
  LIMITS.coordinate + 1,
  LIMITS.timeMaxMs + 1,
  [],
  {},
  [1],
  { a: 1 },
];

/** One random change somewhere in the event: a value replaced by junk, a key removed or added. */
function mutate(event: unknown, rng: ReturnType<typeof createRng>): unknown {
  const copy = structuredClone(event) as Record<string, unknown>;
  const containers: Record<string, unknown>[] = [];
  const walk = (o: unknown) => {
    if (typeof o !== 'object' || o === null) return;
    containers.push(o as Record<string, unknown>);
    for (const value of Object.values(o)) walk(value);
  };
  walk(copy);
  const target = containers[Math.floor(rng.next() * containers.length)]!;
  const keys = Object.keys(target);
  const roll = rng.next();
  if (roll < 0.15) target[`extra${Math.floor(rng.next() * 3)}`] = 1;
  else if (roll < 0.3 && keys.length) delete target[keys[Math.floor(rng.next() * keys.length)]!];
  else if (keys.length) target[keys[Math.floor(rng.next() * keys.length)]!] = JUNK[Math.floor(rng.next() * JUNK.length)];
  return copy;
}

describe('fastAcceptEvent()', () => {
  it('accepts the gaze, cursor and layout events a screen is made of', () => {
    const hot = valid.filter((e) => ['gaze', 'cursor', 'layout'].includes(e.kind as string));
    expect(hot.length).toBeGreaterThan(500);
    expect(hot.filter((e) => !fastAcceptEvent(e))).toEqual([]);
  });

  it('never accepts what RecordedEventSchema refuses (20,000 random mutations)', () => {
    const rng = createRng(42);
    let refusedBySchema = 0;
    for (let i = 0; i < 20_000; i++) {
      const base = valid[Math.floor(rng.next() * valid.length)]!;
      const mutant = JSON.parse(JSON.stringify(mutate(base, rng)) ?? 'null') as unknown;
      const schemaOk = v.safeParse(RecordedEventSchema, mutant).success;
      if (!schemaOk) refusedBySchema++;
      if (fastAcceptEvent(mutant)) expect(schemaOk, JSON.stringify(mutant).slice(0, 300)).toBe(true);
    }
    expect(refusedBySchema).toBeGreaterThan(5_000);
  });
});
