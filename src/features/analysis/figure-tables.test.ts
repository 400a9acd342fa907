import { describe, expect, it } from 'vitest';
import { computeMetrics } from '../../../analysis/metrics.ts';
import { SHAPE, TINY } from '../../../analysis/test-fixtures.ts';
import { parseCsvRecords } from '../../../core/csv/parse.ts';
import { columnValues, figureTables, gridTable, gridValues, lPatternRows, tableCsv, transitionDistanceRows } from './figure-tables.ts';

const m = computeMetrics(TINY, SHAPE);

describe('figureTables()', () => {
  const tables = figureTables(m, null, [], 3);
  const byId = new Map(tables.map((t) => [t.id, t]));

  it('returns rows whose width matches the header in every table', () => {
    for (const t of tables) for (const r of t.rows) expect(r).toHaveLength(t.header.length);
  });

  it('returns dwell per row from the metric tables (row 1: 300+100+200+100 ms tiles)', () => {
    const t = byId.get('dwell-row')!;
    expect(columnValues(t, 1)).toEqual([700 + 200, 150 + 400 + 300]);
  });

  it('returns the swipe-preceding AOI counts and the quality threshold as a reference line', () => {
    const t = byId.get('before-swipe')!;
    // screen 1 swipes at 1300 ms after the arrow fixation at 1200 ms; screen 2 swipes before any fixation
    expect(t.rows.find((r) => r[0] === 'Forward')?.[1]).toBe(1);
    expect(t.rows.find((r) => r[0] === 'none')?.[1]).toBe(1);
    expect(t.rows.find((r) => r[0] === 'Genre')?.[1]).toBe(0);
    expect(byId.get('quality')!.chart!.reference).toEqual({ value: 3, label: 'threshold 3%' });
    expect(byId.has('click-models')).toBe(false);
  });

  it('returns CSV that parses back to the same header and row count', () => {
    const t = byId.get('ctr-position')!;
    const recs = parseCsvRecords(tableCsv(t), 'ctr.csv');
    expect(recs[0]!.cells).toEqual(t.header);
    expect(recs).toHaveLength(SHAPE.positions + 1);
    // position 1: examined in screen 1 only (row 1), never clicked when examined there; NaN CTR is written as NA
    expect(recs[1]!.cells[0]).toBe('1');
    expect(recs.some((r) => r.cells[1] === 'NA')).toBe(true);
  });
});

describe('transitionDistanceRows()', () => {
  it('returns within-row moves by Δposition and cross-row moves by Δrow', () => {
    const rows = transitionDistanceRows(m);
    const at = (d: number) => rows.find((r) => r[0] === d)!;
    // screen 1: (1,1)→(1,2) within +1; (1,2)→title row 2: cross +1; (2,6)→(1,2): cross −1; screen 2: title 1 → (2,1): cross +1
    expect(at(1)[1]).toBe(1);
    expect(at(1)[2]).toBe(2);
    expect(at(-1)[2]).toBe(1);
    expect(rows.some((r) => r[0] === 0)).toBe(false);
  });
});

describe('lPatternRows()', () => {
  it('returns the share of screens that examined the clicked item at offset 0 (screen 1 did, screen 2 did not)', () => {
    const zero = lPatternRows(m).find((r) => r[0] === 0)!;
    expect(zero[1]).toBe(0.5);
    expect(zero[2]).toBe(0.5);
  });
});

describe('gridValues() / gridTable()', () => {
  it('returns the rows × positions grid and a long table of the same values', () => {
    const v = gridValues(m, 'dwell');
    expect(v).toHaveLength(2);
    expect(v[0]![0]).toBe(400);
    expect(v[1]![5]).toBe(400);
    const t = gridTable(m, 'dwell');
    expect(t.rows).toHaveLength(2 * SHAPE.positions);
    expect(t.rows[0]).toEqual([1, 1, 400]);
    expect(gridTable(m, 'ttff').rows.find((r) => r[0] === 2 && r[1] === 2)![2]).toBeNull();
  });
});
