import { describe, expect, it } from 'vitest';
import { pxPerDeg } from '../../../../analysis/validation-metrics.ts';
import { screenSizeFrom } from './screen-size.ts';

const base = { method: 'card' as const, cardPx: 428, typedWidthCm: '', distanceCm: '60', screenWidthPx: 1920 };

describe('screenSizeFrom()', () => {
  it('derives the screen width from the card match (428 px = 8.56 cm → 50 px/cm)', () => {
    const r = screenSizeFrom(base);
    expect(typeof r).toBe('object');
    if (typeof r === 'object') {
      expect(r.widthCm).toBeCloseTo(38.4, 10);
      expect(r.pxPerDeg).toBeCloseTo(pxPerDeg(1920, 38.4, 60), 10);
    }
  });
  it('uses a typed width', () => {
    const r = screenSizeFrom({ ...base, method: 'typed', typedWidthCm: '53' });
    expect(typeof r === 'object' && r.widthCm).toBe(53);
  });
  it('names the bad field', () => {
    expect(screenSizeFrom({ ...base, distanceCm: '5' })).toMatch(/Viewing distance/);
    expect(screenSizeFrom({ ...base, distanceCm: '' })).toMatch(/Viewing distance/);
    expect(screenSizeFrom({ ...base, method: 'typed', typedWidthCm: 'abc' })).toMatch(/Screen width/);
  });
});
