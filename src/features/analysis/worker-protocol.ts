// Messages between the analysis view and its worker. Plain data only (structured clone), heatmap
// grids travel with their Float32Array buffers transferred.
import type { ClickModelFit } from '../../../analysis/click-models.ts';
import type { HeatmapGrid, HeatmapOptions } from '../../../analysis/heatmap.ts';
import type { MetricsTables } from '../../../analysis/metrics.ts';
import type { AnalysisFilter, PipelineStage, ScreenSummary } from '../../../analysis/pipeline.ts';
import type { TaskType } from '../../../core/events.ts';
import type { CompareBy } from './filter-state.ts';
import type { PosterPage } from './poster-page.ts';
import type { Scanpath } from './scanpath.ts';
import type { AnswerCount } from './survey-summary.ts';
import type { ServerSource } from './server-source.ts';

export interface DemoSpec {
  participants: number;
  screens: number;
  seed: number;
  secondsPerScreen?: number;
}

/** What to analyse: the demo dataset, recorded sessions and imported datasets, by id. */
export interface SourceSelection {
  demo: DemoSpec | null;
  sessionIds: string[];
  datasetIds: string[];
  /** A study on the study server (server-source.ts). */
  server?: ServerSource | null;
}

export interface RunSummary {
  screens: ScreenSummary[];
  participants: string[];
  gazeSources: string[];
  tasks: TaskType[];
  taskIds: number[];
  samples: number;
  fixations: number;
  /** Reading the sources (IndexedDB, imports, the demo), ms; 0 until the worker fills it in. */
  loadMs: number;
  /** The analysis of what was read, ms. */
  totalMs: number;
  timings: Record<PipelineStage, number>;
  /** Canvas px per degree used for σ in degrees. */
  pxPerDeg: number;
  hasSurveys: boolean;
}

export interface Peak {
  /** Canvas px (centre of the densest cell). */
  x: number;
  y: number;
}

export interface HeatmapPanel {
  label: string;
  grid: HeatmapGrid;
  peak: Peak | null;
  /** Colour-scale maximum (shared by the comparison panels). */
  scaleMax: number;
}

export interface ViewRequest {
  filter: AnalysisFilter;
  heatmap: HeatmapOptions;
  compare: CompareBy;
}

export interface ClickModels {
  pbm: ClickModelFit;
  oepbm: ClickModelFit;
}

export interface ViewResult {
  filter: AnalysisFilter;
  /** [0] all screens passing the filter; then one panel per compared condition. */
  heatmaps: HeatmapPanel[];
  metrics: MetricsTables;
  /** Indexes into RunSummary.screens of the screens passing the filter. */
  screenIndexes: number[];
  surveys: AnswerCount[];
  computeMs: number;
}

export interface ScanpathResult {
  screenIndex: number;
  scanpath: Scanpath;
  /** Heatmap of this screen's fixations in its document px (null without fixations). */
  heatmap: HeatmapPanel | null;
  /** The real carousel page of this screen, for drawing posters under the heatmap. */
  page: PosterPage | null;
}

export type WorkerRequest =
  /** `heatmap`: the options of the first view (it then reuses the run's heatmap). */
  | { type: 'analyse'; id: number; sources: SourceSelection; heatmap?: HeatmapOptions }
  | { type: 'view'; id: number; request: ViewRequest }
  | { type: 'scanpath'; id: number; screenIndex: number; heatmap: HeatmapOptions }
  | { type: 'clickModels'; id: number; filter: AnalysisFilter }
  | { type: 'tablesZip'; id: number };

export type WorkerResponse =
  | { type: 'progress'; id: number; stage: PipelineStage | 'load' | 'generate'; done: number; total: number }
  | { type: 'analysed'; id: number; summary: RunSummary }
  | { type: 'view'; id: number; view: ViewResult }
  | { type: 'scanpath'; id: number; result: ScanpathResult }
  /** null when the filtered screens hold no clicks to fit. */
  | { type: 'clickModels'; id: number; fit: ClickModels | null }
  /** Every result table of the run (analysis/tables.ts) as CSV files in a zip. */
  | { type: 'tablesZip'; id: number; zip: Uint8Array }
  | { type: 'error'; id: number; message: string };
