import { describe, expect, it } from 'vitest';
import { precisionPx } from './engine-variants.ts';
import type { SampleError } from './truth.ts';

const at = (tx: number, ty: number, dx: number, dy: number): SampleError => ({ t: 0, dx, dy, truth: { x: tx, y: ty } });

describe('precisionPx()', () => {
  it('is the SD of the errors around their own mean within each dwell, averaged over dwells', () => {
    // Dwell 1: errors ±3 around an offset of 100 px (SD 3); dwell 2: ±5 around −40 (SD 5).
    const errors = [...[3, -3, 3, -3].map((d) => at(100, 100, 100 + d, 0)), ...[5, -5, 5, -5].map((d) => at(800, 400, 0, -40 + d))];
    expect(precisionPx(errors)).toBeCloseTo(4, 9);
  });

  it('leaves out dwells with too few samples, and is null without any', () => {
    expect(precisionPx([at(1, 1, 0, 0), at(1, 1, 2, 0)])).toBeNull();
    // A truth point that moves less than jumpPx (tremor) stays one dwell.
    expect(precisionPx([at(5, 5, 1, 0), at(7, 5, -1, 0), at(9, 6, 1, 0), at(6, 5, -1, 0)])).toBeCloseTo(1, 9);
    expect(precisionPx([...[1, -1, 1, -1].map((d) => at(5, 5, d, 0)), at(900, 5, 50, 50)])).toBeCloseTo(1, 9);
  });
});
