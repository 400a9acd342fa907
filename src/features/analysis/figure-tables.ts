// Every chart and table of the analysis view as a plain table (header + rows): the chart draws
// from it and the CSV download writes it, so the figure and its data never disagree.
import type { ClickModelFit } from '../../../analysis/click-models.ts';
import { AOI_TYPES, type MetricsTables } from '../../../analysis/metrics.ts';
import type { ScreenSummary } from '../../../analysis/pipeline.ts';
import { toCsv, type CsvValue } from '../../../core/csv/write.ts';

export interface ChartSpec {
  kind: 'bar' | 'line';
  /** Column holding the category / x value. */
  x: number;
  /** Columns drawn as series. */
  ys: number[];
  yLabel: string;
  /** Optional horizontal reference line. */
  reference?: { value: number; label: string };
}

export interface FigureTable {
  id: string;
  title: string;
  header: string[];
  rows: CsvValue[][];
  chart: ChartSpec | null;
}

const finite = (v: number | undefined): number | null => (v !== undefined && Number.isFinite(v) ? v : null);
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

export function tableCsv(t: Pick<FigureTable, 'header' | 'rows'>): string {
  return toCsv(t.header, t.rows);
}

/** Numeric column of a table (null → NaN). */
export function columnValues(t: FigureTable, col: number): number[] {
  return t.rows.map((r) => (typeof r[col] === 'number' ? (r[col] as number) : NaN));
}

/** Examination probability by offset from the clicked item: along its row and along its position. */
export function lPatternRows(m: MetricsTables): CsvValue[][] {
  const { rows: R, positions: P } = m.shape;
  const W = 2 * P - 1;
  const rel = m.clickConditioned.relative;
  const out: CsvValue[][] = [];
  const span = Math.max(R, P) - 1;
  for (let d = -span; d <= span; d++) {
    const alongRow = Math.abs(d) <= P - 1 ? finite(rel[(R - 1) * W + (d + P - 1)]) : null;
    const alongPosition = Math.abs(d) <= R - 1 ? finite(rel[(d + R - 1) * W + (P - 1)]) : null;
    out.push([d, alongRow, alongPosition]);
  }
  return out;
}

/** Transition counts by distance: Δposition for within-row moves, Δrow for cross-row moves. */
export function transitionDistanceRows(m: MetricsTables): CsvValue[][] {
  const { rows: R, positions: P } = m.shape;
  const span = Math.max(R, P) - 1;
  const within = new Float64Array(2 * span + 1);
  const cross = new Float64Array(2 * span + 1);
  for (let a = 0; a < P; a++)
    for (let b = 0; b < P; b++) within[b - a + span] = within[b - a + span]! + m.transitions.withinRow[a * P + b]!;
  for (let a = 0; a < R; a++) for (let b = 0; b < R; b++) cross[b - a + span] = cross[b - a + span]! + m.transitions.crossRow[a * R + b]!;
  return range(2 * span + 1)
    .filter((i) => i !== span)
    .map((i) => [i - span, within[i]!, cross[i]!]);
}

export function figureTables(
  m: MetricsTables,
  clickModels: { pbm: ClickModelFit; oepbm: ClickModelFit } | null,
  screens: readonly ScreenSummary[],
  maxLostPct: number | null,
): FigureTable[] {
  const { rows: R, positions: P, columns: C } = m.shape;
  const d = m.dwell;
  const out: FigureTable[] = [
    {
      id: 'dwell-row',
      title: 'Dwell per row (tiles + title)',
      header: ['row', 'dwell_ms', 'fixations'],
      rows: range(R).map((r) => [r + 1, d.rowDwellMs[r]!, d.rowCount[r]!]),
      chart: { kind: 'bar', x: 0, ys: [1], yLabel: 'dwell (ms)' },
    },
    {
      id: 'dwell-column',
      title: 'Dwell per visible column (tiles)',
      header: ['column', 'dwell_ms', 'fixations'],
      rows: range(C).map((c) => [c + 1, d.columnDwellMs[c]!, d.columnCount[c]!]),
      chart: { kind: 'bar', x: 0, ys: [1], yLabel: 'dwell (ms)' },
    },
    {
      id: 'title-tile',
      title: 'Title vs tile share of row dwell',
      header: ['aoi', 'share', 'dwell_ms'],
      rows: [
        ['title', finite(d.titleShare), d.typeDwellMs.Genre],
        ['tile', finite(d.tileShare), d.typeDwellMs.Movie],
      ],
      chart: { kind: 'bar', x: 0, ys: [1], yLabel: 'share' },
    },
    {
      id: 'ttff-row',
      title: 'Time to first fixation per row',
      header: ['row', 'ttff_mean_ms', 'screens_fixated'],
      rows: range(R).map((r) => [r + 1, finite(m.firstFixation.rowMeanMs[r]), m.firstFixation.rowScreens[r]!]),
      chart: { kind: 'bar', x: 0, ys: [1], yLabel: 'mean TTFF (ms)' },
    },
    {
      id: 'entry-column',
      title: 'Entry points: column of the first tile fixation',
      header: ['column', 'screens'],
      rows: range(C).map((c) => [c + 1, m.entry.column[c]!]),
      chart: { kind: 'bar', x: 0, ys: [1], yLabel: 'screens' },
    },
    {
      id: 'entry-row',
      title: 'Entry points: row of the first tile fixation',
      header: ['row', 'screens'],
      rows: range(R).map((r) => [r + 1, m.entry.row[r]!]),
      chart: { kind: 'bar', x: 0, ys: [1], yLabel: 'screens' },
    },
    {
      id: 'transitions',
      title: 'Transitions by distance (within row: Δposition; across rows: Δrow)',
      header: ['distance', 'within_row', 'cross_row'],
      rows: transitionDistanceRows(m),
      chart: { kind: 'bar', x: 0, ys: [1, 2], yLabel: 'transitions' },
    },
    {
      id: 'before-swipe',
      title: 'What precedes a swipe (AOI of the last fixation)',
      header: ['aoi', 'swipes'],
      rows: [...AOI_TYPES.map((t) => [t, m.swipes.precedingType[t]]), ['none', m.swipes.precedingType.none]],
      chart: { kind: 'bar', x: 0, ys: [1], yLabel: 'swipes' },
    },
    {
      id: 'l-pattern',
      title: 'L-pattern: examination probability around the clicked item',
      header: ['offset', 'same_row_by_dposition', 'same_position_by_drow'],
      rows: lPatternRows(m),
      chart: { kind: 'line', x: 0, ys: [1, 2], yLabel: 'P(examined)' },
    },
    {
      id: 'ctr-position',
      title: 'CTR given examination per position',
      header: ['position', 'ctr_given_examination', 'screens_examined', 'clicks_when_examined'],
      rows: range(P).map((p) => [p + 1, finite(m.ctr.positionCtr[p]), m.ctr.positionExamined[p]!, m.ctr.positionClicksExamined[p]!]),
      chart: { kind: 'bar', x: 0, ys: [1], yLabel: 'CTR | examined' },
    },
  ];
  if (clickModels) {
    out.push({
      id: 'click-models',
      title: 'Click models: mean log-likelihood per impression (higher is better)',
      header: ['model', 'mean_log_likelihood', 'log_likelihood', 'impressions', 'clicks'],
      rows: [clickModels.pbm, clickModels.oepbm].map((f) => [
        f.model,
        finite(f.meanLogLikelihood),
        finite(f.logLikelihood),
        f.impressions,
        f.clicks,
      ]),
      chart: { kind: 'bar', x: 0, ys: [1], yLabel: 'mean log-likelihood' },
    });
  }
  const quality: FigureTable = {
    id: 'quality',
    title: 'Per-screen data quality (% gaze samples lost)',
    header: ['screen', 'participant_id', 'task_id', 'task', 'lost_pct', 'achieved_hz', 'samples', 'fixations'],
    rows: screens.map((s, i) => [
      i + 1,
      s.participantId,
      s.taskId,
      s.task,
      finite(s.quality?.lostPct),
      finite(s.quality?.achievedHz ?? undefined),
      s.quality?.samples ?? null,
      s.fixations,
    ]),
    chart: { kind: 'bar', x: 0, ys: [4], yLabel: '% lost' },
  };
  if (maxLostPct !== null) quality.chart!.reference = { value: maxLostPct, label: `threshold ${maxLostPct}%` };
  out.push(quality);
  return out;
}

export type GridMeasure = 'dwell' | 'fixations' | 'ttff' | 'examined' | 'entry';

export const GRID_MEASURES: Record<GridMeasure, string> = {
  dwell: 'dwell (ms)',
  fixations: 'fixations',
  ttff: 'mean TTFF (ms)',
  examined: 'screens examined',
  entry: 'entry count',
};

/** The row × position grid of one measure as R rows of P values (NaN where undefined). */
export function gridValues(m: MetricsTables, measure: GridMeasure): number[][] {
  const src = {
    dwell: m.dwell.cellDwellMs,
    fixations: m.dwell.cellCount,
    ttff: m.firstFixation.cellMeanMs,
    examined: m.ctr.cellExamined,
    entry: m.entry.cell,
  }[measure];
  const P = m.shape.positions;
  return range(m.shape.rows).map((r) => range(P).map((p) => src[r * P + p]!));
}

/** The grid as a long table for CSV. */
export function gridTable(m: MetricsTables, measure: GridMeasure): FigureTable {
  const v = gridValues(m, measure);
  const rows: CsvValue[][] = [];
  v.forEach((line, r) => line.forEach((x, p) => rows.push([r + 1, p + 1, finite(x)])));
  return {
    id: `grid-${measure}`,
    title: `Row × position: ${GRID_MEASURES[measure]}`,
    header: ['row', 'position', measure],
    rows,
    chart: null,
  };
}
