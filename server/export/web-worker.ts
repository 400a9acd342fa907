import { Worker as ThreadWorker } from 'node:worker_threads';

// zip/zip-stream.ts compresses the big entries in Web Workers where there are some (the browser);
// in Node it deflates on its own thread. The export's thread gets the same parallel compression by
// this stand-in for the Web Worker API (what ZipStream uses of it: onmessage, onerror, postMessage
// with transfers, terminate) over Node worker threads.

interface WebWorkerLike {
  onmessage: ((e: { data: unknown }) => void) | null;
  onerror: ((e: { message: string }) => void) | null;
  postMessage(message: unknown, transfer?: readonly ArrayBuffer[]): void;
  terminate(): void;
}

class ThreadBackedWorker implements WebWorkerLike {
  onmessage: ((e: { data: unknown }) => void) | null = null;
  onerror: ((e: { message: string }) => void) | null = null;
  private readonly thread: ThreadWorker;

  constructor(url: URL | string) {
    this.thread = new ThreadWorker(new URL('./web-worker-boot.mjs', import.meta.url), { workerData: { module: String(url) } });
    this.thread.on('message', (data: unknown) => this.onmessage?.({ data }));
    this.thread.on('error', (error: Error) => this.onerror?.({ message: error.message }));
  }

  postMessage(message: unknown, transfer: readonly ArrayBuffer[] = []): void {
    this.thread.postMessage(message, [...transfer]);
  }

  terminate(): void {
    void this.thread.terminate();
  }
}

/** Gives this thread a `Worker` global (unless it has one): ZipStream then deflates on other threads. */
export function installWebWorker(): void {
  const scope = globalThis as { Worker?: unknown };
  if (scope.Worker === undefined) scope.Worker = ThreadBackedWorker;
}
