import { describe, expect, it } from 'vitest';
import { analyseDataset } from './pipeline.ts';
import { generateSyntheticDataset } from './synthetic.ts';
import { resultTables, resultTablesReadme, toCsv } from './tables.ts';

describe('toCsv()', () => {
  it('returns CRLF lines, quoted cells, NA for missing values, rounded decimals and guarded text', () => {
    const csv = toCsv({
      columns: ['a', 'b, c'],
      rows: [
        ['x "y"', 1.23456789],
        [null, NaN],
        [true, 'line\nbreak'],
        ['=cmd', -0],
      ],
    });
    expect(csv).toBe('a,"b, c"\r\n"x ""y""",1.234568\r\nNA,NA\r\nTRUE,"line\nbreak"\r\n\'=cmd,0\r\n');
    expect(toCsv({ columns: ['g'], rows: [['=cmd']] }, { formulaGuard: false })).toBe('g\r\n=cmd\r\n');
  });
});

describe('resultTables()', () => {
  const summaryValue = (run: ReturnType<typeof analyseDataset>, measure: string) =>
    resultTables(run)
      .find((t) => t.name === 'summary')!
      .rows.find((r) => r[0] === measure)![1];

  it('says fixations were placed at AOI centres only when some screen was pre-labelled', () => {
    const recorded = generateSyntheticDataset({ participants: 1, screens: 2, secondsPerScreen: 4, seed: 2 }).dataset;
    expect(summaryValue(analyseDataset(recorded), 'pre_labelled_fixations_at_aoi_centre')).toBe(false);
    const preLabelled = {
      sessions: [
        {
          ...recorded.sessions[0]!,
          screens: [
            {
              taskId: 1,
              task: 'free_browsing' as const,
              fixations: [
                {
                  t: 100,
                  durationMs: 250,
                  aoi: { type: 'Movie' as const, row: 1, position: 2 },
                  aoiClosest: { type: 'Movie' as const, row: 1, position: 2 },
                },
              ],
              clicks: [],
              cursorVisits: [],
              selection: null,
            },
          ],
        },
      ],
    };
    expect(summaryValue(analyseDataset(preLabelled), 'pre_labelled_fixations_at_aoi_centre')).toBe(true);
  });

  it('comes with a README naming every table, its columns and the lines that read it', () => {
    const tables = resultTables(
      analyseDataset(generateSyntheticDataset({ participants: 1, screens: 2, secondsPerScreen: 4, seed: 3 }).dataset),
    );
    const readme = resultTablesReadme(tables);
    for (const t of tables) {
      expect(readme).toContain(`| \`${t.name}.csv\` | ${t.columns.map((c) => `\`${c}\``).join(', ')} |`);
      expect(readme).toContain(`${t.name} = pd.read_csv("${t.name}.csv", keep_default_na=False, na_values=["NA"])`);
      expect(readme).toContain(`${t.name} <- read.csv("${t.name}.csv"`);
    }
    expect(resultTablesReadme(tables, false)).toContain('no formula guard');
  });

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
