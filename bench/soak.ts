// `npm run soak` (not in CI): the real WebGazer on the fake camera for SOAK_MINUTES (default 30) on
// a carousel screen with paging and scrolling, printing gaze Hz and JS heap every minute, so a
// slowdown or leak over a long session shows (WebGazer #171, #323).
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { samplingRate } from '../analysis/validation-metrics.ts';
import { gazeOf, readParticipantEvents } from '../e2e/fixtures/webgazer-driver.ts';
import { browseFor, ensurePreviewServer, openCalibratedScreen, type GazeSession } from './gaze-bench.ts';

export async function runSoak(): Promise<void> {
  const minutes = Number(process.env.SOAK_MINUTES ?? 30);
  if (!(minutes > 0)) throw new Error(`SOAK_MINUTES must be > 0, got ${process.env.SOAK_MINUTES}`);
  const stopServer = await ensurePreviewServer();
  let session: GazeSession | null = null;
  try {
    session = await openCalibratedScreen(`wg-soak-${Date.now().toString(36)}`, { observePerf: false });
    const { page } = session;
    const cdp = await page.context().newCDPSession(page);
    console.log(`soak: ${minutes} min, begin() ${session.beginCallMs ?? 'n/a'} ms`);
    console.log('minute  gaze Hz  median ms  IQR ms  non-null  JS heap MB  load');
    for (let m = 1; m <= minutes; m++) {
      const from = await page.evaluate(() => performance.now());
      await browseFor(page, 60_000);
      await page.waitForTimeout(600);
      // Screen-relative event times: take the last minute by count of the newest events.
      const gaze = gazeOf(await readParticipantEvents(page, session.participant));
      const to = await page.evaluate(() => performance.now());
      const lastT = gaze.at(-1)?.t ?? 0;
      const recent = gaze.filter((e) => e.t >= lastT - (to - from));
      const tracked = recent.filter((e) => e.x !== null);
      const rate = samplingRate(tracked.map((e) => e.t));
      await cdp.send('HeapProfiler.collectGarbage');
      const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
      console.log(
        `${String(m).padStart(6)}  ${(rate.achievedHz ?? 0).toFixed(1).padStart(7)}  ${(rate.intervalMedianMs ?? 0).toFixed(0).padStart(9)}  ${(rate.intervalIqrMs ?? 0).toFixed(0).padStart(6)}  ${`${tracked.length}/${recent.length}`.padStart(8)}  ${(heap.usedSize / 1e6).toFixed(1).padStart(10)}  ${(loadavg()[0] ?? 0).toFixed(1).padStart(4)}`,
      );
    }
  } finally {
    await session?.browser.close();
    stopServer();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await runSoak();
