import { describe, expect, it } from 'vitest';
import {
  pxPerCmFromCard,
  pxPerDeg,
  pxToDeg,
  rateOfIntervals,
  samplingRate,
  summariseValidation,
  validationPoint,
} from './validation-metrics.ts';

// Samples around (100,100): two at distance 5 (a 3-4-5 triangle each side) and one on target.
const target = { x: 100, y: 100 };
const samples = [
  { x: 103, y: 104 },
  { x: 97, y: 96 },
  { x: 100, y: 100 },
  { x: null, y: null },
];

describe('validationPoint()', () => {
  it('computes accuracy, precision and % in radius by hand-checked values', () => {
    const r = validationPoint(target, samples, 4);
    expect(r.samples).toBe(4);
    expect(r.lost).toBe(1);
    expect(r.meanOffsetPx).toBeCloseTo(10 / 3, 10);
    expect(r.centroid).toEqual({ x: 100, y: 100 });
    expect(r.centroidOffsetPx).toBeCloseTo(0, 10);
    // successive distances 10 and 5 → sqrt((100 + 25) / 2)
    expect(r.precisionRmsPx).toBeCloseTo(Math.sqrt(62.5), 10);
    // squared distances from centroid 25, 25, 0
    expect(r.precisionSdPx).toBeCloseTo(Math.sqrt(50 / 3), 10);
    expect(r.withinRadiusPct).toBeCloseTo(100 / 3, 10);
  });

  it('returns nulls when every sample was lost', () => {
    const r = validationPoint(target, [{ x: null, y: null }], 100);
    expect(r.meanOffsetPx).toBeNull();
    expect(r.precisionRmsPx).toBeNull();
    expect(r.withinRadiusPct).toBeNull();
    expect(r.lost).toBe(1);
  });

  it('adds degrees when the screen geometry is known', () => {
    // 10 px/cm at 60 cm: 5 px = 0.5 cm → 2·atan(0.25/60)
    const r = validationPoint(target, [{ x: 105, y: 100 }], 10, { screenWidthPx: 1000, screenWidthCm: 100, distanceCm: 60 });
    expect(r.meanOffsetDeg).toBeCloseTo(0.477462066, 8);
  });
});

describe('pxPerDeg()', () => {
  it('uses 2·d·tan(0.5°) cm per degree at the screen centre', () => {
    // 1920 px over 53 cm, 60 cm away (checked independently: 37.937176 px)
    expect(pxPerDeg(1920, 53, 60)).toBeCloseTo(37.937176, 5);
  });
  it('names the bad argument', () => {
    expect(() => pxPerDeg(1920, 0, 60)).toThrow(/screen width must be > 0 cm/);
    expect(() => pxPerDeg(1920, 53, -1)).toThrow(/viewing distance/);
  });
});

describe('pxToDeg()', () => {
  it('is exact for large spans: a span as wide as the distance, centred, is 2·atan(0.5)', () => {
    // 1000 px at 10 px/cm = 100 cm, seen from 50 cm: 2·atan(50/50) = 90°
    expect(pxToDeg(1000, 10, 50)).toBeCloseTo(90, 10);
  });
});

describe('pxPerCmFromCard()', () => {
  it('divides the card width in px by 8.56 cm', () => {
    expect(pxPerCmFromCard(856)).toBeCloseTo(100, 10);
    expect(() => pxPerCmFromCard(0)).toThrow(/card width/);
  });
});

describe('samplingRate()', () => {
  it('gives the median and IQR of the intervals', () => {
    // intervals 50, 60, 50, 70 → sorted 50 50 60 70: median 55, q1 50, q3 62.5
    const r = samplingRate([0, 50, 110, 160, 230]);
    expect(r.intervalMedianMs).toBeCloseTo(55, 10);
    expect(r.intervalIqrMs).toBeCloseTo(12.5, 10);
    expect(r.achievedHz).toBeCloseTo(1000 / 55, 10);
  });
  it('has no rate for fewer than two samples', () => {
    expect(samplingRate([5]).achievedHz).toBeNull();
  });
  it('pools intervals of several recordings without the gaps between them', () => {
    // Two screens whose times both start near 0: merged timestamps would interleave.
    const r = rateOfIntervals([50, 60, 50, 70], 6);
    expect(r.samples).toBe(6);
    expect(r.intervalMedianMs).toBeCloseTo(55, 10);
    expect(r.achievedHz).toBeCloseTo(1000 / 55, 10);
    expect(rateOfIntervals([], 1).achievedHz).toBeNull();
  });
});

describe('summariseValidation()', () => {
  const far = [
    { x: 400, y: 100 },
    { x: 400, y: 100 },
  ];
  const inputs = [
    { target, samples },
    { target, samples: far },
  ];
  it('averages the point errors and passes when the mean is within the gate', () => {
    const s = summariseValidation(inputs, { radiusPx: 4, gatePx: 200 });
    expect(s.meanErrorPx).toBeCloseTo((10 / 3 + 300) / 2, 10);
    expect(s.passed).toBe(true);
    // 1 of 3 valid samples inside at point 1, 0 of 2 at point 2
    expect(s.withinRadiusPct).toBeCloseTo(20, 10);
    expect(s.samples).toBe(6);
    expect(s.lost).toBe(1);
  });
  it('fails when the mean error exceeds the gate', () => {
    expect(summariseValidation(inputs, { radiusPx: 4, gatePx: 150 }).passed).toBe(false);
  });
  it('fails when a point has no usable samples', () => {
    const s = summariseValidation(
      [
        { target, samples: [{ x: 100, y: 100 }] },
        { target, samples: [] },
      ],
      { radiusPx: 4, gatePx: 200 },
    );
    expect(s.meanErrorPx).toBeCloseTo(0, 10);
    expect(s.passed).toBe(false);
  });
});
