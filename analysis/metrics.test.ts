import { describe, expect, it } from 'vitest';
import { computeMetrics, computeScreenQuality } from './metrics.ts';
import { SHAPE, TINY } from './test-fixtures.ts';
import type { GazeEvent } from '../core/events.ts';

const m = computeMetrics(TINY, SHAPE);
const cell = (r: number, p: number) => (r - 1) * SHAPE.positions + (p - 1);

describe('computeMetrics()', () => {
  it('returns fixation count and dwell per cell, column and row', () => {
    expect(m.dwell.cellCount[cell(1, 1)]).toBe(2);
    expect(m.dwell.cellDwellMs[cell(1, 1)]).toBe(400);
    expect(m.dwell.cellDwellMs[cell(1, 2)]).toBe(300);
    expect(m.dwell.cellDwellMs[cell(2, 6)]).toBe(400);
    expect(Array.from(m.dwell.columnCount)).toEqual([4, 2, 0, 0, 0]);
    expect(Array.from(m.dwell.columnDwellMs)).toEqual([1100, 300, 0, 0, 0]);
    expect(Array.from(m.dwell.rowCount)).toEqual([5, 3]);
  });

  it('returns the title and tile shares of row-level dwell', () => {
    expect(m.dwell.typeDwellMs).toEqual({ Movie: 1400, Genre: 350, Forward: 250, Backward: 0, Background: 200 });
    expect(m.dwell.titleShare).toBeCloseTo(0.2, 10);
    expect(m.dwell.tileShare).toBeCloseTo(0.8, 10);
  });

  it('returns the mean time to first fixation per cell and per row', () => {
    expect(m.firstFixation.cellMeanMs[cell(1, 1)]).toBe(250);
    expect(m.firstFixation.cellScreens[cell(1, 1)]).toBe(1);
    expect(Number.isNaN(m.firstFixation.cellMeanMs[cell(1, 5)]!)).toBe(true);
    expect(Array.from(m.firstFixation.rowMeanMs)).toEqual([175, 700]);
  });

  it('returns entry points from the first fixation and the first tile fixation', () => {
    expect(m.entry.firstType).toEqual({ Movie: 0, Genre: 1, Forward: 0, Backward: 0, Background: 1 });
    expect(m.entry.cell[cell(1, 1)]).toBe(1);
    expect(m.entry.cell[cell(2, 1)]).toBe(1);
    expect(Array.from(m.entry.column)).toEqual([2, 0, 0, 0, 0]);
  });

  it('returns within-row and cross-row transitions with repeats collapsed', () => {
    expect(m.transitions.withinRowCount).toBe(1);
    expect(m.transitions.withinRow[0 * SHAPE.positions + 1]).toBe(1);
    expect(m.transitions.crossRowCount).toBe(3);
    expect(Array.from(m.transitions.crossRow)).toEqual([0, 2, 1, 0]);
  });

  it('returns what precedes a swipe and the column looked at after it', () => {
    expect(m.swipes.swipes).toBe(2);
    expect(m.swipes.precedingType).toEqual({ Movie: 0, Genre: 0, Forward: 1, Backward: 0, Background: 0, none: 1 });
    expect(m.swipes.precedingSameRow).toBe(1);
    expect(Array.from(m.swipes.followingColumn)).toEqual([1, 0, 0, 0, 0]);
  });

  it('returns click-conditioned examination by clicked cell and by offset', () => {
    const cc = m.clickConditioned;
    expect(cc.screens).toBe(2);
    expect(cc.byClick.map((g) => [g.row, g.position, g.screens])).toEqual([
      [1, 1, 1],
      [2, 6, 1],
    ]);
    expect(Array.from(cc.byClick[0]!.examined).flatMap((v, i) => (v ? [i] : []))).toEqual([cell(2, 1)]);
    expect(Array.from(cc.byClick[1]!.examined).flatMap((v, i) => (v ? [i] : []))).toEqual([cell(1, 1), cell(1, 2), cell(2, 6)]);
    const W = 2 * SHAPE.positions - 1;
    const at = (dr: number, dp: number) => cc.relative[(dr + SHAPE.rows - 1) * W + (dp + SHAPE.positions - 1)]!;
    expect(at(0, 0)).toBe(0.5); // the clicked item itself: examined in one of two screens
    expect(at(1, 0)).toBe(1); // only screen B has a row below the click; its (2,1) was examined
    expect(at(1, 9)).toBe(0); // B's (2,10): not examined
    expect(Number.isNaN(at(-1, 9))).toBe(true); // outside the grid for both clicks
  });

  it('returns CTR given examination per position', () => {
    expect(m.ctr.positionExamined[0]).toBe(2);
    expect(m.ctr.positionCtr[0]).toBe(0);
    expect(m.ctr.positionCtr[5]).toBe(1);
    expect(m.ctr.cellClicks[cell(1, 1)]).toBe(1);
    expect(m.ctr.cellClicksExamined[cell(1, 1)]).toBe(0);
    expect(Number.isNaN(m.ctr.positionCtr[2]!)).toBe(true);
  });
});

describe('computeScreenQuality()', () => {
  const g = (t: number, lost?: 'no-face'): GazeEvent =>
    lost ? { kind: 'gaze', t, x: null, y: null, source: 'webgazer', lost } : { kind: 'gaze', t, x: 1, y: 1, source: 'webgazer' };

  it('returns samples, lost %, interval median and IQR, achieved rate and face-lost time', () => {
    const q = computeScreenQuality([g(0), g(30), g(70, 'no-face'), g(100), g(130), g(170, 'no-face')]);
    expect(q).toMatchObject({ samples: 6, lost: 2, intervalMedianMs: 30, intervalIqrMs: 10, faceLostMs: 60, durationMs: 170 });
    expect(q.lostPct).toBeCloseTo(100 / 3, 10);
    expect(q.achievedHz).toBeCloseTo(5000 / 170, 10);
  });

  it('returns nulls when the screen has no samples', () => {
    expect(computeScreenQuality([])).toMatchObject({ samples: 0, intervalMedianMs: null, achievedHz: null });
  });
});
