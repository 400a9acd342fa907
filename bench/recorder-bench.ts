// Recorder throughput into IndexedDB in headless Chromium (issue: ≥ 2,000 events/s, < 0.05 ms per event).
import { createServer } from 'vite';
import { launchChromium } from './support/browser.ts';
import type { RecorderBenchResult } from './recorder-page.ts';

export async function runRecorderBench(): Promise<void> {
  const server = await createServer({ server: { host: 'localhost', port: 5199, strictPort: false }, logLevel: 'error' });
  await server.listen();
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const base = server.resolvedUrls?.local[0] ?? 'http://localhost:5199/';
    await page.goto(`${base}bench/recorder-page.html`);
    await page.waitForFunction(() => (window as unknown as { __benchResult?: unknown }).__benchResult, null, { timeout: 120_000 });
    const results = await page.evaluate(() => (window as unknown as { __benchResult: RecorderBenchResult[] }).__benchResult);
    console.log('\n## Recorder → IndexedDB (Chromium, real Dexie)');
    console.log('| run | events | s | stored events/s | push ms/event | write-call ms/event | main-thread ms/event |');
    console.log('|---|---|---|---|---|---|---|');
    for (const r of results) {
      console.log(
        `| ${r.label} | ${r.events} | ${r.seconds.toFixed(2)} | ${Math.round(r.eventsPerSecond)} | ${r.pushMsPerEvent.toFixed(5)} | ${r.writeCallMsPerEvent.toFixed(5)} | ${r.mainThreadMsPerEvent.toFixed(5)} |`,
      );
      if (r.stored !== r.events) console.log(`  !! ${r.label}: stored ${r.stored} of ${r.events} events`);
    }
    console.log('targets: ≥ 2,000 events/s sustained, < 0.05 ms main-thread per event');
  } finally {
    await browser.close();
    await server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runRecorderBench();
