// `npm run bench`: every benchmark, printing figures (none of this is a pass/fail test).
// Run one with `npm run bench -- recorder` (names: recorder, crash, analysis, analysis-view, export, gaze, accuracy, workspace).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const BENCHES: { name: string; file: string; fn: string }[] = [
  { name: 'recorder', file: './recorder-bench.ts', fn: 'runRecorderBench' },
  { name: 'crash', file: './crash-bench.ts', fn: 'runCrashBench' },
  { name: 'analysis', file: './analysis-bench.ts', fn: 'runAnalysisBench' },
  { name: 'analysis-view', file: './analysis-view-bench.ts', fn: 'runAnalysisViewBench' },
  { name: 'export', file: './export-bench.ts', fn: 'runExportBench' },
  { name: 'gaze', file: './gaze-bench.ts', fn: 'runGazeBench' },
  { name: 'accuracy', file: './accuracy-bench.ts', fn: 'runAccuracyBench' },
  { name: 'workspace', file: './workspace-bench.ts', fn: 'runWorkspaceBench' },
];

const only = process.argv.slice(2);
for (const b of BENCHES) {
  if (only.length && !only.includes(b.name)) continue;
  if (!existsSync(fileURLToPath(new URL(b.file, import.meta.url)))) {
    console.log(`\n(${b.name} benchmark not present)`);
    continue;
  }
  const mod = (await import(b.file)) as Record<string, () => Promise<void>>;
  const run = mod[b.fn];
  if (!run) throw new Error(`${b.file} does not export ${b.fn}`);
  const t0 = performance.now();
  await run();
  console.log(`(${b.name} benchmark took ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}
