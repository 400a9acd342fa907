import { describe, expect, it } from 'vitest';
import { HEAD_AT_REST } from './gaze-model.ts';
import type { TruthFrame } from './protocol.ts';
import { dwells, exportedFixations, recoverDwells, sampleErrors, screenOffset, summariseErrors } from './truth.ts';

const frame = (t: number, x: number | null, y: number | null, label: string | null = 'a', closure = 0): TruthFrame => ({
  t,
  frame: Math.round(t / 33),
  x,
  y,
  label,
  closure,
  head: HEAD_AT_REST,
  irises: [
    { x: 0, y: 0 },
    { x: 0, y: 0 },
  ],
});

describe('screenOffset()', () => {
  it('returns the page-minus-screen offset most cursor events agree on', () => {
    const pointer = [
      { t: 1000.4, x: 10, y: 10 },
      { t: 1016.7, x: 12, y: 11 },
      { t: 1033.1, x: 14, y: 12 },
      { t: 5000, x: 10, y: 10 }, // the same place again, later
    ];
    const recorded = [
      { t: 200.4, x: 10, y: 10 },
      { t: 216.7, x: 12, y: 11 },
      { t: 233.1, x: 14, y: 12 },
    ];
    expect(screenOffset(pointer, recorded)).toBeCloseTo(800, 3);
  });

  it('returns null when no recorded move matches', () => {
    expect(screenOffset([{ t: 1, x: 1, y: 1 }], [{ t: 0, x: 2, y: 2 }])).toBeNull();
  });
});

describe('dwells()', () => {
  it('groups frames by label with the mean point of the open frames', () => {
    const d = dwells([frame(0, 10, 10), frame(33, 12, 10), frame(66, null, null), frame(100, 500, 500, 'b')]);
    expect(d).toEqual([
      { label: 'a', start: 0, end: 66, x: 11, y: 10 },
      { label: 'b', start: 100, end: 100, x: 500, y: 500 },
    ]);
  });
});

describe('sampleErrors()', () => {
  const frames = [
    ...Array.from({ length: 30 }, (_, i) => frame(i * 33, 100, 100)),
    ...Array.from({ length: 30 }, (_, i) => frame(990 + i * 33, 900, 500)),
  ];

  it('compares samples with the truth once the eyes have rested settleMs on the point', () => {
    const errors = sampleErrors(
      [
        { t: 600, x: 130, y: 60 }, // rested 600 ms on (100, 100)
        { t: 1100, x: 150, y: 100 }, // 110 ms after the jump: left out
        { t: 1700, x: 880, y: 520 },
        { t: 1800, x: null, y: null },
      ],
      frames,
      { settleMs: 400, jumpPx: 20 },
    );
    expect(errors.map((e) => [e.dx, e.dy])).toEqual([
      [30, -40],
      [-20, 20],
    ]);
    const summary = summariseErrors(errors, { width: 50, height: 100 });
    expect(summary.meanPx).toBeCloseTo((50 + Math.hypot(20, 20)) / 2);
    expect(summary.onTilePct).toBe(50);
    expect(summary.withinOneTilePct).toBe(100);
  });

  it('skips samples while the lids are closed (the truth is null)', () => {
    const blink = [frame(0, 100, 100), frame(33, null, null, 'a', 1), frame(1000, 100, 100)];
    expect(sampleErrors([{ t: 40, x: 1, y: 1 }], blink, { settleMs: 0, jumpPx: 20 })).toEqual([]);
  });
});

describe('recoverDwells()', () => {
  it('takes the fixation overlapping the dwell most and checks its row and position', () => {
    const fixations = exportedFixations([
      {
        TaskID: '1',
        Timestamp: '1.0',
        Fixation_Duration: '400',
        Fixation_AOI_type: 'Movie',
        Fixation_AOI_Carousel_position: '1',
        Fixation_AOI_Movie_position_in_carousel: '2',
        Fixation_AOI_Closest_type: 'Movie',
      },
      {
        TaskID: '1',
        Timestamp: '1.5',
        Fixation_Duration: '1200',
        Fixation_AOI_type: 'NA',
        Fixation_AOI_Closest_type: 'Movie',
        Fixation_AOI_Closest_Carousel_position: '1',
        Fixation_AOI_Closest_Movie_position_in_carousel: '3',
      },
      {
        TaskID: '2',
        Timestamp: '1.5',
        Fixation_Duration: '2000',
        Fixation_AOI_type: 'Movie',
        Fixation_AOI_Carousel_position: '4',
        Fixation_AOI_Movie_position_in_carousel: '3',
      },
    ]);
    expect(fixations[1]).toMatchObject({ row: 1, position: 3, onTile: false });
    const [r] = recoverDwells([{ taskId: 1, row: 1, position: 3, start: 1000, end: 3000 }], fixations);
    expect(r!.fixation).toBe(fixations[1]);
    expect([r!.rowRight, r!.positionRight]).toEqual([true, true]);
    const [wrong] = recoverDwells([{ taskId: 1, row: 2, position: 3, start: 1000, end: 3000 }], fixations);
    expect([wrong!.rowRight, wrong!.positionRight]).toEqual([false, false]);
    expect(recoverDwells([{ taskId: 3, row: 1, position: 1, start: 0, end: 1000 }], fixations)[0]!.fixation).toBeNull();
  });
});
