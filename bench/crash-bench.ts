// Crash loss: the browser killed with SIGKILL in the middle of a screen, five times (issue 16:
// ≤ 150 ms lost). Serves the production build (built first) on port 4674.
import { build, preview } from 'vite';
import { crashRun } from '../e2e/support/crash.ts';

const PORT = 4674;
const RUNS = 5;

export async function runCrashBench(): Promise<void> {
  await build({ logLevel: 'error' });
  const server = await preview({ preview: { host: 'localhost', port: PORT, strictPort: true }, logLevel: 'error' });
  try {
    const results = [];
    for (let i = 0; i < RUNS; i++) results.push(await crashRun(`http://localhost:${PORT}`));
    const lost = results.map((r) => r.lostMs).sort((a, b) => a - b);
    console.log('\n## Browser SIGKILL mid-screen (pilot screen 1, numbered cursor moves every ~10 ms)');
    console.log('| run | moves delivered | moves stored | ms lost before the kill |');
    console.log('|---|---|---|---|');
    results.forEach((r, i) => console.log(`| ${i + 1} | ${r.moves} | ${r.storedMoves} | ${r.lostMs} |`));
    console.log(`ms lost: min ${lost[0]}, median ${lost[Math.floor(RUNS / 2)]}, max ${lost[RUNS - 1]} (target ≤ 150)`);
  } finally {
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runCrashBench();
