import { createRng, type Rng } from '../../analysis/random.ts';
import type { AoiKind } from '../../core/events.ts';
import { GazeEmitter, type GazeListener, type GazeSource, type GazeStatus } from './gaze-source.ts';

/** An area the simulated viewer may look at, in viewport CSS px. */
export interface GazeTarget {
  x: number;
  y: number;
  w: number;
  h: number;
  kind: AoiKind;
  row: number;
  column?: number;
}

export interface SimulatedOptions {
  seed: number;
  /** SD of the Gaussian noise added to each sample, px. */
  noiseSdPx: number;
  /** Each sample reports where the viewer looked this long ago. */
  lagMs: number;
  rateHz: number;
  /** Current AOI layout in viewport px (the carousel provides it); defaults to a generic grid. */
  getTargets?: () => GazeTarget[];
}

export const DEFAULT_SIMULATED: Omit<SimulatedOptions, 'getTargets'> = { seed: 1, noiseSdPx: 30, lagMs: 50, rateHz: 30 };

/**
 * F-pattern-like attention: top rows and left positions get most looks, row titles are read
 * sometimes, arrows rarely.
 */
export function targetWeight(target: GazeTarget): number {
  const rowFactor = 0.55 ** Math.max(0, target.row - 1);
  if (target.kind === 'tile') return rowFactor * 0.7 ** Math.max(0, (target.column ?? 1) - 1);
  if (target.kind === 'title') return 0.25 * rowFactor;
  return 0.03 * rowFactor;
}

/** A generic carousel-like grid over the viewport: a title above each of 4 rows of 5 tiles. */
export function genericGrid(width: number, height: number): GazeTarget[] {
  const out: GazeTarget[] = [];
  const rows = 4;
  const cols = 5;
  const margin = width * 0.04;
  const rowH = height / rows;
  const tileW = (width - 2 * margin) / cols;
  for (let r = 0; r < rows; r++) {
    const top = r * rowH;
    out.push({ x: margin, y: top + rowH * 0.05, w: tileW * 1.5, h: rowH * 0.12, kind: 'title', row: r + 1 });
    for (let c = 0; c < cols; c++)
      out.push({
        x: margin + c * tileW + tileW * 0.04,
        y: top + rowH * 0.22,
        w: tileW * 0.92,
        h: rowH * 0.7,
        kind: 'tile',
        row: r + 1,
        column: c + 1,
      });
  }
  return out;
}

interface Fixation {
  start: number;
  end: number;
  x: number;
  y: number;
  target: GazeTarget;
}

/**
 * The scripted viewer: a deterministic sequence of fixations (from the seed) over whatever
 * targets are on screen when each fixation starts. Saccades are instantaneous.
 */
export class ScanPathScript {
  private readonly rng: Rng;
  private current: Fixation | null = null;

  constructor(seed: number) {
    this.rng = createRng(seed);
  }

  private pick(targets: readonly GazeTarget[]): GazeTarget {
    const prev = this.current?.target;
    // Half the time, read on: the next tile to the right in the same row.
    if (prev && prev.kind !== 'backward' && prev.kind !== 'forward' && this.rng.next() < 0.5) {
      const nextColumn = prev.kind === 'title' ? 1 : (prev.column ?? 0) + 1;
      const next = targets.find((t) => t.kind === 'tile' && t.row === prev.row && t.column === nextColumn);
      if (next) return next;
    }
    return targets[this.rng.weighted(targets.map(targetWeight))] as GazeTarget;
  }

  private nextFixation(start: number, targets: readonly GazeTarget[]): Fixation {
    const target = this.pick(targets);
    const duration = 180 + 270 * this.rng.next();
    const x = target.x + target.w * (0.5 + (this.rng.next() - 0.5) * 0.5);
    const y = target.y + target.h * (0.5 + (this.rng.next() - 0.5) * 0.5);
    return { start, end: start + duration, x, y, target };
  }

  /** Where the viewer looks at time t (ms, non-decreasing between calls). */
  gazeAt(t: number, targets: readonly GazeTarget[]): { x: number; y: number; target: GazeTarget } | null {
    if (!targets.length) return null;
    if (!this.current) this.current = this.nextFixation(t, targets);
    while (this.current.end <= t) this.current = this.nextFixation(this.current.end, targets);
    return { x: this.current.x, y: this.current.y, target: this.current.target };
  }
}

/** Produces the noisy, lagged sample the simulated tracker reports at time t. */
export class SimulatedViewer {
  private readonly script: ScanPathScript;
  private readonly noise: Rng;
  private readonly options: Omit<SimulatedOptions, 'getTargets'>;

  constructor(options: Omit<SimulatedOptions, 'getTargets'>) {
    this.options = options;
    this.script = new ScanPathScript(options.seed);
    this.noise = createRng(options.seed ^ 0x9e3779b9);
  }

  sampleAt(t: number, targets: readonly GazeTarget[]): { x: number; y: number } | null {
    const g = this.script.gazeAt(Math.max(0, t - this.options.lagMs), targets);
    if (!g) return null;
    return { x: g.x + this.noise.normal() * this.options.noiseSdPx, y: g.y + this.noise.normal() * this.options.noiseSdPx };
  }
}

function visibleTargets(targets: readonly GazeTarget[]): GazeTarget[] {
  if (typeof window === 'undefined') return [...targets];
  const w = window.innerWidth;
  const h = window.innerHeight;
  return targets.filter((t) => t.x + t.w > 0 && t.y + t.h > 0 && t.x < w && t.y < h);
}

/** A scripted viewer scanning the carousel, at a fixed rate (demos, tests, the analysis demo). */
export class SimulatedGazeSource implements GazeSource {
  readonly kind = 'simulated' as const;
  private emitter = new GazeEmitter();
  private running = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private viewer: SimulatedViewer;
  private startedAt = 0;
  private n = 0;
  private readonly options: SimulatedOptions;

  constructor(options: Partial<SimulatedOptions> = {}) {
    this.options = { ...DEFAULT_SIMULATED, ...options };
    if (!(this.options.rateHz > 0)) throw new Error(`simulated gaze rate must be > 0 Hz, got ${this.options.rateHz}`);
    if (!(this.options.noiseSdPx >= 0)) throw new Error(`simulated gaze noise SD must be ≥ 0 px, got ${this.options.noiseSdPx}`);
    this.viewer = new SimulatedViewer(this.options);
  }

  private targets(): GazeTarget[] {
    const given = this.options.getTargets?.() ?? [];
    const visible = visibleTargets(given);
    if (visible.length) return visible;
    return typeof window === 'undefined' ? [] : genericGrid(window.innerWidth, window.innerHeight);
  }

  private readonly tick = () => {
    this.timer = null;
    if (!this.running) return;
    const t = performance.now();
    const s = this.viewer.sampleAt(t - this.startedAt, this.targets());
    if (s) this.emitter.emit({ t, x: s.x, y: s.y, source: 'simulated' });
    else this.emitter.emit({ t, x: null, y: null, source: 'simulated', lost: 'no-face' });
    this.n += 1;
    // Drift-free: the k-th sample is due at start + k·period.
    const due = this.startedAt + (this.n * 1000) / this.options.rateHz;
    this.timer = setTimeout(this.tick, Math.max(0, due - performance.now()));
  };

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.viewer = new SimulatedViewer(this.options);
    this.startedAt = performance.now();
    this.n = 0;
    this.timer = setTimeout(this.tick, 0);
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  subscribe(listener: GazeListener): () => void {
    return this.emitter.subscribe(listener);
  }

  status(): GazeStatus {
    return this.running ? { state: 'running', faceVisible: true, calibrated: true } : { state: 'idle' };
  }
}
