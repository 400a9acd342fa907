import { describe, expect, it } from 'vitest';
import { recordFigures, screenFigures } from './record-figures.ts';

describe('recordFigures', () => {
  it('takes screens done, rate, loss and the last validation from an uploaded record', () => {
    const record = {
      gazeSource: 'worker',
      flags: ['mouse-fallback', 3],
      selections: { 1: {}, 31: {} },
      quality: {
        1: { samples: 900, lost: 90, lostPct: 10, achievedHz: 30 },
        31: { samples: 100, lost: 10, achievedHz: 20 },
        x: { samples: 1e9, lost: 1e9 },
      },
      calibration: [
        { validation: { meanErrorPx: 300, meanErrorDeg: 8 } },
        { offsetPx: 5 },
        { validation: { meanErrorPx: 120, meanErrorDeg: 3.1 } },
      ],
    };
    expect(recordFigures(record)).toEqual({
      screensDone: 2,
      gazeSource: 'worker',
      flags: ['mouse-fallback'],
      samples: 1000,
      validationPx: 120,
      validationDeg: 3.1,
      gazeHz: 25,
      lossPct: 10,
    });
    expect(screenFigures(record)).toEqual([
      { taskId: 1, samples: 900, lostPct: 10, gazeHz: 30, durationMs: null },
      { taskId: 31, samples: 100, lostPct: 10, gazeHz: 20, durationMs: null },
    ]);
  });

  it('gives "not measured" for anything missing or odd', () => {
    for (const record of [{}, { quality: 'x', calibration: {}, selections: [] }, { quality: { 1: { samples: 'many' } } }]) {
      expect(recordFigures(record)).toEqual({
        screensDone: 0,
        gazeSource: null,
        flags: [],
        samples: null,
        validationPx: null,
        validationDeg: null,
        gazeHz: null,
        lossPct: null,
      });
    }
  });
});
