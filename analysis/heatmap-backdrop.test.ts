import { describe, expect, it } from 'vitest';
import { composite, stimulusBackdrop } from './heatmap-backdrop.ts';

describe('stimulusBackdrop()', () => {
  it('returns the shared schematic colours: tile inside row 1 column 1, title above it, page between rows', () => {
    const img = stimulusBackdrop(720, 441, 8);
    const px = (cx: number, cy: number) =>
      Array.from(
        img.data.slice((Math.floor(cy / 8) * 720 + Math.floor(cx / 8)) * 4, (Math.floor(cy / 8) * 720 + Math.floor(cx / 8)) * 4 + 4),
      );
    expect(px(200, 250)).toEqual([52, 52, 52, 255]); // tile (76..418, 176..369)
    expect(px(2100, 250)).toEqual([52, 52, 52, 255]); // same tile on page 2
    expect(px(100, 120)).toEqual([38, 38, 38, 255]); // row 1 title (106..149)
    expect(px(200, 420)).toEqual([20, 20, 20, 255]);
  });
});

describe('composite()', () => {
  it('returns the alpha blend of the top image over the base', () => {
    const base = { width: 1, height: 1, data: new Uint8ClampedArray([0, 0, 0, 255]) };
    const top = { width: 1, height: 1, data: new Uint8ClampedArray([255, 100, 0, 51]) };
    expect(Array.from(composite(base, top).data)).toEqual([51, 20, 0, 255]);
    expect(() => composite(base, { width: 2, height: 1, data: new Uint8ClampedArray(8) })).toThrow('sizes differ');
  });
});
