// Export of a RecGaze-scale study (87 participants × 40 screens × 30 s at 30 Hz ≈ 3.1 M gaze
// samples) into the zip with the streaming exporter, in Node. Each session's events are generated
// on demand (as IndexedDB would hand them over), so the figures show the exporter's own memory.
// Prints seconds (generation excluded) and peak heap; not a pass/fail test.
import { generateSyntheticDataset, SYNTHETIC_VIEWPORTS, syntheticRows } from '../analysis/synthetic.ts';
import type { RecordedEvent } from '../analysis/types.ts';
import type { SessionRecord } from '../src/db/types.ts';
import { writeExport, type ScreenEvents } from '../src/lib/export/exporter.ts';
import { ZipStream } from '../src/lib/export/zip-stream.ts';
import type { StudyConfig } from '../src/lib/study-config/schema.ts';
import { loadCatalogue } from '../stimuli/catalogue.ts';
import { RECGAZE_PRESET } from '../stimuli/presets.ts';
import { PRE_ANSWERS, POST_ANSWERS } from '../src/lib/export/testing/create-session.ts';

const PARTICIPANTS = Number(process.env.EXPORT_BENCH_PARTICIPANTS ?? 87);
const SCREENS = 40;

export const BENCH_CONFIG: StudyConfig = {
  ...RECGAZE_PRESET,
  id: 'synthetic',
  screens: Array.from({ length: SCREENS }, (_, i) => {
    const taskId = i + 1;
    const rows = syntheticRows(taskId);
    return { taskId, task: taskId <= 30 ? 'free_browsing' : taskId <= 35 ? 'semi_free' : 'direct_search', rows: rows.genres.map((label, r) => ({ label, items: rows.items[r]! })) } as StudyConfig['screens'][number];
  }),
};

export function benchSession(p: number): { session: SessionRecord; load: () => ScreenEvents } {
  const viewport = SYNTHETIC_VIEWPORTS[p % SYNTHETIC_VIEWPORTS.length]!;
  const load = (): ScreenEvents => {
    const { dataset } = generateSyntheticDataset({ participants: 1, screens: SCREENS, seed: p + 1, viewports: [viewport], source: 'webgazer' });
    return new Map(dataset.sessions[0]!.screens.map((s) => [s.taskId, s.events as RecordedEvent[]]));
  };
  const session: SessionRecord = {
    id: `bench-${p + 1}`,
    participantId: `LAB_${p + 1}`,
    studyId: BENCH_CONFIG.id,
    config: BENCH_CONFIG,
    gazeSource: 'webgazer',
    flags: [],
    firstTask: p % 2 ? 'Semi_free_direct_search' : 'Free_browsing',
    stepIndex: 0,
    status: 'completed',
    startedAt: Date.UTC(2026, 10, 1) + p * 3_600_000,
    finishedAt: Date.UTC(2026, 10, 1) + p * 3_600_000 + 2_400_000,
    environment: { userAgent: 'bench', language: 'en', screen: { w: 1920, h: 1080 }, viewport, dpr: 1, persistentStorage: true },
    answers: { pre: PRE_ANSWERS, post: POST_ANSWERS, perSelection: {} },
    selections: {},
    screens: {},
    quality: {},
    calibration: [{ summary: { meanErrorPx: 150, meanErrorDeg: 4 } }],
    speedReminders: [],
    appVersion: 'bench',
  } as SessionRecord;
  return { session, load };
}

export async function runExportBench(): Promise<void> {
  const catalogue = await loadCatalogue({ kind: 'builtin', id: 'recgaze' });
  const sessions = Array.from({ length: PARTICIPANTS }, (_, p) => benchSession(p));
  const bySession = new Map(sessions.map((s) => [s.session.id, s.load]));
  let genMs = 0;
  let samples = 0;
  let peakHeap = 0;
  const sampleHeap = () => {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  };
  const timer = setInterval(sampleHeap, 50);
  const chunks: Uint8Array[] = [];
  const t0 = performance.now();
  const zip = new ZipStream((c) => chunks.push(c), new Date(Date.UTC(2026, 10, 26)));
  await writeExport(zip, {
    sessions: sessions.map((s) => s.session),
    loadEvents: (id) => {
      const g0 = performance.now();
      const events = bySession.get(id)!();
      for (const list of events.values()) for (const e of list) if (e.kind === 'gaze') samples++;
      genMs += performance.now() - g0;
      sampleHeap();
      return events;
    },
    catalogue,
    createdAt: Date.UTC(2026, 10, 26),
    appVersion: 'bench',
    onProgress: async () => {
      sampleHeap();
      await new Promise((r) => setImmediate(r));
    },
  });
  zip.finish();
  sampleHeap();
  clearInterval(timer);
  const totalS = (performance.now() - t0) / 1000;
  const exportS = totalS - genMs / 1000;
  const bytes = chunks.reduce((n, c) => n + c.length, 0);
  console.log('\n## Export (Node, streaming zip)');
  console.log('| sessions | screens | gaze samples | export s (excl. generation) | generation s | zip MB | peak heap MB |');
  console.log('|---|---|---|---|---|---|---|');
  console.log(`| ${PARTICIPANTS} | ${SCREENS} | ${samples.toLocaleString('en')} | ${exportS.toFixed(1)} | ${(genMs / 1000).toFixed(1)} | ${(bytes / 1e6).toFixed(1)} | ${(peakHeap / 1e6).toFixed(0)} |`);
  console.log('target: ≤ 10 s in Chromium for the 87 × 40 study; memory bounded by one session + compressed output');
}

if (import.meta.url === `file://${process.argv[1]}`) await runExportBench();
