// What the eyes, lids and head do at a given moment, from the state Node set, the scanpath running
// and what the page shows (dots, element positions) as the main thread last saw it. Runs in the
// render worker; no DOM.
import { DEFAULT_SETUP, viewportToWorld, type HeadPose, type Setup, type Vec2 } from '../gaze-model.ts';
import type { CameraConfig, ParticipantState, ScanStep } from '../protocol.ts';
import { gaussian } from './face-renderer.ts';
import type { FrameInput } from './face-renderer.ts';

/** The page as the main thread resolved it (viewport px). */
export interface PageView {
  /** The calibration / validation / drift dot on screen, if any. */
  dot: { p: Vec2; label: string } | null;
  /** The state's target; null when it is `away`. */
  target: Vec2 | null;
  targetLabel: string;
  /** The running scanpath's steps, each resolved (null: away). */
  scan: (Vec2 | null)[];
  width: number;
  height: number;
}

interface RunningScan {
  id: number;
  steps: Pick<ScanStep, 'dwellMs' | 'label'>[];
  start: number;
}

export interface EngineFrame {
  input: FrameInput;
  /** Where the eyes point (viewport px) and why; null when away or closed. */
  x: number | null;
  y: number | null;
  label: string | null;
  closure: number;
  head: HeadPose;
  /** Ids of scanpaths that ended with this frame. */
  finished: number[];
}

export class ParticipantEngine {
  private state: ParticipantState;
  private view: PageView = { dot: null, target: null, targetLabel: 'pointer', scan: [], width: 1920, height: 1080 };
  private scan: RunningScan | null = null;
  private nextBlinkAt = Infinity;
  private blinkStart = -Infinity;
  private readonly setup: Setup;
  private readonly swayStart: number;

  constructor(
    config: CameraConfig,
    private readonly random: () => number,
    now: number,
  ) {
    this.state = config.state;
    this.setup = { ...DEFAULT_SETUP, ...config.setup };
    this.swayStart = now;
    this.scheduleBlink(now);
  }

  setState(next: ParticipantState, now: number): void {
    const blinkChanged = next.blinkEveryMs !== this.state.blinkEveryMs;
    this.state = next;
    if (blinkChanged) this.scheduleBlink(now);
  }

  setView(view: PageView): void {
    this.view = view;
  }

  /** Starts a scanpath now; a running one ends (reported as finished). */
  startScan(id: number, steps: RunningScan['steps'], now: number): number[] {
    const ended = this.scan ? [this.scan.id] : [];
    this.scan = { id, steps, start: now };
    return ended;
  }

  blink(now: number): void {
    this.blinkStart = now;
  }

  private scheduleBlink(now: number): void {
    this.nextBlinkAt = this.state.blinkEveryMs > 0 ? now + this.state.blinkEveryMs * (0.7 + 0.6 * this.random()) : Infinity;
  }

  private closure(now: number): number {
    if (now >= this.nextBlinkAt) {
      this.blinkStart = now;
      this.scheduleBlink(now);
    }
    const s = (now - this.blinkStart) / this.state.blinkMs;
    if (s < 0 || s > 1) return 0;
    // Closes in the first third, opens over the rest.
    return s < 1 / 3 ? 3 * s : 1.5 * (1 - s);
  }

  private head(now: number): HeadPose {
    const h = { ...this.state.head };
    const sway = this.state.sway;
    if (sway) {
      const phase = Math.sin((2 * Math.PI * (now - this.swayStart)) / sway.periodMs);
      for (const k of Object.keys(sway.amplitude) as (keyof HeadPose)[]) h[k] += (sway.amplitude[k] ?? 0) * phase;
    }
    return h;
  }

  /** The scan step at `now`, or null when no scanpath runs; ends finished scanpaths. */
  private scanStep(now: number, finished: number[]): { p: Vec2 | null; label: string } | null {
    const scan = this.scan;
    if (!scan) return null;
    let t = now - scan.start;
    for (let i = 0; i < scan.steps.length; i++) {
      const step = scan.steps[i]!;
      if (t < step.dwellMs) return { p: this.view.scan[i] ?? null, label: step.label ?? `step ${i + 1}` };
      t -= step.dwellMs;
    }
    finished.push(scan.id);
    this.scan = null;
    return null;
  }

  frame(now: number): EngineFrame {
    const finished: number[] = [];
    // The scanpath's clock runs even while a dot claims the eyes.
    const step = this.scanStep(now, finished);
    let look: { p: Vec2 | null; label: string };
    if (this.state.followDots && this.view.dot) look = this.view.dot;
    else if (step) look = step;
    else look = { p: this.view.target, label: this.view.targetLabel };
    const head = this.head(now);
    const closure = this.closure(now);
    let p = look.p;
    if (p && this.state.tremorDeg > 0) {
      const px = this.state.tremorDeg * (Math.PI / 180) * this.setup.distanceCm * this.setup.pxPerCm;
      p = { x: p.x + px * gaussian(this.random), y: p.y + px * gaussian(this.random) };
    }
    // Looking away: below the screen, where a keyboard would be.
    const aim = p ?? { x: this.view.width / 2, y: this.view.height + 20 * this.setup.pxPerCm };
    const closed = closure > 0.5;
    return {
      input: {
        head,
        target: viewportToWorld(aim, this.view.width, this.setup),
        closure,
        brightness: this.state.brightness,
        sideLight: this.state.sideLight,
        noise: this.state.noise,
      },
      x: p && !closed ? p.x : null,
      y: p && !closed ? p.y : null,
      label: look.label,
      closure,
      head,
      finished,
    };
  }
}
