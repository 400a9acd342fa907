import type { GazeSourceKind } from '../../core/events.ts';
import type { GazeSettings } from '../../core/study-config/schema.ts';
import type { GazeSource } from './gaze-source.ts';
import { MouseGazeSource } from './mouse-source.ts';
import { ReplayGazeSource } from './replay-source.ts';
import { SimulatedGazeSource, type GazeTarget, type SimulatedOptions } from './simulated-source.ts';
import { WebGazerSource, type WebGazerRegression } from './webgazer-source.ts';
import { WorkerGazeSource } from './worker-engine/worker-source.ts';

export interface CreateGazeSourceOptions {
  /** Simulated viewer: the carousel's AOI boxes in viewport px. */
  getTargets?: () => GazeTarget[];
  simulated?: Partial<Omit<SimulatedOptions, 'getTargets'>>;
  /** Replay: trace text instead of settings.replayUrl. */
  replayText?: string;
  regression?: WebGazerRegression;
}

export function createGazeSource(kind: GazeSourceKind, settings: GazeSettings, options: CreateGazeSourceOptions = {}): GazeSource {
  switch (kind) {
    case 'mouse':
      return new MouseGazeSource();
    case 'worker':
      return new WorkerGazeSource();
    case 'webgazer':
      return new WebGazerSource(options.regression ? { regression: options.regression } : {});
    case 'replay':
      return new ReplayGazeSource({
        ...(options.replayText !== undefined ? { text: options.replayText } : {}),
        ...(settings.replayUrl !== undefined ? { url: settings.replayUrl } : {}),
      });
    case 'simulated':
      return new SimulatedGazeSource({ ...options.simulated, ...(options.getTargets ? { getTargets: options.getTargets } : {}) });
  }
}
