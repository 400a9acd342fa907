// Scanpath playback of one screen with a time slider, and that screen's own heatmap.
import { useEffect, useMemo, useRef, useState } from 'react';
import { CarouselPage } from '../../components/carousel/CarouselPage.tsx';
import { HeatmapCanvas } from '../../components/heatmap/HeatmapCanvas.tsx';
import { renderHeatmap, type RenderHeatmapConfig } from '../../components/heatmap/render-heatmap.ts';
import { boxesBackground } from '../../../analysis/stimulus-background.ts';
import { TASK_LABELS } from './analysis-engine.ts';
import { useAnalysisStore } from './analysis-store.ts';
import { canvasPng, saveBlob } from './figure-export.ts';
import { renderScanpath } from './render-scanpath.ts';
import { useCatalogue } from '../../components/catalogue/use-catalogue.ts';

/** A detached canvas drawn with the schematic background, for PNG export (posters are DOM, not canvas). */
function renderedCanvas(config: RenderHeatmapConfig): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.width = Math.round(config.width * config.scale);
  c.height = Math.round(config.height * config.scale);
  renderHeatmap(c.getContext('2d')!, config);
  return c;
}

const SCALE = 0.35;

export function ScanpathPanel() {
  const summary = useAnalysisStore((s) => s.summary);
  const view = useAnalysisStore((s) => s.view);
  const screen = useAnalysisStore((s) => s.scanpathScreen);
  const result = useAnalysisStore((s) => s.scanpath);
  const open = useAnalysisStore((s) => s.openScanpath);
  const [t, setT] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [posters, setPosters] = useState(false);
  const canvas = useRef<HTMLCanvasElement>(null);
  const path = result && result.screenIndex === screen ? result.scanpath : null;
  const page = result && result.screenIndex === screen ? result.page : null;
  const items = useCatalogue(posters && page ? page.catalogue : null);

  // A new scanpath starts fully drawn and paused (undefined: none shown yet).
  const [shownPath, setShownPath] = useState<typeof path | undefined>(undefined);
  if (shownPath !== path) {
    setShownPath(path);
    setT(path ? path.durationMs : 0);
    setPlaying(false);
  }

  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (ctx && path && !path.problem) renderScanpath(ctx, { path, t, scale: SCALE });
  }, [path, t]);

  useEffect(() => {
    if (!playing || !path) return;
    let raf = 0;
    let last = performance.now();
    const step = (now: number) => {
      setT((cur) => {
        const next = cur + (now - last) * 2;
        if (next >= path.durationMs) setPlaying(false);
        return Math.min(next, path.durationMs);
      });
      last = now;
      raf = requestAnimationFrame(step);
    };
    raf = requestAnimationFrame(step);
    return () => cancelAnimationFrame(raf);
  }, [playing, path]);

  const heatConfig = useMemo(() => {
    const h = result?.heatmap;
    if (!path || !h) return null;
    return {
      width: path.width,
      height: path.height,
      scale: SCALE,
      background: boxesBackground(path.layouts[0]?.boxes ?? [], path.rowLabels),
      grid: h.grid,
      scaleMax: h.scaleMax,
      drawBackground: !(posters && items),
    };
  }, [path, result, posters, items]);

  if (!summary || !view) return null;
  const options = view.screenIndexes.slice(0, 2000);
  const shown = path ? path.fixations.filter((f) => f.t <= t).length : 0;
  return (
    <section className="panel" aria-labelledby="scanpath-h">
      <h2 id="scanpath-h">Scanpath of one screen</h2>
      <label>
        Screen{' '}
        <select
          aria-label="Scanpath screen"
          value={screen ?? ''}
          onChange={(e) => open(e.target.value === '' ? null : Number(e.target.value))}
        >
          <option value="">choose a screen…</option>
          {options.map((i) => {
            const s = summary.screens[i]!;
            return (
              <option key={i} value={i}>
                {s.participantId} · screen {s.taskId} ({TASK_LABELS[s.task]}) · {s.fixations} fixations
              </option>
            );
          })}
        </select>
      </label>
      {screen !== null && !path ? <p className="muted">Computing…</p> : null}
      {path?.problem ? <p className="muted">{path.problem}</p> : null}
      {path && !path.problem ? (
        <>
          <div className="scanpath-controls">
            <button type="button" onClick={() => (t >= path.durationMs ? (setT(0), setPlaying(true)) : setPlaying(!playing))}>
              {playing ? 'Pause' : 'Play'}
            </button>
            <input
              type="range"
              aria-label="Scanpath time"
              min={0}
              max={Math.ceil(path.durationMs)}
              step={10}
              value={Math.round(t)}
              onChange={(e) => setT(Number(e.target.value))}
            />
            <span>
              {(t / 1000).toFixed(1)} s · {shown} / {path.fixations.length} fixations
            </span>
            <button type="button" onClick={() => canvas.current && void canvasPng(canvas.current).then((b) => saveBlob('scanpath.png', b))}>
              PNG
            </button>
          </div>
          <div className="screen-figures">
            <canvas
              ref={canvas}
              className="scanpath-canvas"
              width={Math.round(path.width * SCALE)}
              height={Math.round(path.height * SCALE)}
              role="img"
              aria-label="Scanpath"
            />
            {heatConfig ? (
              <div>
                <div className="poster-stack" style={{ width: Math.round(path.width * SCALE), height: Math.round(path.height * SCALE) }}>
                  {posters && page && items ? (
                    <div className="poster-page" style={{ transform: `scale(${SCALE})`, width: page.viewportWidth }}>
                      <CarouselPage
                        screen={page.screen}
                        layout={page.layout}
                        items={items}
                        viewportWidth={page.viewportWidth}
                        interactive={false}
                      />
                    </div>
                  ) : null}
                  <HeatmapCanvas config={heatConfig} label="Heatmap of this screen" className="scanpath-canvas poster-overlay" />
                </div>
                <div className="figure-actions">
                  {page ? (
                    <label>
                      <input type="checkbox" checked={posters} onChange={(e) => setPosters(e.target.checked)} /> Posters underneath (the
                      screen as first shown)
                    </label>
                  ) : null}
                  <button
                    type="button"
                    onClick={() =>
                      void canvasPng(renderedCanvas({ ...heatConfig, drawBackground: true })).then((b) => saveBlob('screen-heatmap.png', b))
                    }
                  >
                    PNG
                  </button>
                </div>
              </div>
            ) : null}
          </div>
        </>
      ) : null}
    </section>
  );
}
