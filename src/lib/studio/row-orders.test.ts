import { describe, expect, it } from 'vitest';
import { balancedRowOrders, positionCounts } from './row-orders.ts';

const labels = (n: number) => Array.from({ length: n }, (_, i) => `L${i + 1}`);

function spread(orders: string[][], n: number): { min: number; max: number } {
  const counts = positionCounts(orders);
  let min = Infinity;
  let max = -Infinity;
  for (const label of labels(n)) {
    const row = counts.get(label) ?? [];
    for (let p = 0; p < n; p++) {
      const c = row[p] ?? 0;
      min = Math.min(min, c);
      max = Math.max(max, c);
    }
  }
  return { min, max };
}

describe('balancedRowOrders()', () => {
  it.each([
    [10, 30],
    [4, 8],
    [5, 5],
    [6, 24],
    [3, 9],
  ])('puts each of %i labels in each position equally often over %i screens', (n, screens) => {
    const orders = balancedRowOrders(labels(n), screens, 42);
    expect(orders).toHaveLength(screens);
    const { min, max } = spread(orders, n);
    expect(min).toBe(screens / n);
    expect(max).toBe(screens / n);
  });

  it.each([
    [10, 31],
    [4, 2],
    [4, 7],
    [7, 12],
    [6, 13],
    [5, 3],
  ])('keeps %i labels within one of balanced over %i screens', (n, screens) => {
    for (const seed of [1, 2, 3, 99]) {
      const { min, max } = spread(balancedRowOrders(labels(n), screens, seed), n);
      expect(max - min).toBeLessThanOrEqual(1);
    }
  });

  it('gives every screen each label exactly once', () => {
    for (const order of balancedRowOrders(labels(9), 20, 5)) expect([...order].sort()).toEqual(labels(9).sort());
  });

  it.each([
    [10, 30],
    [4, 2],
    [5, 11],
  ])('is reproducible from its seed (%i labels, %i screens)', (n, screens) => {
    const a = balancedRowOrders(labels(n), screens, 1234);
    expect(balancedRowOrders(labels(n), screens, 1234)).toEqual(a);
    expect(balancedRowOrders(labels(n), screens, 1235)).not.toEqual(a);
  });

  it('balances which label sits above which for an even number of labels', () => {
    const n = 6;
    const above = new Map<string, number>();
    for (const order of balancedRowOrders(labels(n), n, 7)) {
      for (let i = 0; i + 1 < n; i++) above.set(`${order[i]}>${order[i + 1]}`, (above.get(`${order[i]}>${order[i + 1]}`) ?? 0) + 1);
    }
    expect(above.size).toBe(n * (n - 1));
    expect(new Set(above.values())).toEqual(new Set([1]));
  });

  it('rejects duplicate labels and returns nothing for no screens', () => {
    expect(() => balancedRowOrders(['A', 'A'], 2, 1)).toThrow(/distinct/);
    expect(balancedRowOrders(labels(3), 0, 1)).toEqual([]);
  });
});
