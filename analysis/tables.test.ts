import { describe, expect, it } from 'vitest';
import { analyseDataset } from './pipeline.ts';
import { generateSyntheticDataset } from './synthetic.ts';
import { resultTables, toCsv } from './tables.ts';

describe('toCsv()', () => {
  it('returns quoted cells, NA for missing values and rounded decimals', () => {
    const csv = toCsv({
      columns: ['a', 'b, c'],
      rows: [
        ['x "y"', 1.23456789],
        [null, NaN],
        [true, 'line\nbreak'],
      ],
    });
    expect(csv).toBe('a,"b, c"\n"x ""y""",1.234568\nNA,NA\nTRUE,"line\nbreak"\n');
  });
});

describe('resultTables()', () => {
  it('returns tables whose totals agree with the fixation table', () => {
    const run = analyseDataset(generateSyntheticDataset({ participants: 2, screens: 4, secondsPerScreen: 8, seed: 8 }).dataset);
    const tables = new Map(resultTables(run).map((t) => [t.name, t]));
    expect(tables.get('fixations')!.rows).toHaveLength(run.fixations.length);
    const types = tables.get('aoi_types')!;
    const countCol = types.columns.indexOf('fixations');
    expect(types.rows.reduce((n, r) => n + (r[countCol] as number), 0)).toBe(run.fixations.length);
    const cells = tables.get('cells')!;
    expect(cells.rows).toHaveLength(150);
    const movies = run.fixations.aoiClosest.filter((a) => a.type === 'Movie').length;
    expect(cells.rows.reduce((n, r) => n + (r[2] as number), 0)).toBe(movies);
    for (const t of tables.values()) for (const r of t.rows) expect(r).toHaveLength(t.columns.length);
  });
});
