import type { GazeSample, GazeSource } from '../../../tracking/gaze-source.ts';

const wait = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });

/** Waits `settleMs` for the eyes to land, then gathers `durationMs` of samples into a plain array. */
export async function collectSamples(source: GazeSource, settleMs: number, durationMs: number, signal: AbortSignal): Promise<GazeSample[]> {
  await wait(settleMs, signal);
  const samples: GazeSample[] = [];
  const unsubscribe = source.subscribe((s) => samples.push(s));
  try {
    await wait(durationMs, signal);
  } finally {
    unsubscribe();
  }
  return samples;
}

export { wait as abortableWait };
