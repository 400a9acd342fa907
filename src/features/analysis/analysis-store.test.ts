import { afterEach, describe, expect, it } from 'vitest';
import { useAnalysisStore } from './analysis-store.ts';
import type { AnalysisRequester } from './worker-client.ts';
import type { RunSummary, ViewResult, WorkerRequest } from './worker-protocol.ts';

interface Call {
  body: Omit<WorkerRequest, 'id'>;
  resolve(v: unknown): void;
  reject(e: Error): void;
}

/** Records requests; the test answers them in any order. */
function fakeWorker() {
  const calls: Call[] = [];
  const requester = {
    request(body: Omit<WorkerRequest, 'id'>) {
      return new Promise((resolve, reject) => calls.push({ body, resolve, reject }));
    },
  } as unknown as AnalysisRequester;
  return { calls, requester };
}

const summary = {
  screens: [],
  participants: ['P1', 'P2'],
  gazeSources: [],
  tasks: [],
  taskIds: [],
  samples: 0,
  fixations: 0,
  totalMs: 0,
  timings: {},
  pxPerDeg: 38,
  hasSurveys: false,
} as unknown as RunSummary;
const viewOf = (tag: number) => ({ filter: {}, heatmaps: [], screenIndexes: [tag] }) as unknown as ViewResult;
const flush = () => new Promise((r) => setTimeout(r, 0));

/** A store attached to a fake worker whose run has finished. */
async function analysed() {
  const w = fakeWorker();
  const s = useAnalysisStore.getState();
  s.attach(w.requester);
  const done = s.analyse({ demo: null, sessionIds: ['x'], datasetIds: [] });
  w.calls[0]!.resolve({ type: 'analysed', summary });
  await done;
  return { w, s };
}

afterEach(() => {
  useAnalysisStore.getState().reset();
  useAnalysisStore.getState().attach(null);
});

describe('useAnalysisStore', () => {
  it('asks for a view with the library filter after the run, then for the click models of that filter', async () => {
    const w = fakeWorker();
    const s = useAnalysisStore.getState();
    s.attach(w.requester);
    const done = s.analyse({ demo: { participants: 2, screens: 1, seed: 1 }, sessionIds: [], datasetIds: [] });
    expect(useAnalysisStore.getState().status).toBe('loading');
    w.calls[0]!.resolve({ type: 'analysed', summary });
    await done;
    expect(w.calls[1]!.body).toMatchObject({
      type: 'view',
      request: { filter: {}, heatmap: { mode: 'absolute', sigmaDeg: 1.5 }, compare: 'none' },
    });
    w.calls[1]!.resolve({ type: 'view', view: viewOf(1) });
    await flush();
    expect(useAnalysisStore.getState().view?.screenIndexes).toEqual([1]);
    expect(w.calls[2]!.body).toEqual({ type: 'clickModels', filter: {} });
    expect(useAnalysisStore.getState().clickModels).toBeUndefined();
  });

  it('keeps the newest view when an older answer arrives last', async () => {
    const { w, s } = await analysed();
    s.dispatchFilter({ type: 'setParticipants', participants: ['P2'] });
    const first = w.calls[1]!;
    const second = w.calls[2]!;
    expect(second.body).toMatchObject({ type: 'view', request: { filter: { participants: ['P2'] } } });
    second.resolve({ type: 'view', view: viewOf(2) });
    first.resolve({ type: 'view', view: viewOf(1) });
    await flush();
    expect(useAnalysisStore.getState().view?.screenIndexes).toEqual([2]);
    expect(useAnalysisStore.getState().viewPending).toBe(false);
  });

  it('shows the reducer’s message and sends nothing for an invalid quality threshold', async () => {
    const { w, s } = await analysed();
    const before = w.calls.length;
    s.dispatchFilter({ type: 'setMaxLostPct', value: 150 });
    expect(useAnalysisStore.getState().error).toMatch(/between 0 and 100, got 150/);
    expect(w.calls.length).toBe(before);
  });

  it('returns to error status with the worker’s message when the run fails', async () => {
    const w = fakeWorker();
    const s = useAnalysisStore.getState();
    s.attach(w.requester);
    const done = s.analyse({ demo: null, sessionIds: ['gone'], datasetIds: [] });
    w.calls[0]!.reject(new Error("Session gone is not in this browser's storage"));
    await done;
    expect(useAnalysisStore.getState()).toMatchObject({ status: 'error', error: "Session gone is not in this browser's storage" });
  });
});
