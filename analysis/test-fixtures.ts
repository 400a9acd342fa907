// Hand-built screens shared by the metrics and click-model tests.
import type { AoiLabel } from './dataset.ts';
import type { GridShape, ScreenFixations } from './metrics.ts';

const movie = (row: number, position: number, column: number): AoiLabel => ({ type: 'Movie', row, position, column });
const fx = (t: number, durationMs: number, aoi: AoiLabel) => ({ t, durationMs, aoi });

export const SHAPE: GridShape = { rows: 2, positions: 10, columns: 5 };

/** Two hand-built screens; the expected figures in the tests below are worked out by hand. */
export const TINY: ScreenFixations[] = [
  {
    sessionId: 's1',
    participantId: 'p1',
    taskId: 1,
    task: 'free_browsing',
    fixations: [
      fx(0, 200, { type: 'Background' }),
      fx(250, 300, movie(1, 1, 1)),
      fx(600, 100, movie(1, 1, 1)),
      fx(750, 200, movie(1, 2, 2)),
      fx(1000, 150, { type: 'Genre', row: 2 }),
      fx(1200, 250, { type: 'Forward', row: 2 }),
      fx(1500, 400, movie(2, 6, 1)),
      fx(2000, 100, movie(1, 2, 2)),
    ],
    swipes: [{ t: 1300, row: 2, direction: 'forward' }],
    selection: { row: 2, position: 6, t: 2200 },
  },
  {
    sessionId: 's2',
    participantId: 'p2',
    taskId: 1,
    task: 'free_browsing',
    fixations: [fx(100, 200, { type: 'Genre', row: 1 }), fx(400, 300, movie(2, 1, 1))],
    swipes: [{ t: 50, row: 1, direction: 'forward' }],
    selection: { row: 1, position: 1, t: 900 },
  },
];
