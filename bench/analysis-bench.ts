// Analysis-library benchmark: a RecGaze-scale synthetic dataset (87 participants × 40 screens ×
// 30 s at 30 Hz ≈ 3.1 M gaze samples) through the whole pipeline in Node. Prints figures; targets
// (whole pipeline ≤ 5 s, heatmap re-filter ≤ 150 ms) are reported, not asserted.
// Run: npx tsx bench/analysis-bench.ts
import { pathToFileURL } from 'node:url';
import { computeHeatmap, computeHeatmapReference } from '../analysis/heatmap.ts';
import { analyseDataset, heatmapForFilter, metricsForFilter, type AnalysisFilter } from '../analysis/pipeline.ts';
import { generateSyntheticDataset } from '../analysis/synthetic.ts';

const PARTICIPANTS = 87;
const SCREENS = 40;
const SECONDS = 30;
const HZ = 30;
const PIPELINE_TARGET_S = 5;
const REFILTER_TARGET_MS = 150;
const REFERENCE_SUBSET = 40;

const mb = (b: number) => (b / 1048576).toFixed(0);

/** Memory is sampled at stage boundaries and from the pipeline's progress callback (every 50 screens). */
class MemorySampler {
  peakRss = 0;
  peakHeap = 0;
  sample(): void {
    const m = process.memoryUsage();
    if (m.rss > this.peakRss) this.peakRss = m.rss;
    if (m.heapUsed > this.peakHeap) this.peakHeap = m.heapUsed;
  }
}

function row(label: string, value: string, note = ''): void {
  console.log(`  ${label.padEnd(42)} ${value.padStart(11)}  ${note}`);
}

export async function runAnalysisBench(): Promise<void> {
  const mem = new MemorySampler();
  mem.sample();
  console.log(
    `\nanalysis: synthetic ${PARTICIPANTS} participants × ${SCREENS} screens × ${SECONDS} s at ${HZ} Hz (Node ${process.version})`,
  );

  let t0 = performance.now();
  const syn = generateSyntheticDataset({ participants: PARTICIPANTS, screens: SCREENS, secondsPerScreen: SECONDS, hz: HZ, seed: 1 });
  const genMs = performance.now() - t0;
  mem.sample();
  row(
    'generate synthetic dataset',
    `${(genMs / 1000).toFixed(2)} s`,
    `${syn.samples.toLocaleString('en')} gaze samples (not part of the pipeline)`,
  );

  t0 = performance.now();
  const run = analyseDataset(syn.dataset, { onProgress: () => mem.sample() });
  const totalMs = performance.now() - t0;
  mem.sample();
  const tm = run.timings;
  row('preprocess (validity/gaps/median/30 Hz)', `${(tm.preprocess / 1000).toFixed(3)} s`);
  row('I-DT fixations', `${(tm.fixations / 1000).toFixed(3)} s`, `${run.fixations.length.toLocaleString('en')} fixations`);
  row('AOI mapping + canvas points', `${(tm.aoi / 1000).toFixed(3)} s`);
  row('metric tables', `${(tm.metrics / 1000).toFixed(3)} s`);
  row(
    'click models (PBM EM + OEPBM)',
    `${(tm.clickModels / 1000).toFixed(3)} s`,
    `${run.clickModels?.pbm.impressions.toLocaleString('en')} impressions, ${run.clickModels?.pbm.iterations} EM iterations${run.clickModels?.pbm.converged ? '' : ' (cap reached, not converged to 1e-6)'}`,
  );
  row(
    'heatmap grid',
    `${(tm.heatmap / 1000).toFixed(3)} s`,
    `${run.heatmap.cols}×${run.heatmap.rows} cells of ${run.heatmap.cellPx} px over 5760×3526, σ ${run.heatmap.sigmaPx.toFixed(0)} px`,
  );
  const staged = tm.preprocess + tm.fixations + tm.aoi + tm.metrics + tm.clickModels + tm.heatmap;
  row(
    'pipeline total (wall clock)',
    `${(totalMs / 1000).toFixed(2)} s`,
    `target ≤ ${PIPELINE_TARGET_S} s: ${totalMs / 1000 <= PIPELINE_TARGET_S ? 'met' : 'MISSED'}; ${((totalMs - staged) / 1000).toFixed(2)} s outside the timed stages (loop and bookkeeping)`,
  );
  row('throughput', `${(((run.samples / totalMs) * 1000) / 1e6).toFixed(2)} M/s`, 'gaze samples per second');

  // Reference heatmap: per-point splat over the full grid, timed on a subset and extrapolated.
  const fx = run.fixations;
  const subset = {
    x: fx.cx.subarray(0, REFERENCE_SUBSET),
    y: fx.cy.subarray(0, REFERENCE_SUBSET),
    durationMs: fx.durationMs.subarray(0, REFERENCE_SUBSET),
  };
  t0 = performance.now();
  computeHeatmapReference(subset);
  const refSubsetMs = performance.now() - t0;
  const refAllMs = (refSubsetMs / REFERENCE_SUBSET) * fx.length;
  t0 = performance.now();
  computeHeatmap({ x: fx.cx, y: fx.cy, durationMs: fx.durationMs });
  const fastMs = performance.now() - t0;
  row(
    'reference heatmap (extrapolated)',
    `${(refAllMs / 1000).toFixed(1)} s`,
    `timed on ${REFERENCE_SUBSET} fixations (${refSubsetMs.toFixed(0)} ms), × ${fx.length.toLocaleString('en')}/${REFERENCE_SUBSET} linearly`,
  );
  row('fast heatmap, all fixations', `${fastMs.toFixed(0)} ms`, `speed ratio vs reference ≈ ${(refAllMs / fastMs).toFixed(0)}×`);
  mem.sample();

  // Re-filtering on the precomputed fixations.
  const filters: [string, AnalysisFilter | undefined][] = [
    ['all screens', undefined],
    ['free browsing', { tasks: ['free_browsing'] }],
    ['direct search', { tasks: ['direct_search'] }],
    ['semi-free, lost ≤ 5 %', { tasks: ['semi_free'], maxLostPct: 5 }],
  ];
  let worst = 0;
  for (const [name, filter] of filters) {
    t0 = performance.now();
    const g = heatmapForFilter(run, filter);
    const ms = performance.now() - t0;
    worst = Math.max(worst, ms);
    row(`re-filter heatmap: ${name}`, `${ms.toFixed(0)} ms`, `${g.points.toLocaleString('en')} fixations`);
  }
  row(
    're-filter heatmap, worst',
    `${worst.toFixed(0)} ms`,
    `target ≤ ${REFILTER_TARGET_MS} ms: ${worst <= REFILTER_TARGET_MS ? 'met' : 'MISSED'}`,
  );
  t0 = performance.now();
  metricsForFilter(run, { tasks: ['free_browsing'] });
  row('re-filter metric tables (free)', `${(performance.now() - t0).toFixed(0)} ms`);
  mem.sample();
  row(
    'peak RSS (sampled)',
    `${mb(mem.peakRss)} MB`,
    `peak heap used ${mb(mem.peakHeap)} MB; includes the ${syn.samples.toLocaleString('en')} event objects of the input`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runAnalysisBench();
}
