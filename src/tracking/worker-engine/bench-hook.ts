// Measurement hook for the accuracy bench: an init script sets `globalThis.__gazeEngineBench =
// { engine }` before the app loads; the worker engine then runs those options (with variants: see
// protocol.ts) and keeps every sample's predictions in `samples`. Absent in the app, so nothing
// changes there; only numbers are kept, in the page's memory.
import type { EngineOptions, EngineSample } from './protocol.ts';

export interface EngineBenchSample {
  t: number;
  x: number | null;
  y: number | null;
  variants: ({ x: number; y: number } | null)[];
  pose: number[] | null;
}

export interface EngineBenchHook {
  engine?: EngineOptions;
  /** A shorter WorkerGazeSource refresh interval, to see the worker handover within a test. */
  refreshAfterMs?: number;
  samples?: EngineBenchSample[];
}

/** At most this many samples are kept (an hour at 30 Hz). */
const KEEP = 108_000;

export function benchHook(): EngineBenchHook | null {
  const hook = (globalThis as { __gazeEngineBench?: unknown }).__gazeEngineBench;
  return hook && typeof hook === 'object' ? (hook as EngineBenchHook) : null;
}

export function keepBenchSample(hook: EngineBenchHook, s: EngineSample): void {
  const samples = (hook.samples ??= []);
  if (samples.length < KEEP) samples.push({ t: s.t, x: s.x, y: s.y, variants: s.variants ?? [], pose: s.pose ?? null });
}
