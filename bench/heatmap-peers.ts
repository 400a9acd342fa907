// Runs in Chromium on the app's origin after the analysis view has stored the seeded sessions'
// columns: the fixations of those sessions (the same ones the view drew) drawn on a canvas of the
// view's size by the app's heatmap and by its peers — a truncated-kernel splat, simpleheat and
// heatmap.js — each timed from the fixations to pixels on the canvas (read back, so drawing has
// really happened). Printed by bench/analysis-view-bench.ts.
import heatmapJsUrl from 'heatmap.js/build/heatmap.js?url';
import simpleheat from 'simpleheat';
import { computeHeatmap, HEATMAP_DEFAULTS, type HeatmapGrid } from '../analysis/heatmap.ts';
import { DEFAULT_PX_PER_DEG } from '../analysis/fixations.ts';
import { analyseDataset } from '../analysis/pipeline.ts';
import { CANVAS_HEIGHT, CANVAS_WIDTH } from '../core/coordinates.ts';
import { sessionToAnalysis } from '../format/to-analysis.ts';
import { renderHeatmap } from '../src/components/heatmap/render-heatmap.ts';
import { canvasBackground } from '../analysis/stimulus-background.ts';
import { listSessions } from '../src/db/sessions.ts';
import { recordedSessionColumns } from '../src/lib/recorded-columns.ts';
import { truncatedSplat } from './peers/truncated-splat.ts';

/** The view's main heatmap is drawn at a quarter of the 5760 × 3526 canvas. */
const SCALE = 0.25;
const W = Math.round(CANVAS_WIDTH * SCALE);
const H = Math.round(CANVAS_HEIGHT * SCALE);
const SIGMA = HEATMAP_DEFAULTS.sigmaDeg * DEFAULT_PX_PER_DEG;

type H337 = typeof import('heatmap.js').default;

export interface PeerResult {
  name: string;
  ms: number;
  note: string;
}

function canvas(): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.width = W;
  c.height = H;
  document.getElementById('stage')!.append(c);
  return c;
}

/** Reading a pixel back makes the canvas finish drawing. */
const flush = (c: HTMLCanvasElement) => c.getContext('2d')!.getImageData(0, 0, 1, 1);

function timed(name: string, note: string, fn: () => HTMLCanvasElement): PeerResult {
  const t0 = performance.now();
  const c = fn();
  flush(c);
  return { name, ms: performance.now() - t0, note };
}

/**
 * heatmap.js as the classic script it is: bundled as a module (strict mode) its `img.data = …`
 * on a read-only ImageData throws; as a plain script the assignment is the no-op it was written as.
 */
function loadHeatmapJs(): Promise<H337> {
  return new Promise((resolve, reject) => {
    const script = Object.assign(document.createElement('script'), { src: heatmapJsUrl });
    script.onload = () => resolve((window as unknown as { h337: H337 }).h337);
    script.onerror = () => reject(new Error(`could not load ${heatmapJsUrl}`));
    document.head.append(script);
  });
}

async function run(): Promise<{ fixations: number; results: PeerResult[] }> {
  const h337 = await loadHeatmapJs();
  const sessions = (await listSessions()).filter((s) => s.status === 'completed');
  const dataset = { sessions: [] as ReturnType<typeof sessionToAnalysis>[] };
  for (const s of sessions) dataset.sessions.push(sessionToAnalysis(s, await recordedSessionColumns(s), 'recorded'));
  const fx = analyseDataset(dataset, { skipClickModels: true }).fixations;
  const points = { x: fx.cx, y: fx.cy, durationMs: fx.durationMs };
  const background = canvasBackground();
  const draw = (grid: HeatmapGrid) => {
    const c = canvas();
    renderHeatmap(c.getContext('2d')!, { width: CANVAS_WIDTH, height: CANVAS_HEIGHT, scale: SCALE, background, grid, scaleMax: grid.max });
    return c;
  };
  const results: PeerResult[] = [];
  results.push(
    timed('app: bilinear binning + separable blur, drawn', `${HEATMAP_DEFAULTS.cellPx}-px cells, σ ${SIGMA} px`, () =>
      draw(computeHeatmap(points, { cellPx: HEATMAP_DEFAULTS.cellPx, sigmaPx: SIGMA })),
    ),
  );
  results.push(
    timed('truncated-kernel splat (3σ), drawn', 'same cells, σ and drawing', () => {
      const g = truncatedSplat(points, { cellPx: HEATMAP_DEFAULTS.cellPx, sigmaPx: SIGMA, width: CANVAS_WIDTH, height: CANVAS_HEIGHT });
      return draw({
        ...computeHeatmap({ x: [], y: [], durationMs: [] }, { cellPx: HEATMAP_DEFAULTS.cellPx, sigmaPx: SIGMA }),
        data: g.data,
        max: g.max,
      });
    }),
  );
  // The libraries take points in canvas px and draw a blurred circle per point.
  const scaled: [number, number, number][] = [];
  let maxW = 0;
  for (let i = 0; i < fx.length; i++) {
    if (!Number.isFinite(fx.cx[i]!) || !Number.isFinite(fx.cy[i]!)) continue;
    scaled.push([fx.cx[i]! * SCALE, fx.cy[i]! * SCALE, fx.durationMs[i]!]);
    maxW = Math.max(maxW, fx.durationMs[i]!);
  }
  const r = SIGMA * SCALE;
  results.push(
    timed('simpleheat 0.4.0', `radius ${r.toFixed(0)} + blur ${r.toFixed(0)} px, one circle per fixation`, () => {
      const c = canvas();
      simpleheat(c).data(scaled).max(maxW).radius(r, r).draw(0.05);
      return c;
    }),
  );
  results.push(
    timed('heatmap.js 2.0.5', `radius ${(2 * r).toFixed(0)} px, one circle per fixation`, () => {
      const box = document.createElement('div');
      box.style.width = `${W}px`;
      box.style.height = `${H}px`;
      document.getElementById('stage')!.append(box);
      h337.create({ container: box, radius: 2 * r, maxOpacity: 0.8 }).setData({
        min: 0,
        max: maxW,
        data: scaled.map(([x, y, value]) => ({ x: Math.round(x), y: Math.round(y), value })),
      });
      return box.querySelector('canvas')!;
    }),
  );
  return { fixations: fx.length, results };
}

const w = window as unknown as { __peers?: unknown };
run().then(
  (r) => (w.__peers = r),
  (e: unknown) => (w.__peers = { error: e instanceof Error ? `${e.message}\n${e.stack}` : String(e) }),
);
