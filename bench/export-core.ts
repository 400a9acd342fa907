// Shared by the Node and Chromium runs of the export benchmark (browser-safe: no Node APIs).
// A RecGaze-scale study (87 participants × 40 screens × 30 s at 30 Hz ≈ 3.1 M gaze samples) whose
// sessions are generated on demand, as IndexedDB would hand them over one at a time.
import { generateSyntheticDataset, SYNTHETIC_VIEWPORTS, syntheticRows } from '../analysis/synthetic.ts';
import type { RecordedEvent } from '../core/events.ts';
import type { SessionRecord } from '../core/records.ts';
import { writeExport, type ScreenEvents } from '../format/exporter.ts';
import { ZipStream } from '../zip/zip-stream.ts';
import type { StudyConfig } from '../core/study-config/schema.ts';
import { loadCatalogue } from '../stimuli/catalogue.ts';
import { RECGAZE_PRESET } from '../stimuli/presets.ts';
import { PRE_ANSWERS, POST_ANSWERS } from '../format/testing/create-session.ts';
import { calibrationResult, validationRecord } from '../core/testing/calibration.ts';

const SCREENS = 40;

export const BENCH_CONFIG: StudyConfig = {
  ...RECGAZE_PRESET,
  id: 'synthetic',
  screens: Array.from({ length: SCREENS }, (_, i) => {
    const taskId = i + 1;
    const rows = syntheticRows(taskId);
    return {
      taskId,
      task: taskId <= 30 ? 'free_browsing' : taskId <= 35 ? 'semi_free' : 'direct_search',
      rows: rows.genres.map((label, r) => ({ label, items: rows.items[r]! })),
    } as StudyConfig['screens'][number];
  }),
};

export function benchSession(p: number): { session: SessionRecord; load: () => ScreenEvents } {
  const viewport = SYNTHETIC_VIEWPORTS[p % SYNTHETIC_VIEWPORTS.length]!;
  const load = (): ScreenEvents => {
    const { dataset } = generateSyntheticDataset({
      participants: 1,
      screens: SCREENS,
      seed: p + 1,
      viewports: [viewport],
      source: 'webgazer',
      events: true,
    });
    return new Map(dataset.sessions[0]!.screens.map((s) => [s.taskId, s.events as RecordedEvent[]]));
  };
  const session: SessionRecord = {
    schemaVersion: 2,
    revision: 0,
    consentedAt: Date.UTC(2026, 10, 1) + p * 3_600_000,
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
    calibration: [calibrationResult({ validation: validationRecord({ meanErrorPx: 150, meanErrorDeg: 4 }) })],
    speedReminders: [],
    appVersion: 'bench',
  };
  return { session, load };
}

export interface ExportBenchResult {
  sessions: number;
  screens: number;
  samples: number;
  /** Seconds spent exporting (event generation excluded). */
  exportSeconds: number;
  generationSeconds: number;
  /** Of exportSeconds: the tail after the last session (deferred entries, central directory). */
  finishSeconds: number;
  zipBytes: number;
  peakHeapBytes: number | null;
}

/** Exports `participants` synthetic sessions into an in-memory zip and measures it. */
export async function measureExport(
  participants: number,
  heapUsed: () => number | null,
  yieldNow: () => Promise<void>,
): Promise<ExportBenchResult> {
  const catalogue = await loadCatalogue({ kind: 'builtin', id: 'recgaze' });
  const sessions = Array.from({ length: participants }, (_, p) => benchSession(p));
  const bySession = new Map(sessions.map((s) => [s.session.id, s.load]));
  let genMs = 0;
  let samples = 0;
  let peak: number | null = null;
  const sampleHeap = () => {
    const h = heapUsed();
    if (h !== null) peak = Math.max(peak ?? 0, h);
  };
  const timer = setInterval(sampleHeap, 50);
  let zipBytes = 0;
  const chunks: Uint8Array[] = [];
  const t0 = performance.now();
  const zip = new ZipStream(
    (c) => {
      chunks.push(c);
      zipBytes += c.length;
    },
    new Date(Date.UTC(2026, 10, 26)),
  );
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
      await yieldNow();
    },
  });
  const f0 = performance.now();
  await zip.finish();
  const finishSeconds = (performance.now() - f0) / 1000;
  sampleHeap();
  clearInterval(timer);
  const totalS = (performance.now() - t0) / 1000;
  return {
    sessions: participants,
    screens: SCREENS,
    samples,
    exportSeconds: totalS - genMs / 1000,
    generationSeconds: genMs / 1000,
    finishSeconds,
    zipBytes,
    peakHeapBytes: peak,
  };
}
