// The analysis result as flat, named tables (for CSV files and downloads). Column names are
// stable; cells are written by the app's one CSV writer (core/csv/write.ts): missing values as NA
// like the RecGaze files, numbers with at most 6 decimals, text formula-guarded unless asked not to.
import { toCsv as writeCsv, type CsvValue, type CsvWriteOptions } from '../core/csv/write.ts';
import type { AnalysisRun } from './pipeline.ts';

export type Cell = CsvValue;
export interface Table {
  name: string;
  columns: string[];
  rows: Cell[][];
}

/** A result table as a CSV document. */
export function toCsv(table: Pick<Table, 'columns' | 'rows'>, options: CsvWriteOptions = {}): string {
  return writeCsv(table.columns, table.rows, options);
}

/**
 * README.md for a set of result tables (the analysis view's zip, the CLI's output folder): each file
 * with its columns and the Python and R lines that read it.
 */
export function resultTablesReadme(tables: readonly Table[], formulaGuard = true): string {
  const lines = [
    '# Analysis result tables (Carousel Gaze Lab)',
    '',
    'One CSV per table: CRLF line ends, `NA` for missing values, numbers with at most 6 decimals, `TRUE`/`FALSE`.',
    formulaGuard
      ? "Text cells that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) start with an extra `'`."
      : 'Text is written as it is (no formula guard).',
    '',
    '| file | columns |',
    '|---|---|',
    ...tables.map((t) => `| \`${t.name}.csv\` | ${t.columns.map((c) => `\`${c}\``).join(', ')} |`),
    '',
    '```python',
    'import pandas as pd',
    ...tables.map((t) => `${t.name} = pd.read_csv("${t.name}.csv", keep_default_na=False, na_values=["NA"])`),
    '```',
    '',
    '```r',
    ...tables.map((t) => `${t.name} <- read.csv("${t.name}.csv", na.strings = "NA", encoding = "UTF-8")`),
    '```',
    '',
  ];
  return lines.join('\n');
}

export function resultTables(run: AnalysisRun): Table[] {
  const { shape } = run.params;
  const m = run.metrics;
  const P = shape.positions;
  const tables: Table[] = [];

  tables.push({
    name: 'screens',
    columns: [
      'session_id',
      'participant_id',
      'task_id',
      'task',
      'gaze_source',
      'samples',
      'lost',
      'lost_pct',
      'interval_median_ms',
      'interval_iqr_ms',
      'achieved_hz',
      'face_lost_ms',
      'duration_ms',
      'fixations',
      'pre_labelled',
      'algorithm',
      'dispersion_px',
      'velocity_deg_per_s',
      'min_duration_ms',
      'px_per_deg',
      'px_per_deg_assumed',
    ],
    rows: run.screens.map((s) => {
      const q = s.quality;
      const d = s.detection;
      return [
        s.sessionId,
        s.participantId,
        s.taskId,
        s.task,
        s.gazeSource,
        q?.samples,
        q?.lost,
        q?.lostPct,
        q?.intervalMedianMs,
        q?.intervalIqrMs,
        q?.achievedHz,
        q?.faceLostMs,
        q?.durationMs,
        s.fixations,
        s.preLabelled,
        d?.algorithm,
        d?.algorithm === 'idt' ? d.dispersionPx : null,
        d?.algorithm === 'ivt' ? d.velocityDegPerS : null,
        d?.minDurationMs,
        d?.pxPerDeg,
        d?.pxPerDegAssumed,
      ];
    }),
  });

  const fx = run.fixations;
  const fixRows: Cell[][] = [];
  for (let i = 0; i < fx.length; i++) {
    const s = run.screens[fx.screen[i]!]!;
    const a = fx.aoi[i]!;
    const c = fx.aoiClosest[i]!;
    fixRows.push([
      s.participantId,
      s.taskId,
      s.task,
      fx.t[i],
      fx.durationMs[i],
      fx.x[i],
      fx.y[i],
      fx.scrollY[i],
      fx.cx[i],
      fx.cy[i],
      a.type,
      a.row,
      a.position,
      a.column,
      a.page,
      a.movieId,
      a.genre,
      c.type,
      c.row,
      c.position,
      c.column,
      c.movieId,
    ]);
  }
  tables.push({
    name: 'fixations',
    columns: [
      'participant_id',
      'task_id',
      'task',
      't_ms',
      'duration_ms',
      'viewport_x',
      'viewport_y',
      'scroll_y',
      'stimulus_x',
      'stimulus_y',
      'aoi_type',
      'aoi_row',
      'aoi_position',
      'aoi_column',
      'aoi_page',
      'aoi_movie_id',
      'aoi_genre',
      'closest_type',
      'closest_row',
      'closest_position',
      'closest_column',
      'closest_movie_id',
    ],
    rows: fixRows,
  });

  const cellRows: Cell[][] = [];
  for (let r = 0; r < shape.rows; r++) {
    for (let p = 0; p < P; p++) {
      const c = r * P + p;
      cellRows.push([
        r + 1,
        p + 1,
        m.dwell.cellCount[c],
        m.dwell.cellDwellMs[c],
        m.firstFixation.cellMeanMs[c],
        m.firstFixation.cellScreens[c],
        m.entry.cell[c],
        m.ctr.cellExamined[c],
        m.ctr.cellClicks[c],
        m.ctr.cellClicksExamined[c],
      ]);
    }
  }
  tables.push({
    name: 'cells',
    columns: [
      'row',
      'position',
      'fixations',
      'dwell_ms',
      'ttff_mean_ms',
      'screens_fixated',
      'entry_count',
      'screens_examined',
      'clicks',
      'clicks_when_examined',
    ],
    rows: cellRows,
  });

  tables.push({
    name: 'columns',
    columns: ['column', 'fixations', 'dwell_ms', 'entry_count', 'before_swipe_count', 'after_swipe_count'],
    rows: Array.from({ length: shape.columns }, (_, c) => [
      c + 1,
      m.dwell.columnCount[c],
      m.dwell.columnDwellMs[c],
      m.entry.column[c],
      m.swipes.precedingColumn[c],
      m.swipes.followingColumn[c],
    ]),
  });

  tables.push({
    name: 'rows',
    columns: ['row', 'fixations', 'dwell_ms', 'ttff_mean_ms', 'screens_fixated', 'entry_count'],
    rows: Array.from({ length: shape.rows }, (_, r) => [
      r + 1,
      m.dwell.rowCount[r],
      m.dwell.rowDwellMs[r],
      m.firstFixation.rowMeanMs[r],
      m.firstFixation.rowScreens[r],
      m.entry.row[r],
    ]),
  });

  const totalDwell = Object.values(m.dwell.typeDwellMs).reduce((a, b) => a + b, 0);
  tables.push({
    name: 'aoi_types',
    columns: ['aoi_type', 'fixations', 'dwell_ms', 'dwell_share', 'first_fixation_count', 'before_swipe_count'],
    rows: (['Movie', 'Genre', 'Forward', 'Backward', 'Background'] as const).map((t) => [
      t,
      m.dwell.typeCount[t],
      m.dwell.typeDwellMs[t],
      totalDwell > 0 ? m.dwell.typeDwellMs[t] / totalDwell : null,
      m.entry.firstType[t],
      m.swipes.precedingType[t],
    ]),
  });

  tables.push({
    name: 'summary',
    columns: ['measure', 'value'],
    rows: [
      ['screens', run.screens.length],
      ['participants', run.participants.length],
      ['gaze_samples', run.samples],
      ['fixations', fx.length],
      ['title_share_of_row_dwell', m.dwell.titleShare],
      ['tile_share_of_row_dwell', m.dwell.tileShare],
      ['within_row_transitions', m.transitions.withinRowCount],
      ['cross_row_transitions', m.transitions.crossRowCount],
      ['swipes', m.swipes.swipes],
      ['swipes_preceded_by_fixation_on_same_row', m.swipes.precedingSameRow],
      ['swipes_without_preceding_fixation', m.swipes.precedingType.none],
      ['screens_with_selection', m.clickConditioned.screens],
      ['algorithm', run.params.algorithm],
      ['aoi_rule', run.params.aoiRule],
      ['aoi_radius_px_at_1920', run.params.aoiRadiusPx],
      ['max_gap_ms', run.params.preprocess.maxGapMs],
      ['median_window', run.params.preprocess.medianWindow],
      ['resample_hz', run.params.preprocess.resampleHz],
      ['heatmap_sigma_px', run.heatmap.sigmaPx],
      ['heatmap_cell_px', run.heatmap.cellPx],
      // TRUE only when some screen's fixations came pre-labelled (RecGaze CSVs) and were placed at AOI centres.
      ['pre_labelled_fixations_at_aoi_centre', run.params.preLabelledAtAoiCentre && run.screens.some((s) => s.preLabelled)],
    ],
  });

  const within: Cell[][] = [];
  for (let a = 0; a < P; a++)
    for (let b = 0; b < P; b++) if (m.transitions.withinRow[a * P + b]) within.push([a + 1, b + 1, m.transitions.withinRow[a * P + b]]);
  tables.push({ name: 'transitions_within_row', columns: ['from_position', 'to_position', 'count'], rows: within });
  const cross: Cell[][] = [];
  const R = shape.rows;
  for (let a = 0; a < R; a++)
    for (let b = 0; b < R; b++) if (m.transitions.crossRow[a * R + b]) cross.push([a + 1, b + 1, m.transitions.crossRow[a * R + b]]);
  tables.push({ name: 'transitions_cross_row', columns: ['from_row', 'to_row', 'count'], rows: cross });

  const cc: Cell[][] = [];
  for (const g of m.clickConditioned.byClick) {
    for (let c = 0; c < R * P; c++)
      cc.push([g.row, g.position, g.screens, Math.floor(c / P) + 1, (c % P) + 1, g.examined[c], g.examined[c]! / g.screens]);
  }
  tables.push({
    name: 'click_conditioned_examination',
    columns: ['click_row', 'click_position', 'screens', 'row', 'position', 'screens_examined', 'examination_probability'],
    rows: cc,
  });
  const rel: Cell[][] = [];
  const W = 2 * P - 1;
  for (let i = 0; i < m.clickConditioned.relative.length; i++) {
    if (!m.clickConditioned.relativeOpportunities[i]) continue;
    rel.push([Math.floor(i / W) - (R - 1), (i % W) - (P - 1), m.clickConditioned.relativeOpportunities[i], m.clickConditioned.relative[i]]);
  }
  tables.push({
    name: 'click_conditioned_relative',
    columns: ['d_row', 'd_position', 'opportunities', 'examination_probability'],
    rows: rel,
  });

  tables.push({
    name: 'ctr_by_position',
    columns: ['position', 'screens_examined', 'clicks', 'clicks_when_examined', 'ctr_given_examination'],
    rows: Array.from({ length: P }, (_, p) => [
      p + 1,
      m.ctr.positionExamined[p],
      m.ctr.positionClicks[p],
      m.ctr.positionClicksExamined[p],
      m.ctr.positionCtr[p],
    ]),
  });

  if (run.clickModels) {
    const { pbm, oepbm } = run.clickModels;
    tables.push({
      name: 'click_models',
      columns: ['model', 'log_likelihood', 'mean_log_likelihood', 'impressions', 'clicks', 'iterations', 'epsilon'],
      rows: [pbm, oepbm].map((f) => [f.model, f.logLikelihood, f.meanLogLikelihood, f.impressions, f.clicks, f.iterations, f.epsilon]),
    });
    tables.push({
      name: 'click_model_examination',
      columns: ['row', 'position', 'pbm_examination', 'oepbm_examination'],
      rows: Array.from({ length: R * P }, (_, c) => [Math.floor(c / P) + 1, (c % P) + 1, pbm.theta[c], oepbm.theta[c]]),
    });
  }
  return tables;
}
