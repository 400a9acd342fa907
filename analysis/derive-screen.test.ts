import { describe, expect, it } from 'vitest';
import { deriveScreen, resolveDerivation } from './derive-screen.ts';
import { screenColumns } from './screen-columns.ts';
import { buildLayoutEvent, recgazePageSpec } from '../core/layout/layout-boxes.ts';
import type { RecordedEvent } from '../core/events.ts';

const STUDY = { algorithm: 'idt' as const, dispersionDeg: 1.5, minDurationMs: 150, velocityDegPerS: 40, aoiRadiusPx: 30 };

describe('resolveDerivation()', () => {
  it("returns the study's settings at the measured px/° when the session has them", () => {
    expect(resolveDerivation({ settings: STUDY, pxPerDeg: 40, validationAccuracyPx: 300 })).toMatchObject({
      algorithm: 'idt',
      dispersionPx: 60,
      thresholdSource: 'deg',
      minDurationMs: 150,
      pxPerDegAssumed: false,
      aoiRadiusPx: 30,
      preprocess: { maxGapMs: 75, medianWindow: 3, resampleHz: 30 },
    });
    expect(resolveDerivation({ settings: { ...STUDY, algorithm: 'ivt' } })).toMatchObject({
      algorithm: 'ivt',
      velocityDegPerS: 40,
      pxPerDeg: 38,
      pxPerDegAssumed: true,
    });
  });

  it('returns max(2°, 1.5 × validation accuracy) without study settings, and the overrides over both', () => {
    expect(resolveDerivation({ validationAccuracyPx: 100 })).toMatchObject({ dispersionPx: 150, thresholdSource: 'default-accuracy' });
    expect(resolveDerivation({ validationAccuracyPx: 20 })).toMatchObject({ dispersionPx: 76, thresholdSource: 'default-2deg' });
    expect(resolveDerivation({ settings: STUDY }, { idt: { dispersionPx: 90 }, aoiRadiusPx: 0 })).toMatchObject({
      dispersionPx: 90,
      minDurationMs: 150,
      aoiRadiusPx: 0,
    });
    expect(resolveDerivation({ settings: STUDY }, { algorithm: 'ivt', ivt: { velocityDegPerS: 25 } })).toMatchObject({
      algorithm: 'ivt',
      velocityDegPerS: 25,
    });
  });
});

describe('deriveScreen()', () => {
  const spec = recgazePageSpec({ w: 1920, h: 1080 });
  const dwell = (t0: number, ms: number, x: number, y: number): RecordedEvent[] =>
    Array.from({ length: Math.round(ms / 33.3) }, (_, i) => ({ kind: 'gaze', t: t0 + i * 33.3, x, y, source: 'mouse' }));
  const events: RecordedEvent[] = [
    buildLayoutEvent(spec, 0, 'load', 0, Array(10).fill(0)),
    ...dwell(0, 500, 250, 180),
    ...dwell(500, 500, 600, 180),
    { kind: 'selection', t: 1000, row: 1, position: 2, column: 2, page: 1, movieId: 2, x: 600, y: 180 },
    ...dwell(1010, 600, 1200, 500),
  ];
  const params = resolveDerivation({ settings: STUDY });

  it('returns the fixations up to the selection, labelled and placed on the canvas', () => {
    const d = deriveScreen({ columns: screenColumns(events), itemsPerRow: 15 }, params);
    expect(d.endT).toBe(1000);
    expect(d.fixations.map((f) => [f.aoi.type, f.aoi.row, f.aoi.position])).toEqual([
      ['Movie', 1, 1],
      ['Movie', 1, 2],
    ]);
    expect(d.fixations[0]!.cx).toBeCloseTo(250, 0);
    expect(d.fixations[0]!.cy).toBeCloseTo(180 + 87, 0);
    expect(d.quality.samples).toBe(events.filter((e) => e.kind === 'gaze').length);
  });

  it("ends the screen at the session record's selection when it is given, else at the last event", () => {
    const columns = screenColumns(events.filter((e) => e.kind !== 'selection'));
    expect(deriveScreen({ columns, itemsPerRow: 15 }, params).fixations).toHaveLength(3);
    expect(deriveScreen({ columns, itemsPerRow: 15, selectionT: 400 }, params).fixations).toHaveLength(1);
  });
});
