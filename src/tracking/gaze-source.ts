import type { GazeLossReason, GazeSourceKind } from '../../core/events.ts';
import type { ViewingGeometry } from './worker-engine/face-geometry.ts';

export type { ViewingGeometry } from './worker-engine/face-geometry.ts';

/** One prediction as a source delivers it: `t` is `performance.now()` when the app received it. */
export interface GazeSample {
  t: number;
  /** Viewport CSS px (same frame as MouseEvent.clientX/Y); null when there is no prediction. */
  x: number | null;
  y: number | null;
  source: GazeSourceKind;
  lost?: GazeLossReason;
}

export type GazeStatus =
  | { state: 'idle' }
  | { state: 'starting' }
  | { state: 'running'; faceVisible: boolean; calibrated: boolean }
  | { state: 'stopped' }
  | { state: 'failed'; reason: 'camera-denied' | 'no-camera' | 'model-failed' | 'trace-failed' | 'unknown'; message: string };

export type GazeListener = (sample: GazeSample) => void;

/** Sources that track the participant's eyes through the webcam (calibrated, validated, drift-checked). */
export function isWebcamGaze(kind: GazeSourceKind): boolean {
  return kind === 'webgazer' || kind === 'worker';
}

/**
 * The one interface every gaze source implements (webgazer, worker, mouse, replay, simulated).
 * `start` may be called again after `stop`; sources must make a second `start` without `stop` a no-op.
 */
export interface GazeSource {
  readonly kind: GazeSourceKind;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Returns an unsubscribe function. */
  subscribe(listener: GazeListener): () => void;
  status(): GazeStatus;
  /** Housekeeping between screens, when no gaze is being recorded (optional). */
  maintain?(): Promise<void>;
  /** The participant's measured screen (null: unmeasured), for sources that model the head's movement (optional). */
  setViewing?(viewing: ViewingGeometry | null): void;
}

/** Small helper sources use to fan samples out to listeners. */
export class GazeEmitter {
  private listeners = new Set<GazeListener>();
  subscribe(listener: GazeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit(sample: GazeSample): void {
    for (const l of this.listeners) l(sample);
  }
  get size(): number {
    return this.listeners.size;
  }
}
