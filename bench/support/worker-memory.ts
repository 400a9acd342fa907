// Memory of a page's dedicated workers, which the page's own heap figures leave out: each worker's
// JS heap after a forced GC (CDP, through the page session's auto-attach) and, for the gaze
// engine's worker, the size of MediaPipe's wasm heap (emscripten's `Module.HEAPU8`; a wasm memory
// only grows, so this is its high-water mark). Used by the soak.
import type { CDPSession, Page } from 'playwright-core';

export interface WorkerMemory {
  url: string;
  /** V8 heap in use after a GC, bytes (null when the worker did not answer). */
  jsBytes: number | null;
  /** The wasm heap of the face mesh, bytes (null in workers without one). */
  wasmBytes: number | null;
}

interface Attached {
  sessionId: string;
  targetInfo: { type: string; url: string };
}

/** Keeps a debugger session to every worker the page starts; `measure()` reads them all. */
export class WorkerHeaps {
  private readonly sessions = new Map<string, string>();
  private nextId = 1;
  private readonly waiting = new Map<number, (result: unknown) => void>();

  private constructor(
    private readonly page: Page,
    private readonly cdp: CDPSession,
  ) {}

  static async attach(page: Page, cdp: CDPSession): Promise<WorkerHeaps> {
    const heaps = new WorkerHeaps(page, cdp);
    cdp.on('Target.attachedToTarget', (e: Attached) => {
      if (e.targetInfo.type === 'worker') heaps.sessions.set(e.sessionId, e.targetInfo.url);
    });
    cdp.on('Target.detachedFromTarget', (e: { sessionId: string }) => heaps.sessions.delete(e.sessionId));
    cdp.on('Target.receivedMessageFromTarget', (e: { message: string }) => {
      const m = JSON.parse(e.message) as { id?: number; result?: unknown; error?: unknown };
      if (m.id === undefined) return;
      heaps.waiting.get(m.id)?.(m.result ?? null);
      heaps.waiting.delete(m.id);
    });
    // Non-flattened sessions: Playwright's CDPSession cannot address flattened child sessions.
    await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
    return heaps;
  }

  private call(sessionId: string, method: string, timeoutMs = 30_000): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        resolve(null);
      }, timeoutMs);
      this.waiting.set(id, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
      void this.cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) }).catch(() => resolve(null));
    });
  }

  async measure(): Promise<WorkerMemory[]> {
    const wasm = new Map<string, number | null>();
    for (const w of this.page.workers()) {
      const bytes = await w
        .evaluate(() => (globalThis as { Module?: { HEAPU8?: Uint8Array } }).Module?.HEAPU8?.byteLength ?? null)
        .catch(() => null);
      wasm.set(w.url(), bytes);
    }
    const out: WorkerMemory[] = [];
    for (const [sessionId, url] of this.sessions) {
      await this.call(sessionId, 'HeapProfiler.collectGarbage');
      const usage = (await this.call(sessionId, 'Runtime.getHeapUsage')) as { usedSize?: number } | null;
      out.push({ url, jsBytes: usage?.usedSize ?? null, wasmBytes: wasm.get(url) ?? null });
    }
    return out;
  }
}
