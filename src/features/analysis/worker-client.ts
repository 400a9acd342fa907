// Promise wrapper around the analysis worker: one request id per message, progress callbacks.
import type { WorkerRequest, WorkerResponse } from './worker-protocol.ts';

type Body<T extends WorkerRequest['type']> = Omit<Extract<WorkerRequest, { type: T }>, 'id'>;
type Reply = Exclude<WorkerResponse, { type: 'progress' } | { type: 'error' }>;
/** Reply type of each request type. */
interface ReplyOf {
  analyse: Extract<Reply, { type: 'analysed' }>;
  view: Extract<Reply, { type: 'view' }>;
  scanpath: Extract<Reply, { type: 'scanpath' }>;
  clickModels: Extract<Reply, { type: 'clickModels' }>;
  tablesZip: Extract<Reply, { type: 'tablesZip' }>;
}
export type ProgressMessage = Extract<WorkerResponse, { type: 'progress' }>;

export class AnalysisWorkerClient {
  private worker: Worker;
  private seq = 0;
  private pending = new Map<
    number,
    { resolve(r: Reply): void; reject(e: Error): void; progress?: ((p: ProgressMessage) => void) | undefined }
  >();

  constructor() {
    this.worker = new Worker(new URL('./analysis.worker.ts', import.meta.url), { type: 'module' });
    this.worker.onmessage = (e: MessageEvent<WorkerResponse>) => {
      const m = e.data;
      const p = this.pending.get(m.id);
      if (!p) return;
      if (m.type === 'progress') {
        p.progress?.(m);
        return;
      }
      this.pending.delete(m.id);
      if (m.type === 'error') p.reject(new Error(m.message));
      else p.resolve(m);
    };
    this.worker.onerror = (e) => {
      const err = new Error(`analysis worker failed: ${e.message || 'unknown error'}`);
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
  }

  request<T extends WorkerRequest['type']>(body: Body<T> & { type: T }, progress?: (p: ProgressMessage) => void): Promise<ReplyOf[T]> {
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (r: Reply) => void, reject, progress });
      this.worker.postMessage({ ...body, id } as unknown as WorkerRequest);
    });
  }

  terminate(): void {
    this.worker.terminate();
    for (const p of this.pending.values()) p.reject(new Error('analysis worker stopped'));
    this.pending.clear();
  }
}

/** What the store needs of the worker (a fake stands in for it in unit tests). */
export type AnalysisRequester = Pick<AnalysisWorkerClient, 'request'>;
