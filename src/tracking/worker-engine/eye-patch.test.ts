import { describe, expect, it } from 'vitest';
import { EYE_INDICES, equalizeHistogram, eyeBoxes, patchFeatures, PATCH_SIZE, resizeGrey, type Landmark } from './eye-patch.ts';

function rgba(w: number, h: number, grey: (x: number, y: number) => number): Uint8ClampedArray {
  const out = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 4;
      out[i] = out[i + 1] = out[i + 2] = grey(x, y);
      out[i + 3] = 255;
    }
  return out;
}

describe('eyeBoxes()', () => {
  const mesh = (): Landmark[] => Array.from({ length: 468 }, () => [0, 0, 0] as Landmark);
  it('spans the upper lid (top left) to the lower lid (bottom right) of each eye', () => {
    const lm = mesh();
    EYE_INDICES.leftUpper.forEach((i, k) => (lm[i] = [400 + k * 5, 200 - k, 0]));
    EYE_INDICES.leftLower.forEach((i, k) => (lm[i] = [395 + k * 5, 215 + k, 0]));
    EYE_INDICES.rightUpper.forEach((i, k) => (lm[i] = [300 + k * 5, 201, 0]));
    EYE_INDICES.rightLower.forEach((i, k) => (lm[i] = [300 + k * 5, 212, 0]));
    const boxes = eyeBoxes(lm);
    expect(boxes?.left).toEqual({ x: 400, y: 194, w: 435 - 400, h: 223 - 194 });
    expect(boxes?.right).toEqual({ x: 300, y: 201, w: 40, h: 11 });
  });
  it('is null for a closed eye (empty box) or a short landmark list', () => {
    expect(eyeBoxes(mesh())).toBeNull();
    expect(eyeBoxes([[1, 2, 3]])).toBeNull();
  });
});

describe('resizeGrey()', () => {
  it('averages areas, with WebGazer grey weights', () => {
    const img = new Uint8ClampedArray([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 255]);
    const out = resizeGrey(img, 2, 2, 1, 1);
    expect(out[0]).toBeCloseTo((255 * 0.299 + 255 * 0.587 + 255 * 0.114 + 255) / 4, 6);
  });
  it('keeps a left-to-right gradient ordered at 10×6', () => {
    const out = resizeGrey(
      rgba(33, 13, (x) => x * 7),
      33,
      13,
    );
    expect(out).toHaveLength(PATCH_SIZE);
    for (let x = 1; x < 10; x++) expect(out[x]!).toBeGreaterThan(out[x - 1]!);
    expect(out[10]).toBeCloseTo(out[0]!, 6);
  });
});

describe('equalizeHistogram() and patchFeatures()', () => {
  it('spreads a low-contrast patch over the full range, keeping order', () => {
    const grey = Array.from({ length: 60 }, (_, i) => 100 + (i % 10));
    const eq = equalizeHistogram(grey, 1);
    expect(Math.max(...eq)).toBeCloseTo(255, 6);
    expect(Math.min(...eq)).toBeLessThan(60);
    for (let i = 1; i < 10; i++) expect(eq[i]!).toBeGreaterThan(eq[i - 1]!);
  });
  it('gives the same features for the same eye under different lighting', () => {
    const dim = patchFeatures(
      rgba(30, 12, (x, y) => 40 + x + y),
      30,
      12,
    );
    const bright = patchFeatures(
      rgba(30, 12, (x, y) => 120 + 2 * (x + y)),
      30,
      12,
    );
    expect(dim).toHaveLength(PATCH_SIZE);
    const diff = dim.reduce((s, v, i) => s + Math.abs(v - bright[i]!), 0) / PATCH_SIZE;
    expect(diff).toBeLessThan(20);
  });
});
