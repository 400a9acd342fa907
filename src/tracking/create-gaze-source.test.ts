import { describe, expect, it } from 'vitest';
import { DEFAULT_GAZE } from '../../stimuli/presets.ts';
import { createGazeSource } from './create-gaze-source.ts';
import { MouseGazeSource } from './mouse-source.ts';
import { ReplayGazeSource } from './replay-source.ts';
import { SimulatedGazeSource } from './simulated-source.ts';
import { WebGazerSource } from './webgazer-source.ts';
import { WorkerGazeSource } from './worker-engine/worker-source.ts';

describe('createGazeSource()', () => {
  it('returns the source class for each kind, with a matching kind', () => {
    expect(createGazeSource('mouse', DEFAULT_GAZE)).toBeInstanceOf(MouseGazeSource);
    expect(createGazeSource('webgazer', DEFAULT_GAZE)).toBeInstanceOf(WebGazerSource);
    expect(createGazeSource('worker', DEFAULT_GAZE)).toBeInstanceOf(WorkerGazeSource);
    expect(createGazeSource('replay', DEFAULT_GAZE)).toBeInstanceOf(ReplayGazeSource);
    expect(createGazeSource('simulated', DEFAULT_GAZE)).toBeInstanceOf(SimulatedGazeSource);
    for (const kind of ['mouse', 'webgazer', 'worker', 'replay', 'simulated'] as const)
      expect(createGazeSource(kind, DEFAULT_GAZE).kind).toBe(kind);
  });

  it('replays the given trace text', async () => {
    const source = createGazeSource('replay', DEFAULT_GAZE, { replayText: '0,5,6\n10,7,8' });
    await source.start();
    expect(source.status().state).toBe('running');
    await source.stop();
  });
});
