// The analysis view (/analysis): sources, filters, heatmaps, the row × position grid, scanpath
// playback, metric charts and survey counts. All computation runs in the analysis worker.
import { useEffect, useMemo } from 'react';
import { FigureCard } from './Chart.tsx';
import { FiltersPanel } from './FiltersPanel.tsx';
import { GridFigure } from './GridFigure.tsx';
import { HeatmapSection } from './HeatmapSection.tsx';
import { ScanpathPanel } from './ScanpathPanel.tsx';
import { SourcesPanel } from './SourcesPanel.tsx';
import { SurveyPanel } from './SurveyPanel.tsx';
import { useAnalysisStore } from './analysis-store.ts';
import { figureTables } from './figure-tables.ts';
import { installTestHook } from './test-hook.ts';
import { AnalysisWorkerClient } from './worker-client.ts';
import './analysis.css';
import { STUDIO_PATH } from '../../../core/routes.ts';

const STAGE_LABELS: Record<string, string> = {
  load: 'Loading sources',
  generate: 'Generating the demo dataset',
  preprocess: 'Preprocessing gaze',
  fixations: 'Preprocessing gaze and detecting fixations, screen',
  aoi: 'Mapping AOIs',
  metrics: 'Computing metrics',
  clickModels: 'Fitting click models',
  heatmap: 'Computing the heatmap',
};

function Progress() {
  const status = useAnalysisStore((s) => s.status);
  const progress = useAnalysisStore((s) => s.progress);
  const error = useAnalysisStore((s) => s.error);
  return (
    <>
      {status === 'loading' && progress ? (
        <div className="progress">
          <span>
            {STAGE_LABELS[progress.stage] ?? progress.stage}… {progress.total > 1 ? `${progress.done} / ${progress.total}` : ''}
          </span>
          <progress aria-label="Analysis progress" max={Math.max(1, progress.total)} value={progress.done} />
        </div>
      ) : null}
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
    </>
  );
}

function Figures() {
  const view = useAnalysisStore((s) => s.view);
  const summary = useAnalysisStore((s) => s.summary);
  const maxLost = useAnalysisStore((s) => s.filter.maxLostPct);
  const clickModels = useAnalysisStore((s) => s.clickModels);
  const tables = useMemo(
    () =>
      view && summary
        ? figureTables(
            view.metrics,
            clickModels ?? null,
            view.screenIndexes.map((i) => summary.screens[i]!),
            maxLost,
          )
        : [],
    [view, summary, maxLost, clickModels],
  );
  if (!view) return null;
  return (
    <section className="panel" aria-labelledby="metrics-h">
      <h2 id="metrics-h">Metrics ({view.metrics.screens} screens)</h2>
      {clickModels === undefined ? (
        <p className="muted">Fitting the click models…</p>
      ) : clickModels === null ? (
        <p className="muted">No clicks among these screens: no click models.</p>
      ) : null}
      <div className="figure-grid">
        <GridFigure metrics={view.metrics} />
        {tables.map((t) => (
          <FigureCard key={t.id} table={t} />
        ))}
      </div>
    </section>
  );
}

function RunInfo() {
  const summary = useAnalysisStore((s) => s.summary);
  const downloadTables = useAnalysisStore((s) => s.downloadTables);
  if (!summary) return null;
  return (
    <p className="muted run-info">
      {summary.participants.length} participants · {summary.screens.length} screens · {summary.samples.toLocaleString('en')} gaze samples ·{' '}
      {summary.fixations.toLocaleString('en')} fixations · analysed in {(summary.totalMs / 1000).toFixed(1)} s{' '}
      <button type="button" onClick={() => void downloadTables()}>
        All result tables (.zip of CSV, unfiltered)
      </button>
    </p>
  );
}

export function AnalysisPage() {
  const attach = useAnalysisStore((s) => s.attach);
  const reset = useAnalysisStore((s) => s.reset);
  useEffect(() => {
    const client = new AnalysisWorkerClient();
    attach(client);
    const removeHook = installTestHook();
    return () => {
      removeHook();
      attach(null);
      client.terminate();
      reset();
    };
  }, [attach, reset]);
  return (
    <main className="analysis-page">
      <header>
        <h1>Analysis</h1>
        <nav>
          <a href={STUDIO_PATH}>Studio</a>
        </nav>
      </header>
      <SourcesPanel />
      <Progress />
      <RunInfo />
      <FiltersPanel />
      <HeatmapSection />
      <Figures />
      <ScanpathPanel />
      <SurveyPanel />
    </main>
  );
}
