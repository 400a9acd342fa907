// Messages between the page's main thread and the render worker.
import type { CameraConfig, ParticipantState, ScanStep, TruthFrame } from '../protocol.ts';
import type { PageView } from './participant-engine.ts';

export type ToWorker =
  | { type: 'init'; config: CameraConfig; photo: ImageBitmap; timeOrigin: number }
  | { type: 'state'; state: ParticipantState }
  | { type: 'view'; view: PageView }
  | { type: 'scan'; id: number; steps: Pick<ScanStep, 'dwellMs' | 'label'>[] }
  | { type: 'blink' }
  /** A camera track's sink: every painted frame is written to it until it closes. */
  | { type: 'track'; writable: WritableStream<VideoFrame> }
  /** Paint one frame now and send it back (the mesh probe). */
  | { type: 'render-now'; id: number };

export type FromWorker =
  /** Painted frames (times already on the page's clock) and scanpaths that ended. */
  { type: 'frames'; frames: TruthFrame[]; finished: number[] } | { type: 'rendered'; id: number; bitmap: ImageBitmap; frame: TruthFrame };
