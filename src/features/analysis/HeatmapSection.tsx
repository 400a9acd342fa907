// Heatmaps on the 3-page stimulus canvas: the filtered data, and optionally one panel per compared
// condition drawn on one colour scale.
import { useEffect, useMemo, useRef } from 'react';
import type { HeatmapMode } from '../../../analysis/heatmap.ts';
import { CANVAS_HEIGHT, CANVAS_WIDTH } from '../../../core/coordinates.ts';
import { HeatmapCanvas } from '../../components/heatmap/HeatmapCanvas.tsx';
import { renderLegend } from '../../components/heatmap/render-heatmap.ts';
import { canvasBackground } from '../../../analysis/stimulus-background.ts';
import { useAnalysisStore } from './analysis-store.ts';
import { formatTick } from './chart-scale.ts';
import { canvasPng, saveBlob, slug } from './figure-export.ts';
import { setSigmaUnit, type CompareBy, type SigmaUnit } from './filter-state.ts';
import type { HeatmapPanel } from './worker-protocol.ts';

const BACKGROUND = canvasBackground();
const MODE_LABELS: Record<HeatmapMode, string> = {
  absolute: 'absolute (duration)',
  participant: 'per participant (each weighs the same)',
  count: 'fixation count',
};
const UNITS: Record<HeatmapMode, string> = { absolute: 'ms', participant: 'share', count: 'fixations' };

function Legend({ max, mode }: { max: number; mode: HeatmapMode }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (ctx) renderLegend(ctx, 200, 10);
  }, []);
  return (
    <span className="legend">
      0 <canvas ref={ref} width={200} height={10} /> {formatTick(max)} {UNITS[mode]}/cell
    </span>
  );
}

function Panel({ panel, scale, testId }: { panel: HeatmapPanel; scale: number; testId: string }) {
  const canvas = useRef<HTMLCanvasElement | null>(null);
  const config = useMemo(
    () => ({ width: CANVAS_WIDTH, height: CANVAS_HEIGHT, scale, background: BACKGROUND, grid: panel.grid, scaleMax: panel.scaleMax }),
    [panel, scale],
  );
  return (
    <figure className="heatmap-panel" data-testid={testId}>
      <figcaption>
        {panel.label} · {panel.grid.points.toLocaleString('en')} fixations <Legend max={panel.scaleMax} mode={panel.grid.mode} />
        <button
          type="button"
          onClick={() => canvas.current && void canvasPng(canvas.current).then((b) => saveBlob(`heatmap-${slug(panel.label)}.png`, b))}
        >
          PNG
        </button>
      </figcaption>
      <HeatmapCanvas config={config} label={`Heatmap: ${panel.label}`} canvasRef={(c) => (canvas.current = c)} />
    </figure>
  );
}

export function HeatmapSection() {
  const view = useAnalysisStore((s) => s.view);
  const summary = useAnalysisStore((s) => s.summary);
  const hv = useAnalysisStore((s) => s.heatmapView);
  const setHv = useAnalysisStore((s) => s.setHeatmapView);
  if (!view || !summary) return null;
  const [main, ...compared] = view.heatmaps;
  return (
    <section className="panel" aria-labelledby="heatmap-h">
      <h2 id="heatmap-h">Fixation heatmap on the 3-page stimulus canvas (5760 × 3526)</h2>
      <div className="controls">
        <label>
          Mode{' '}
          <select aria-label="Mode" value={hv.mode} onChange={(e) => setHv({ ...hv, mode: e.target.value as HeatmapMode })}>
            {Object.entries(MODE_LABELS).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </label>
        <label>
          σ{' '}
          <input
            type="number"
            min={0.1}
            step={hv.sigmaUnit === 'px' ? 5 : 0.25}
            value={hv.sigma}
            aria-label="Sigma"
            onChange={(e) => Number(e.target.value) > 0 && setHv({ ...hv, sigma: Number(e.target.value) })}
          />
        </label>
        <select
          aria-label="Sigma unit"
          value={hv.sigmaUnit}
          onChange={(e) => setHv(setSigmaUnit(hv, e.target.value as SigmaUnit, summary.pxPerDeg))}
        >
          <option value="deg">degrees</option>
          <option value="px">px (at 1920)</option>
        </select>
        <label>
          Compare{' '}
          <select aria-label="Compare" value={hv.compare} onChange={(e) => setHv({ ...hv, compare: e.target.value as CompareBy })}>
            <option value="none">nothing</option>
            <option value="task">task types side by side</option>
            <option value="gazeSource">gaze sources side by side</option>
          </select>
        </label>
        <span className="muted">computed in {view.computeMs.toFixed(0)} ms</span>
      </div>
      {main ? <Panel panel={main} scale={0.25} testId="heatmap-main" /> : null}
      {compared.length ? (
        <>
          <p className="muted">Compared panels share one colour scale.</p>
          <div className="compare-grid">
            {compared.map((p) => (
              <Panel key={p.label} panel={p} scale={0.125} testId={`heatmap-${slug(p.label)}`} />
            ))}
          </div>
        </>
      ) : null}
    </section>
  );
}
