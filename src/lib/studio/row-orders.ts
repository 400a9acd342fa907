import { createRandom, shuffled, type Random } from './prng.ts';

/**
 * Williams sequence 0, 1, n−1, 2, n−2, …: its cyclic shifts form a Latin square in which (for even
 * n) every label sits directly above every other label equally often.
 */
function williamsSequence(n: number): number[] {
  const out: number[] = [];
  let lo = 1;
  let hi = n - 1;
  out.push(0);
  for (let j = 1; j < n; j++) out.push(j % 2 === 1 ? lo++ : hi--);
  return out;
}

/** A random n×n Latin square: Williams square with its rows and symbols permuted by the PRNG. */
function randomLatinSquare(n: number, random: Random): number[][] {
  const base = williamsSequence(n);
  const rowOrder = shuffled(
    base.map((_, i) => i),
    random,
  );
  const symbols = shuffled(
    base.map((_, i) => i),
    random,
  );
  return rowOrder.map((shift) => base.map((b) => symbols[(b + shift) % n] as number));
}

/**
 * Row-label orders for `screens` screens (top row first). Every full block of `labels.length`
 * screens is a Latin square, so each label takes each position equally often; a final partial
 * block uses distinct rows of another square, so per position no label is off by more than one.
 * The order of the screens is shuffled; the same seed always gives the same orders.
 */
export function balancedRowOrders(labels: readonly string[], screens: number, seed: number): string[][] {
  const n = labels.length;
  if (n === 0 || screens <= 0) return [];
  if (new Set(labels).size !== n) throw new Error('row labels must be distinct');
  const random = createRandom(seed);
  const orders: number[][] = [];
  while (orders.length < screens) {
    const square = randomLatinSquare(n, random);
    orders.push(...square.slice(0, screens - orders.length));
  }
  return shuffled(orders, random).map((order) => order.map((i) => labels[i] as string));
}

/** counts[label][position] over a set of row orders (for checks and the editor's summary). */
export function positionCounts(orders: readonly (readonly string[])[]): Map<string, number[]> {
  const counts = new Map<string, number[]>();
  for (const order of orders) {
    order.forEach((label, position) => {
      const row = counts.get(label) ?? new Array<number>(order.length).fill(0);
      row[position] = (row[position] ?? 0) + 1;
      counts.set(label, row);
    });
  }
  return counts;
}
