// The analysis worker: loads the chosen sources, runs the pipeline and answers view / scanpath
// requests. Requests are handled one at a time in arrival order.
import { AnalysisEngine } from './analysis-engine.ts';
import { loadSources } from './load-sources.ts';
import type { HeatmapPanel, WorkerRequest, WorkerResponse } from './worker-protocol.ts';

const engine = new AnalysisEngine();
const scope = self as unknown as {
  postMessage(m: WorkerResponse, transfer?: Transferable[]): void;
  onmessage: ((e: MessageEvent<WorkerRequest>) => void) | null;
};
const post = (m: WorkerResponse, transfer: Transferable[] = []) => scope.postMessage(m, transfer);
const buffers = (panels: readonly (HeatmapPanel | null)[]): Transferable[] =>
  panels.flatMap((p) => (p ? [p.grid.data.buffer as ArrayBuffer] : []));

let queue: Promise<void> = Promise.resolve();

async function handle(req: WorkerRequest): Promise<void> {
  try {
    switch (req.type) {
      case 'analyse': {
        const t0 = performance.now();
        const sources = await loadSources(req.sources, (stage, done, total) => post({ type: 'progress', id: req.id, stage, done, total }));
        const loadMs = performance.now() - t0;
        const screens = sources.dataset.sessions.reduce((n, s) => n + s.screens.length, 0);
        if (!screens) throw new Error('The chosen sources hold no recorded screens to analyse.');
        post({ type: 'progress', id: req.id, stage: 'fixations', done: 0, total: screens });
        const summary = engine.analyse(sources, (p) => post({ type: 'progress', id: req.id, ...p }), req.heatmap);
        post({ type: 'analysed', id: req.id, summary: { ...summary, loadMs } });
        break;
      }
      case 'view': {
        const view = engine.view(req.request);
        post({ type: 'view', id: req.id, view }, buffers(view.heatmaps));
        break;
      }
      case 'clickModels':
        post({ type: 'clickModels', id: req.id, fit: engine.clickModels(req.filter) });
        break;
      case 'tablesZip': {
        const zip = engine.tablesZip();
        post({ type: 'tablesZip', id: req.id, zip }, [zip.buffer as ArrayBuffer]);
        break;
      }
      case 'scanpath': {
        const result = engine.scanpath(req.screenIndex, req.heatmap);
        post({ type: 'scanpath', id: req.id, result }, buffers([result.heatmap]));
        break;
      }
    }
  } catch (e) {
    post({ type: 'error', id: req.id, message: e instanceof Error ? e.message : String(e) });
  }
}

scope.onmessage = (e) => {
  queue = queue.then(() => handle(e.data));
};
