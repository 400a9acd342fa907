import { describe, expect, it } from 'vitest';
import { checkChunkEvents, spansInOrder } from './chunk-check.ts';
import { LIMITS } from './limits.ts';

const cursor = (t: number) => ({ kind: 'cursor', t, x: 1, y: 2 });

describe('checkChunkEvents()', () => {
  it('returns the event count and time span of a valid chunk', () => {
    expect(checkChunkEvents([cursor(5), cursor(3), cursor(9)], 'events')).toEqual({ ok: true, span: { events: 3, minT: 3, maxT: 9 } });
  });

  it('names the array when it is not an array, empty or too long', () => {
    expect(checkChunkEvents({}, 'chunks[0].events')).toEqual({
      ok: false,
      problem: { field: 'chunks[0].events', problem: 'must be a JSON array of events' },
    });
    expect(checkChunkEvents([], 'e')).toMatchObject({ ok: false, problem: { field: 'e', problem: 'must hold at least one event' } });
    const tooMany = new Array(LIMITS.chunkEvents + 1).fill(cursor(1));
    expect(checkChunkEvents(tooMany, 'e')).toMatchObject({ ok: false, problem: { field: 'e' } });
  });

  it('names the event and field of a schema violation', () => {
    expect(checkChunkEvents([cursor(1), { kind: 'cursor', t: 2, x: null, y: 2 }], 'chunks[1].events')).toEqual({
      ok: false,
      problem: { field: 'chunks[1].events[1].x', problem: 'expected number but got null' },
    });
    expect(checkChunkEvents([cursor(1), { kind: 'cursor', t: 2, x: 1 }], 'e')).toMatchObject({
      ok: false,
      problem: { field: 'e[1].y', problem: expect.stringMatching(/^is missing/) },
    });
  });

  it('allows small time inversions between event sources but refuses a jump back beyond the slack', () => {
    const slack = LIMITS.timeSlackMs;
    expect(checkChunkEvents([cursor(20_000), cursor(20_000 - slack)], 'e').ok).toBe(true);
    const r = checkChunkEvents([cursor(20_000), cursor(30_000), cursor(30_000 - slack - 1)], 'e');
    expect(r).toMatchObject({
      ok: false,
      problem: { field: 'e[2].t', problem: expect.stringContaining(`${slack + 1} ms before an earlier event`) },
    });
  });
});

describe('spansInOrder()', () => {
  it('accepts a later chunk that starts after (or slightly before) the end of the earlier one', () => {
    expect(spansInOrder({ maxT: 1000 }, { minT: 1000 })).toBe(true);
    expect(spansInOrder({ maxT: 1000 + LIMITS.timeSlackMs }, { minT: 1000 })).toBe(true);
    expect(spansInOrder({ maxT: 1001 + LIMITS.timeSlackMs }, { minT: 1000 })).toBe(false);
  });
});
