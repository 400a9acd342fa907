import { describe, expect, it } from 'vitest';
import { retryDelay } from './backoff.ts';

describe('retryDelay()', () => {
  const settings = { baseMs: 1000, maxMs: 10_000 };

  it('doubles per failure up to the ceiling, between half and all of it', () => {
    expect([1, 2, 3, 4, 5, 9].map((n) => retryDelay(n, settings, () => 0))).toEqual([500, 1000, 2000, 4000, 5000, 5000]);
    expect([1, 2, 3, 4, 5, 9].map((n) => retryDelay(n, settings, () => 1))).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
  });

  it('spreads clients that failed at the same moment', () => {
    const delays = Array.from({ length: 200 }, () => retryDelay(4, settings));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(4000);
    expect(Math.max(...delays)).toBeLessThanOrEqual(8000);
    expect(new Set(delays).size).toBeGreaterThan(100);
  });
});
