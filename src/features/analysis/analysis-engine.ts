// What the worker does, without the worker: holds the analysed dataset and answers view and
// scanpath requests. Pure (no DOM, no IndexedDB), so it is unit-tested in Node.
import { strToU8, zipSync } from 'fflate';
import { resultTables, resultTablesReadme, toCsv } from '../../../analysis/tables.ts';
import type { AnalysisDataset, AnalysisScreen, AnalysisSession } from '../../../analysis/dataset.ts';
import { buildClickLog, fitOepbm, fitPbm } from '../../../analysis/click-models.ts';
import { DEFAULT_PX_PER_DEG } from '../../../analysis/fixations.ts';
import { computeHeatmap, sharedScaleMax, type HeatmapGrid, type HeatmapOptions } from '../../../analysis/heatmap.ts';
import { computeMetrics } from '../../../analysis/metrics.ts';
import {
  analyseDataset,
  heatmapForFilter,
  screenFixationsOf,
  summaryPasses,
  type AnalysisFilter,
  type AnalysisRun,
  type PipelineOptions,
  type PipelineProgress,
} from '../../../analysis/pipeline.ts';
import type { TaskType } from '../../../core/events.ts';
import type { Catalogue } from '../../../core/study-config/schema.ts';
import { posterPageOf } from './poster-page.ts';
import { buildScanpath } from './scanpath.ts';
import { summariseSurveys, type SessionAnswers } from './survey-summary.ts';
import type { ClickModels, HeatmapPanel, Peak, RunSummary, ScanpathResult, ViewRequest, ViewResult } from './worker-protocol.ts';

export interface LoadedSources {
  dataset: AnalysisDataset;
  answers: SessionAnswers[];
  /** Catalogue each session's study used, by session id (the built-in RecGaze one when absent). */
  catalogues?: Record<string, Catalogue>;
}

const TASK_ORDER: TaskType[] = ['practice', 'free_browsing', 'semi_free', 'direct_search'];
export const TASK_LABELS: Record<TaskType, string> = {
  practice: 'practice',
  free_browsing: 'free browsing',
  semi_free: 'semi-free',
  direct_search: 'direct search',
};

/** Centre of the densest cell, in the grid's px; null for an empty grid. */
export function heatmapPeak(grid: HeatmapGrid): Peak | null {
  if (!(grid.max > 0)) return null;
  let best = 0;
  for (let i = 1; i < grid.data.length; i++) if (grid.data[i]! > grid.data[best]!) best = i;
  return { x: ((best % grid.cols) + 0.5) * grid.cellPx, y: (Math.floor(best / grid.cols) + 0.5) * grid.cellPx };
}

const panel = (label: string, grid: HeatmapGrid, scaleMax = grid.max): HeatmapPanel => ({ label, grid, peak: heatmapPeak(grid), scaleMax });

export class AnalysisEngine {
  private run: AnalysisRun | null = null;
  private sources: LoadedSources | null = null;
  private screenRefs: { session: AnalysisSession; screen: AnalysisScreen }[] = [];
  private clickCache = new Map<string, ClickModels | null>();
  /** Heatmap options the run's own heatmap was computed with. */
  private runHeatmap = '';

  /**
   * `heatmap`: the options the first view will ask for, so that view reuses the run's heatmap.
   * Click models are fitted when first asked for (they are the slowest table).
   */
  analyse(sources: LoadedSources, onProgress?: (p: PipelineProgress) => void, heatmap: HeatmapOptions = {}): RunSummary {
    const t0 = performance.now();
    const options: PipelineOptions = { skipClickModels: true, heatmap };
    if (onProgress) options.onProgress = onProgress;
    const run = analyseDataset(sources.dataset, options);
    this.run = run;
    this.runHeatmap = JSON.stringify(heatmap);
    this.sources = sources;
    this.clickCache.clear();
    const byKey = new Map<string, { session: AnalysisSession; screen: AnalysisScreen }>();
    for (const session of sources.dataset.sessions)
      for (const screen of session.screens) byKey.set(`${session.id}\u0000${screen.taskId}`, { session, screen });
    this.screenRefs = run.screens.map((s) => byKey.get(`${s.sessionId}\u0000${s.taskId}`)!);
    const tasks = new Set(run.screens.map((s) => s.task));
    return {
      screens: run.screens,
      participants: run.participants,
      gazeSources: [...new Set(run.screens.map((s) => s.gazeSource))].sort(),
      tasks: TASK_ORDER.filter((t) => tasks.has(t)),
      taskIds: [...new Set(run.screens.map((s) => s.taskId))].sort((a, b) => a - b),
      samples: run.samples,
      fixations: run.fixations.length,
      loadMs: 0,
      totalMs: performance.now() - t0,
      timings: run.timings,
      pxPerDeg: DEFAULT_PX_PER_DEG,
      hasSurveys: sources.answers.length > 0,
    };
  }

  private need(): AnalysisRun {
    if (!this.run) throw new Error('nothing analysed yet: load a dataset or choose sources first');
    return this.run;
  }

  view(req: ViewRequest): ViewResult {
    const run = this.need();
    const t0 = performance.now();
    const filter = req.filter;
    // Every screen with the run's heatmap options: the run computed these already.
    const whole = Object.keys(filter).length === 0;
    const reuse = whole && JSON.stringify(req.heatmap) === this.runHeatmap;
    const mainGrid = reuse ? { ...run.heatmap, data: run.heatmap.data.slice() } : heatmapForFilter(run, filter, req.heatmap);
    const main = panel('All selected screens', mainGrid);
    const heatmaps: HeatmapPanel[] = [main];
    if (req.compare !== 'none') {
      const groups: { label: string; filter: AnalysisFilter }[] = [];
      if (req.compare === 'task') {
        const present = new Set(run.screens.filter((s) => summaryPasses(s, filter)).map((s) => s.task));
        for (const t of TASK_ORDER) if (present.has(t)) groups.push({ label: TASK_LABELS[t], filter: { ...filter, tasks: [t] } });
      } else {
        const present = [...new Set(run.screens.filter((s) => summaryPasses(s, filter)).map((s) => s.gazeSource))].sort();
        for (const g of present) groups.push({ label: `gaze: ${g}`, filter: { ...filter, gazeSources: [g] } });
      }
      const grids = groups.map((g) => heatmapForFilter(run, g.filter, req.heatmap));
      const shared = sharedScaleMax(grids);
      grids.forEach((g, i) => heatmaps.push(panel(groups[i]!.label, g, shared)));
    }
    const include = (s: (typeof run.screens)[number]) => summaryPasses(s, filter);
    const metrics = whole ? run.metrics : computeMetrics(screenFixationsOf(run, run.extras, run.params.aoiRule, include), run.params.shape);
    const screenIndexes = run.screens.filter(include).map((s) => s.index);
    const participants = new Set(screenIndexes.map((i) => run.screens[i]!.participantId));
    const surveys = summariseSurveys((this.sources?.answers ?? []).filter((a) => participants.has(a.participantId)));
    return { filter, heatmaps, metrics, screenIndexes, surveys, computeMs: performance.now() - t0 };
  }

  /** PBM and OEPBM fitted on the screens passing the filter (the slowest table: asked for separately, cached). */
  clickModels(filter: AnalysisFilter): ClickModels | null {
    const run = this.need();
    const key = JSON.stringify(filter);
    const cached = this.clickCache.get(key);
    if (cached !== undefined) return cached;
    let fit: ClickModels | null = run.clickModels;
    if (Object.keys(filter).length || !fit) {
      const perScreen = screenFixationsOf(run, run.extras, run.params.aoiRule, (s) => summaryPasses(s, filter));
      const items = new Map<string, number[][] | undefined>();
      for (const s of run.screens) items.set(`${s.sessionId}\u0000${s.taskId}`, run.extras[s.index]!.items);
      const log = buildClickLog(perScreen, run.params.shape, (s) => items.get(`${s.sessionId}\u0000${s.taskId}`));
      fit = log.clicked.length ? { pbm: fitPbm(log), oepbm: fitOepbm(log) } : null;
    }
    if (!Object.keys(filter).length) run.clickModels = fit;
    if (this.clickCache.size >= 32) this.clickCache.delete(this.clickCache.keys().next().value!);
    this.clickCache.set(key, fit);
    return fit;
  }

  /** All result tables of the run (every analysed screen, unfiltered) as a zip of CSV files. */
  tablesZip(): Uint8Array {
    const run = this.need();
    this.clickModels({});
    const tables = resultTables(run);
    const files: Record<string, Uint8Array> = { 'README.md': strToU8(resultTablesReadme(tables)) };
    for (const t of tables) files[`${t.name}.csv`] = strToU8(toCsv(t));
    return zipSync(files, { level: 6 });
  }

  scanpath(screenIndex: number, heatmap: HeatmapOptions): ScanpathResult {
    const run = this.need();
    const ref = this.screenRefs[screenIndex];
    if (!ref) throw new Error(`no analysed screen with index ${screenIndex}`);
    const scanpath = buildScanpath(run.fixations, screenIndex, ref.screen, ref.session.layout.itemsPerRow);
    const f = scanpath.fixations;
    const first = scanpath.layouts[0];
    const page = first
      ? posterPageOf(ref.session, ref.screen, first.boxes, first.viewport.w, this.sources?.catalogues?.[ref.session.id])
      : null;
    if (!f.length) return { screenIndex, scanpath, heatmap: null, page };
    // σ given at the 1920-px reference width scales with this screen's viewport width
    const vw = scanpath.layouts[0]?.viewport.w ?? 1920;
    const sigmaRef = heatmap.sigmaPx ?? (heatmap.sigmaDeg ?? 1.5) * (heatmap.pxPerDeg ?? DEFAULT_PX_PER_DEG);
    const grid = computeHeatmap(
      { x: f.map((p) => p.x), y: f.map((p) => p.y), durationMs: f.map((p) => p.durationMs) },
      {
        mode: heatmap.mode === 'count' ? 'count' : 'absolute',
        sigmaPx: (sigmaRef * vw) / 1920,
        cellPx: 4,
        width: Math.max(1, scanpath.width),
        height: Math.max(1, scanpath.height),
      },
    );
    return { screenIndex, scanpath, heatmap: panel('This screen', grid), page };
  }
}
