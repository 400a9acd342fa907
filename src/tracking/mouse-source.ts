import { GazeEmitter, type GazeListener, type GazeSource, type GazeStatus } from './gaze-source.ts';

/**
 * Uses the cursor as the gaze point (piloting, demos, automated tests). Emits at most one sample per
 * animation frame at the last cursor position, like a tracker with a fixed rate, so downstream code
 * sees a sample stream rather than one sample per mouse event.
 */
export class MouseGazeSource implements GazeSource {
  readonly kind = 'mouse' as const;
  private emitter = new GazeEmitter();
  private running = false;
  private x: number | null = null;
  private y: number | null = null;
  private frame = 0;
  private readonly onMove = (e: MouseEvent) => {
    this.x = e.clientX;
    this.y = e.clientY;
  };
  private readonly tick = () => {
    if (!this.running) return;
    const t = performance.now();
    if (this.x === null || this.y === null) this.emitter.emit({ t, x: null, y: null, source: 'mouse', lost: 'no-face' });
    else this.emitter.emit({ t, x: this.x, y: this.y, source: 'mouse' });
    this.frame = requestAnimationFrame(this.tick);
  };

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    document.addEventListener('mousemove', this.onMove, { capture: true, passive: true });
    this.frame = requestAnimationFrame(this.tick);
  }
  async stop(): Promise<void> {
    this.running = false;
    cancelAnimationFrame(this.frame);
    document.removeEventListener('mousemove', this.onMove, { capture: true });
  }
  subscribe(listener: GazeListener): () => void {
    return this.emitter.subscribe(listener);
  }
  status(): GazeStatus {
    return this.running ? { state: 'running', faceVisible: true, calibrated: true } : { state: 'idle' };
  }
}
