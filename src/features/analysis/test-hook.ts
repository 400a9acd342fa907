// window.__analysisTest: read-only state of the rendered heatmap for Playwright (no behaviour).
import type { HeatmapMode } from '../../../analysis/heatmap.ts';
import type { AnalysisFilter } from '../../../analysis/pipeline.ts';
import { useAnalysisStore, type AnalysisState } from './analysis-store.ts';
import type { Peak } from './worker-protocol.ts';

export interface HeatmapTestState {
  peak: Peak | null;
  max: number;
  total: number;
  points: number;
  mode: HeatmapMode;
  /** Gaussian σ in canvas px actually used. */
  sigmaPx: number;
  filters: AnalysisFilter;
  screens: number;
}

/** Where the time of the last analysis went, ms (for the analysis-view benchmark). */
export interface RunTimings {
  load: number;
  analyse: number;
  view: number;
}

export interface AnalysisTestHook {
  readonly ready: boolean;
  heatmap(): HeatmapTestState | null;
  timings(): RunTimings | null;
}

declare global {
  interface Window {
    __analysisTest?: AnalysisTestHook;
  }
}

export function isReady(s: AnalysisState): boolean {
  return s.status === 'ready' && !s.viewPending && s.view !== null;
}

export function heatmapTestState(s: AnalysisState): HeatmapTestState | null {
  const p = s.view?.heatmaps[0];
  if (!s.view || !p) return null;
  return {
    peak: p.peak,
    max: p.grid.max,
    total: p.grid.totalWeight,
    points: p.grid.points,
    mode: p.grid.mode,
    sigmaPx: p.grid.sigmaPx,
    filters: s.view.filter,
    screens: s.view.screenIndexes.length,
  };
}

export function installTestHook(): () => void {
  window.__analysisTest = {
    get ready() {
      return isReady(useAnalysisStore.getState());
    },
    heatmap: () => heatmapTestState(useAnalysisStore.getState()),
    timings: () => {
      const { summary, view } = useAnalysisStore.getState();
      return summary && view ? { load: summary.loadMs, analyse: summary.totalMs, view: view.computeMs } : null;
    },
  };
  return () => {
    delete window.__analysisTest;
  };
}
