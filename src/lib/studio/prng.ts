import { createRng } from '../../../analysis/random.ts';

/** Seeded PRNG (the analysis library's mulberry32): the same seed gives the same study design on every machine. */
export type Random = () => number;

export function createRandom(seed: number): Random {
  return createRng(seed).next;
}

/** Integer in [0, n). */
export function randomInt(random: Random, n: number): number {
  return Math.floor(random() * n);
}

/** Fisher–Yates shuffle into a new array. */
export function shuffled<T>(items: readonly T[], random: Random): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(random, i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
