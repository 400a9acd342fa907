// `npm run bench -- export`: the streaming exporter on a RecGaze-scale study (87 × 40 screens,
// ≈ 3.1 M gaze samples) in Node and in headless Chromium. Prints seconds (generation of the
// synthetic events excluded) and peak heap; not a pass/fail test.
import { createServer } from 'vite';
import { measureExport, type ExportBenchResult } from './export-core.ts';
import { launchChromium } from './support/browser.ts';

const PARTICIPANTS = Number(process.env.EXPORT_BENCH_PARTICIPANTS ?? 87);

function row(where: string, r: ExportBenchResult): string {
  const heap = r.peakHeapBytes === null ? 'n/a' : (r.peakHeapBytes / 1e6).toFixed(0);
  return `| ${where} | ${r.sessions} | ${r.screens} | ${r.samples.toLocaleString('en')} | ${r.exportSeconds.toFixed(1)} | ${r.finishSeconds.toFixed(1)} | ${r.generationSeconds.toFixed(1)} | ${(r.zipBytes / 1e6).toFixed(1)} | ${heap} |`;
}

async function inChromium(participants: number): Promise<ExportBenchResult> {
  const server = await createServer({ server: { host: 'localhost', port: 5198, strictPort: false }, logLevel: 'error' });
  await server.listen();
  const browser = await launchChromium(['--enable-precise-memory-info', '--js-flags=--max-old-space-size=4096']);
  try {
    const page = await browser.newPage();
    const base = server.resolvedUrls?.local[0] ?? 'http://localhost:5198/';
    await page.goto(`${base}bench/export-page.html?participants=${participants}`);
    await page.waitForFunction(() => (window as unknown as { __benchResult?: unknown }).__benchResult, null, {
      timeout: 600_000,
      polling: 1000,
    });
    const result = await page.evaluate(() => (window as unknown as { __benchResult: ExportBenchResult | { error: string } }).__benchResult);
    if ('error' in result) throw new Error(result.error);
    return result;
  } finally {
    await browser.close();
    await server.close();
  }
}

export async function runExportBench(): Promise<void> {
  const node = await measureExport(
    PARTICIPANTS,
    () => process.memoryUsage().heapUsed,
    () => new Promise((r) => setImmediate(r)),
  );
  console.log('\n## Export (streaming zip, fflate)');
  console.log(
    '| where | sessions | screens | gaze samples | export s (excl. generation) | of which finish s | generation s | zip MB | peak heap MB |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  console.log(row('Node', node));
  if (process.env.EXPORT_BENCH_CHROMIUM !== '0') console.log(row('Chromium', await inChromium(PARTICIPANTS)));
  console.log('target: ≤ 10 s in Chromium for the 87 × 40 study; memory bounded by one session + compressed output');
}

if (import.meta.url === `file://${process.argv[1]}`) await runExportBench();
