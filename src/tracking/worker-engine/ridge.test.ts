import { describe, expect, it } from 'vitest';
import { fitRidge } from './ridge.ts';

function lcg(seed: number) {
  let s = seed;
  return () => ((s = (s * 1664525 + 1013904223) % 2 ** 32) / 2 ** 32) * 2 - 1;
}

describe('fitRidge()', () => {
  it('recovers a linear map with intercept when standardised', () => {
    const r = lcg(1);
    const rows = Array.from({ length: 40 }, () => [r() * 100, r() * 0.01, r()]);
    const ys = rows.map(([a, b, c]) => 3 * a! + 5000 * b! - 7 * c! + 900);
    const [fit] = fitRidge(rows, [ys], { lambda: 1e-6, standardise: true });
    const probe = [10, 0.005, -0.5];
    expect(fit!.predict(probe)).toBeCloseTo(30 + 25 + 3.5 + 900, 2);
  });

  it("matches WebGazer's unstandardised ridge (no intercept) on a well-posed problem", () => {
    const r = lcg(2);
    const rows = Array.from({ length: 30 }, () => [r() * 255, r() * 255]);
    const ys = rows.map(([a, b]) => 2 * a! - b!);
    const [fit] = fitRidge(rows, [ys], { lambda: 1e-5, standardise: false });
    expect(fit!.predict([10, 20])).toBeCloseTo(0, 3);
    expect(fit!.predict([100, 50])).toBeCloseTo(150, 3);
  });

  it('solves more features than samples (as with 120 eye pixels and 45 clicks), raising λ if needed', () => {
    const r = lcg(3);
    const rows = Array.from({ length: 10 }, () => Array.from({ length: 120 }, () => r() * 255));
    rows.forEach((row) => (row[119] = row[0]!)); // exactly collinear columns
    const ys = rows.map((row) => row[0]! * 4);
    const fits = fitRidge(rows, [ys, ys.map((y) => -y)], { lambda: 1e-5, standardise: false });
    rows.forEach((row, i) => {
      expect(fits[0]!.predict(row)).toBeCloseTo(ys[i]!, 0);
      expect(fits[1]!.predict(row)).toBeCloseTo(-ys[i]!, 0);
    });
  });

  it('says what is wrong with empty or mismatched input', () => {
    expect(() => fitRidge([], [[]], { lambda: 1, standardise: false })).toThrow(/at least one sample/);
    expect(() => fitRidge([[1]], [[1, 2]], { lambda: 1, standardise: false })).toThrow(/differ in length/);
  });
});
