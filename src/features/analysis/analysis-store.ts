// The analysis view's one store: chosen filters and heatmap options, the worker's results and
// progress. State transitions are the pure functions of filter-state.ts; this file only wires them
// to the worker.
import { create } from 'zustand';
import { saveBlob } from './figure-export.ts';
import {
  EMPTY_FILTER,
  DEFAULT_HEATMAP_VIEW,
  filterReducer,
  heatmapOptionsOf,
  toAnalysisFilter,
  type FilterAction,
  type FilterState,
  type HeatmapViewState,
} from './filter-state.ts';
import type { AnalysisRequester, ProgressMessage } from './worker-client.ts';
import type { AnalysisFilter } from '../../../analysis/pipeline.ts';
import type { ClickModels, RunSummary, ScanpathResult, SourceSelection, ViewResult } from './worker-protocol.ts';

export type RunStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface AnalysisState {
  status: RunStatus;
  progress: { stage: ProgressMessage['stage']; done: number; total: number } | null;
  error: string | null;
  sources: SourceSelection | null;
  summary: RunSummary | null;
  view: ViewResult | null;
  viewPending: boolean;
  /** Click models of the current view's filter; undefined while they are fitted. */
  clickModels: ClickModels | null | undefined;
  filter: FilterState;
  heatmapView: HeatmapViewState;
  scanpath: ScanpathResult | null;
  scanpathScreen: number | null;
}

export interface AnalysisActions {
  attach(client: AnalysisRequester | null): void;
  analyse(sources: SourceSelection): Promise<void>;
  dispatchFilter(action: FilterAction): void;
  setHeatmapView(next: HeatmapViewState): void;
  openScanpath(screenIndex: number | null): void;
  /** Saves every result table of the run as a zip of CSV files. */
  downloadTables(): Promise<void>;
  reset(): void;
}

const initial: AnalysisState = {
  status: 'idle',
  progress: null,
  error: null,
  sources: null,
  summary: null,
  view: null,
  viewPending: false,
  clickModels: undefined,
  filter: EMPTY_FILTER,
  heatmapView: DEFAULT_HEATMAP_VIEW,
  scanpath: null,
  scanpathScreen: null,
};

let client: AnalysisRequester | null = null;
let viewSeq = 0;
let runSeq = 0;
let scanSeq = 0;
let clickSeq = 0;

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export const useAnalysisStore = create<AnalysisState & AnalysisActions>()((set, get) => {
  const requestView = () => {
    const s = get();
    if (!client || !s.summary) return;
    let heatmap;
    try {
      heatmap = heatmapOptionsOf(s.heatmapView);
    } catch (e) {
      set({ error: message(e) });
      return;
    }
    const id = ++viewSeq;
    const filter = toAnalysisFilter(s.filter);
    set({ viewPending: true, error: null });
    client.request({ type: 'view', request: { filter, heatmap, compare: s.heatmapView.compare } }).then(
      (r) => {
        if (id !== viewSeq) return;
        set({ view: r.view, viewPending: false });
        requestClickModels(filter);
      },
      (e) => {
        if (id === viewSeq) set({ viewPending: false, error: message(e) });
      },
    );
  };
  const requestClickModels = (filter: AnalysisFilter) => {
    if (!client) return;
    const id = ++clickSeq;
    set({ clickModels: undefined });
    client.request({ type: 'clickModels', filter }).then(
      (r) => {
        if (id === clickSeq) set({ clickModels: r.fit });
      },
      (e) => {
        if (id === clickSeq) set({ clickModels: null, error: message(e) });
      },
    );
  };
  const requestScanpath = () => {
    const s = get();
    if (!client || s.scanpathScreen === null) return;
    let heatmap;
    try {
      heatmap = heatmapOptionsOf(s.heatmapView);
    } catch {
      return;
    }
    const id = ++scanSeq;
    client.request({ type: 'scanpath', screenIndex: s.scanpathScreen, heatmap }).then(
      (r) => {
        if (id === scanSeq) set({ scanpath: r.result });
      },
      (e) => {
        if (id === scanSeq) set({ scanpath: null, error: message(e) });
      },
    );
  };
  return {
    ...initial,
    attach(c) {
      client = c;
    },
    async analyse(sources) {
      if (!client) return;
      const id = ++runSeq;
      set({
        status: 'loading',
        sources,
        progress: { stage: 'load', done: 0, total: 1 },
        error: null,
        view: null,
        summary: null,
        scanpath: null,
        scanpathScreen: null,
        filter: EMPTY_FILTER,
      });
      try {
        let heatmap;
        try {
          heatmap = heatmapOptionsOf(get().heatmapView);
        } catch {
          heatmap = undefined; // the view reports the bad σ itself
        }
        const r = await client.request(heatmap ? { type: 'analyse', sources, heatmap } : { type: 'analyse', sources }, (p) => {
          if (id === runSeq) set({ progress: { stage: p.stage, done: p.done, total: p.total } });
        });
        if (id !== runSeq) return;
        set({ status: 'ready', summary: r.summary, progress: null });
        requestView();
      } catch (e) {
        if (id === runSeq) set({ status: 'error', error: message(e), progress: null });
      }
    },
    dispatchFilter(action) {
      try {
        set({ filter: filterReducer(get().filter, action) });
      } catch (e) {
        set({ error: message(e) });
        return;
      }
      requestView();
    },
    setHeatmapView(next) {
      set({ heatmapView: next });
      requestView();
      requestScanpath();
    },
    openScanpath(screenIndex) {
      set({ scanpathScreen: screenIndex, scanpath: null });
      requestScanpath();
    },
    async downloadTables() {
      if (!client || !get().summary) return;
      try {
        const r = await client.request({ type: 'tablesZip' });
        saveBlob('analysis-tables.zip', new Blob([r.zip as Uint8Array<ArrayBuffer>], { type: 'application/zip' }));
      } catch (e) {
        set({ error: message(e) });
      }
    },
    reset() {
      viewSeq++;
      runSeq++;
      clickSeq++;
      scanSeq++;
      set(initial);
    },
  };
});
