import { GazeEmitter, type GazeListener, type GazeSource, type GazeStatus } from './gaze-source.ts';

export interface TracePoint {
  /** ms, relative to any origin; non-decreasing. */
  t: number;
  x: number | null;
  y: number | null;
}

/**
 * Parses a `t,x,y` CSV gaze trace (t in ms). A header line is optional; empty x and y mark a lost
 * sample. Throws on the first bad line, naming it.
 */
export function parseGazeTrace(text: string): TracePoint[] {
  const out: TracePoint[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = (lines[i] ?? '').trim();
    const lineNo = i + 1;
    if (!raw || raw.startsWith('#')) continue;
    const cells = raw.split(',').map((c) => c.trim());
    if (out.length === 0 && /^t$/i.test(cells[0] ?? '') && /^x$/i.test(cells[1] ?? '') && /^y$/i.test(cells[2] ?? '')) continue;
    if (cells.length !== 3) throw new Error(`line ${lineNo}: expected 3 columns t,x,y but found ${cells.length}: "${raw}"`);
    const [tc, xc, yc] = cells as [string, string, string];
    const t = Number(tc);
    if (tc === '' || !Number.isFinite(t)) throw new Error(`line ${lineNo}: t is not a number: "${tc}"`);
    const prev = out[out.length - 1];
    if (prev && t < prev.t) throw new Error(`line ${lineNo}: t goes backwards (${t} after ${prev.t})`);
    if ((xc === '') !== (yc === '')) throw new Error(`line ${lineNo}: x and y must both be given or both be empty`);
    if (xc === '') {
      out.push({ t, x: null, y: null });
      continue;
    }
    const x = Number(xc);
    const y = Number(yc);
    if (!Number.isFinite(x)) throw new Error(`line ${lineNo}: x is not a number: "${xc}"`);
    if (!Number.isFinite(y)) throw new Error(`line ${lineNo}: y is not a number: "${yc}"`);
    out.push({ t, x, y });
  }
  if (out.length < 2) throw new Error(`trace needs at least 2 samples, found ${out.length}`);
  return out;
}

/** Length of one loop: first to last sample plus one typical interval, so loops do not overlap. */
export function traceLoopMs(trace: readonly TracePoint[]): number {
  const first = trace[0];
  const last = trace[trace.length - 1];
  if (!first || !last) return 0;
  const span = last.t - first.t;
  const gap = span / Math.max(1, trace.length - 1);
  return span + Math.max(1, gap);
}

export interface ReplaySourceOptions {
  /** Same-origin URL of a `t,x,y` CSV trace. */
  url?: string;
  /** Trace text, instead of a URL. */
  text?: string;
  /** Largest number of overdue samples emitted in one go after a stall (older ones are skipped). */
  maxCatchUp?: number;
}

/** Plays a recorded trace in real time, looping, stamping each sample with performance.now(). */
export class ReplayGazeSource implements GazeSource {
  readonly kind = 'replay' as const;
  private emitter = new GazeEmitter();
  private state: GazeStatus = { state: 'idle' };
  private trace: TracePoint[] = [];
  private loopMs = 0;
  private startedAt = 0;
  private index = 0;
  private loop = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private starting: Promise<void> | null = null;
  private readonly options: ReplaySourceOptions;

  constructor(options: ReplaySourceOptions) {
    this.options = options;
  }

  start(): Promise<void> {
    if (this.state.state === 'running') return Promise.resolve();
    this.starting ??= this.load().finally(() => {
      this.starting = null;
    });
    return this.starting;
  }

  private async load(): Promise<void> {
    this.state = { state: 'starting' };
    try {
      const text = this.options.text ?? (await this.fetchTrace());
      if (this.state.state !== 'starting') return; // stopped while loading
      this.trace = parseGazeTrace(text);
    } catch (error) {
      this.state = {
        state: 'failed',
        reason: 'trace-failed',
        message: `Gaze trace: ${error instanceof Error ? error.message : String(error)}`,
      };
      return;
    }
    this.loopMs = traceLoopMs(this.trace);
    this.startedAt = performance.now();
    this.index = 0;
    this.loop = 0;
    this.state = { state: 'running', faceVisible: true, calibrated: true };
    this.schedule();
  }

  private async fetchTrace(): Promise<string> {
    const { url } = this.options;
    if (!url) throw new Error('no trace given (set gaze.replayUrl in the study config)');
    const resolved = new URL(url, location.href);
    if (resolved.origin !== location.origin) throw new Error(`${url} is not on this site; traces must be same-origin`);
    const res = await fetch(resolved);
    if (!res.ok) throw new Error(`${url} answered ${res.status}`);
    return res.text();
  }

  /** When (performance.now()) sample `index` of loop `loop` is due. */
  private dueAt(index: number, loop: number): number {
    const first = this.trace[0] as TracePoint;
    return this.startedAt + loop * this.loopMs + ((this.trace[index] as TracePoint).t - first.t);
  }

  private readonly tick = () => {
    this.timer = null;
    if (this.state.state !== 'running') return;
    const now = performance.now();
    const due: TracePoint[] = [];
    while (this.dueAt(this.index, this.loop) <= now) {
      due.push(this.trace[this.index] as TracePoint);
      this.index += 1;
      if (this.index >= this.trace.length) {
        this.index = 0;
        this.loop += 1;
      }
    }
    for (const p of due.slice(-(this.options.maxCatchUp ?? 3))) {
      if (p.x === null || p.y === null) this.emitter.emit({ t: now, x: null, y: null, source: 'replay', lost: 'no-face' });
      else this.emitter.emit({ t: now, x: p.x, y: p.y, source: 'replay' });
    }
    this.schedule();
  };

  private schedule(): void {
    const wait = Math.max(0, this.dueAt(this.index, this.loop) - performance.now());
    this.timer = setTimeout(this.tick, wait);
  }

  async stop(): Promise<void> {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.state.state === 'running' || this.state.state === 'starting') this.state = { state: 'stopped' };
  }

  subscribe(listener: GazeListener): () => void {
    return this.emitter.subscribe(listener);
  }

  status(): GazeStatus {
    return this.state;
  }
}
