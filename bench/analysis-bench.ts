// Analysis-library benchmark: a RecGaze-scale synthetic study (87 participants × 40 screens × 30 s
// at 30 Hz ≈ 3.1 M gaze samples, handed over as columns like stored sessions) through the whole
// pipeline in Node, and the heatmap against a standard truncated-kernel splat of the same
// fixations. Prints figures; the targets (pipeline ≤ 1.0 s, peak RSS ≤ 250 MB) are reported, not
// asserted. Wall clock is shared with whatever else runs on the machine: CPU time is printed too.
// Run: npm run bench -- analysis
import { pathToFileURL } from 'node:url';
import { computeHeatmap } from '../analysis/heatmap.ts';
import { analyseDataset, heatmapForFilter, metricsForFilter, type AnalysisFilter } from '../analysis/pipeline.ts';
import { generateSyntheticDataset } from '../analysis/synthetic.ts';
import { CANVAS_HEIGHT, CANVAS_WIDTH } from '../core/coordinates.ts';
import { truncatedSplat } from './peers/truncated-splat.ts';

const PARTICIPANTS = 87;
const SCREENS = 40;
const SECONDS = 30;
const HZ = 30;
const PIPELINE_TARGET_S = 1.0;
const PEAK_TARGET_MB = 250;
const REFILTER_TARGET_MS = 150;

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

/** Wall and CPU ms of fn. */
function timed<T>(fn: () => T): { value: T; wallMs: number; cpuMs: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = fn();
  const wallMs = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { value, wallMs, cpuMs: (c.user + c.system) / 1000 };
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export async function runAnalysisBench(): Promise<void> {
  const mem = new MemorySampler();
  mem.sample();
  console.log(
    `\nanalysis: synthetic ${PARTICIPANTS} participants × ${SCREENS} screens × ${SECONDS} s at ${HZ} Hz (Node ${process.version})`,
  );

  const gen = timed(() =>
    generateSyntheticDataset({ participants: PARTICIPANTS, screens: SCREENS, secondsPerScreen: SECONDS, hz: HZ, seed: 1 }),
  );
  const syn = gen.value;
  mem.sample();
  const rssWithInput = process.memoryUsage().rss;
  row(
    'generate synthetic dataset',
    s(gen.wallMs),
    `${syn.samples.toLocaleString('en')} gaze samples, as columns (not part of the pipeline)`,
  );

  const pipe = timed(() => analyseDataset(syn.dataset, { onProgress: () => mem.sample() }));
  const run = pipe.value;
  mem.sample();
  const tm = run.timings;
  row('quality, preprocess (gaps/median/30 Hz)', s(tm.preprocess));
  row('I-DT fixations', s(tm.fixations), `${run.fixations.length.toLocaleString('en')} fixations`);
  row('AOI mapping + canvas points', s(tm.aoi));
  row('metric tables', s(tm.metrics));
  row(
    'click models (PBM EM + OEPBM)',
    s(tm.clickModels),
    `${run.clickModels?.pbm.impressions.toLocaleString('en')} impressions, ${run.clickModels?.pbm.iterations} EM iterations${run.clickModels?.pbm.converged ? '' : ' (cap reached, not converged to 1e-6)'}`,
  );
  row(
    'heatmap grid',
    s(tm.heatmap),
    `${run.heatmap.cols}×${run.heatmap.rows} cells of ${run.heatmap.cellPx} px over ${CANVAS_WIDTH}×${CANVAS_HEIGHT}, σ ${run.heatmap.sigmaPx.toFixed(0)} px`,
  );
  const met = (ok: boolean) => (ok ? 'met' : 'MISSED');
  row('pipeline total, wall clock', s(pipe.wallMs), `target ≤ ${PIPELINE_TARGET_S} s: ${met(pipe.wallMs / 1000 <= PIPELINE_TARGET_S)}`);
  row(
    'pipeline total, CPU time of this process',
    s(pipe.cpuMs),
    `${met(pipe.cpuMs / 1000 <= PIPELINE_TARGET_S)} on CPU time (the wall clock includes waiting for a core: ${(pipe.wallMs / pipe.cpuMs).toFixed(1)}× here)`,
  );
  row('throughput', `${(((run.samples / pipe.wallMs) * 1000) / 1e6).toFixed(2)} M/s`, 'gaze samples per second, wall clock');

  // The same fixations through the app's heatmap and a truncated-kernel splat.
  const fx = run.fixations;
  const points = { x: fx.cx, y: fx.cy, durationMs: fx.durationMs };
  const opts = { cellPx: run.heatmap.cellPx, sigmaPx: run.heatmap.sigmaPx, width: CANVAS_WIDTH, height: CANVAS_HEIGHT };
  const ours = timed(() => computeHeatmap(points, opts));
  const splat = timed(() => truncatedSplat(points, opts));
  let diff = 0;
  for (let i = 0; i < ours.value.data.length; i++) diff = Math.max(diff, Math.abs(ours.value.data[i]! - splat.value.data[i]!));
  row(
    'heatmap: bilinear binning + separable blur',
    `${ours.wallMs.toFixed(0)} ms`,
    `CPU ${ours.cpuMs.toFixed(0)} ms, all ${fx.length.toLocaleString('en')} fixations`,
  );
  row(
    'heatmap: truncated-kernel splat (3σ)',
    `${splat.wallMs.toFixed(0)} ms`,
    `CPU ${splat.cpuMs.toFixed(0)} ms; ${(splat.cpuMs / ours.cpuMs).toFixed(1)}× the CPU time; largest difference ${((100 * diff) / splat.value.max).toFixed(1)} % of the peak`,
  );
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
    const t0 = performance.now();
    const g = heatmapForFilter(run, filter);
    const ms = performance.now() - t0;
    worst = Math.max(worst, ms);
    row(`re-filter heatmap: ${name}`, `${ms.toFixed(0)} ms`, `${g.points.toLocaleString('en')} fixations`);
  }
  row('re-filter heatmap, worst', `${worst.toFixed(0)} ms`, `target ≤ ${REFILTER_TARGET_MS} ms: ${met(worst <= REFILTER_TARGET_MS)}`);
  const t0 = performance.now();
  metricsForFilter(run, { tasks: ['free_browsing'] });
  row('re-filter metric tables (free)', `${(performance.now() - t0).toFixed(0)} ms`);
  mem.sample();
  row(
    'peak RSS (sampled), whole run',
    `${mb(mem.peakRss)} MB`,
    `target ≤ ${PEAK_TARGET_MB} MB: ${met(mem.peakRss / 1048576 <= PEAK_TARGET_MB)}; peak heap used ${mb(mem.peakHeap)} MB`,
  );
  row(
    'RSS before the pipeline (runtime + input)',
    `${mb(rssWithInput)} MB`,
    `Node + tsx + the study's columns and the generator's leftovers; the pipeline added ${mb(mem.peakRss - rssWithInput)} MB at its peak`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runAnalysisBench();
}
