import { describe, expect, it } from 'vitest';
import type { AnalysisDataset } from './dataset.ts';
import { analyseDataset, heatmapForFilter, metricsForFilter, type PipelineProgress } from './pipeline.ts';
import { inTimeOrder } from './screen-columns.ts';
import { generateSyntheticDataset } from './synthetic.ts';

const noisy = generateSyntheticDataset({ participants: 6, screens: 8, secondsPerScreen: 20, seed: 5, withTruth: true });
const run = analyseDataset(noisy.dataset);

function sum(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return s;
}

describe('analyseDataset()', () => {
  it('returns labels equal to the true AOI for almost every fixation when gaze has no noise', () => {
    const clean = generateSyntheticDataset({
      participants: 2,
      screens: 3,
      secondsPerScreen: 20,
      seed: 2,
      noisePx: 0,
      lossRate: 0,
      withTruth: true,
    });
    const r = analyseDataset(clean.dataset, { idt: { dispersionPx: 60 } });
    const truth = clean.truth!.flat();
    let matched = 0;
    let total = 0;
    for (const s of r.screens) {
      const tf = truth[s.index]!;
      for (let i = 0; i < r.fixations.length; i++) {
        if (r.fixations.screen[i] !== s.index) continue;
        total++;
        const t = r.fixations.t[i]!;
        const g = tf.find((f) => t >= f.t - 40 && t < f.t + f.durationMs);
        const a = r.fixations.aoi[i]!;
        if (g && a.row === g.box.row && (g.box.kind !== 'tile' || a.column === g.box.column)) matched++;
      }
    }
    expect(total).toBeGreaterThan(0.8 * truth.flat().length);
    expect(matched / total).toBeGreaterThan(0.95);
  });

  it('returns an F-pattern (top rows and left columns dwell most) on synthetic webcam-like data', () => {
    const rows = run.metrics.dwell.rowDwellMs;
    const cols = run.metrics.dwell.columnDwellMs;
    expect(rows[0]!).toBeGreaterThan(rows[4]!);
    expect(rows[4]!).toBeGreaterThan(rows[9]!);
    expect(cols[0]!).toBeGreaterThan(cols[4]!);
    expect(run.fixations.length).toBeGreaterThan(0.6 * noisy.truth!.flat(2).length);
    expect(run.fixations.length).toBeLessThan(1.6 * noisy.truth!.flat(2).length);
  });

  it('returns quality figures, detection parameters and click models per run', () => {
    const s = run.screens[0]!;
    expect(s.quality!.achievedHz!).toBeGreaterThan(29);
    expect(s.detection).toMatchObject({ algorithm: 'idt', dispersionPx: 225, thresholdSource: 'default-accuracy' });
    expect(run.clickModels!.pbm.impressions).toBe(run.clickModels!.oepbm.impressions);
    expect(run.clickModels!.pbm.logLikelihood).toBeLessThan(0);
    expect(run.samples).toBe(noisy.samples);
  });

  it('returns only the screens passing the filter and reports progress up to the total', () => {
    const events: PipelineProgress[] = [];
    const r = analyseDataset(noisy.dataset, {
      filter: { tasks: ['direct_search'], participants: ['P001', 'P002'] },
      onProgress: (p) => events.push(p),
    });
    expect(r.screens.length).toBe(2);
    expect(r.screens.every((s) => s.task === 'direct_search')).toBe(true);
    const fx = events.filter((e) => e.stage === 'fixations');
    expect(fx[fx.length - 1]).toEqual({ stage: 'fixations', done: 2, total: 2 });
    expect(events.map((e) => e.stage)).toContain('heatmap');
  });

  it('returns the same heatmap and tables when re-filtering a finished run as when filtering up front', () => {
    const filter = { tasks: ['free_browsing' as const] };
    const direct = analyseDataset(noisy.dataset, { filter });
    const refiltered = heatmapForFilter(run, filter);
    expect(refiltered.points).toBe(direct.heatmap.points);
    expect(sum(refiltered.data)).toBeCloseTo(sum(direct.heatmap.data), 0);
    expect(Array.from(metricsForFilter(run, filter).dwell.cellCount)).toEqual(Array.from(direct.metrics.dwell.cellCount));
  });

  it('returns for every screen the fixations it gets when analysed alone (nothing carries over between screens)', () => {
    const one = noisy.dataset.sessions[1]!;
    for (const screen of one.screens.slice(0, 4)) {
      const alone = analyseDataset({ sessions: [{ ...one, screens: [screen] }] }, { skipClickModels: true }).fixations;
      const index = run.screens.findIndex((s) => s.sessionId === one.id && s.taskId === screen.taskId);
      const mine = [...run.fixations.screen.keys()].filter((i) => run.fixations.screen[i] === index);
      expect(mine.map((i) => [run.fixations.t[i], run.fixations.durationMs[i], run.fixations.cx[i]])).toEqual(
        [...Array(alone.length).keys()].map((i) => [alone.t[i], alone.durationMs[i], alone.cx[i]]),
      );
    }
  });

  it('drops screens below the data-quality threshold', () => {
    const r = analyseDataset(noisy.dataset, { filter: { maxLostPct: 3 } });
    expect(r.screens.length).toBeGreaterThan(0);
    expect(r.screens.length).toBeLessThan(run.screens.length);
    expect(r.screens.every((s) => s.quality!.lostPct <= 3)).toBe(true);
  });

  it('uses pre-labelled fixations without detection when a screen has no raw gaze', () => {
    const ds: AnalysisDataset = {
      sessions: [
        {
          id: 'r1',
          participantId: 'U1',
          studyId: 'recgaze',
          gazeSource: 'lab-tracker',
          origin: 'imported-recgaze',
          layout: { itemsPerRow: 15, visibleCount: 5, pageStep: 5 },
          screens: [
            {
              taskId: 1,
              task: 'free_browsing',
              fixations: [
                {
                  t: 0,
                  durationMs: 250,
                  x: 200,
                  y: 250,
                  aoi: { type: 'Movie', row: 1, position: 1, column: 1 },
                  aoiClosest: { type: 'Movie', row: 1, position: 1, column: 1 },
                },
                {
                  t: 300,
                  durationMs: 150,
                  x: 2100,
                  y: 600,
                  aoi: { type: 'Background' },
                  aoiClosest: { type: 'Movie', row: 2, position: 6, column: 1 },
                },
              ],
              selection: { row: 2, position: 6, movieId: 42, t: 900 },
            },
          ],
        },
      ],
    };
    const r = analyseDataset(ds);
    expect(r.screens[0]).toMatchObject({ preLabelled: true, detection: null, quality: null, fixations: 2 });
    expect(r.metrics.dwell.cellDwellMs[20]).toBe(150); // (2,6), closest rule by default
    expect(analyseDataset(ds, { aoiRule: 'strict' }).metrics.dwell.cellDwellMs[20]).toBe(0);
    expect(r.heatmap.points).toBe(2);
    // a fixation with an AOI label but no position is drawn at its AOI's centre
    const unplaced = structuredClone(ds);
    for (const f of unplaced.sessions[0]!.screens[0]!.fixations!) {
      delete f.x;
      delete f.y;
    }
    const placed = analyseDataset(unplaced);
    expect([placed.fixations.cx[0], placed.fixations.cy[0]]).toEqual([76 + 171, 176 + 96.5]);
    expect(placed.heatmap.points).toBe(2);
    expect(analyseDataset(unplaced, { placePreLabelledAtAoiCentre: false }).heatmap.points).toBe(0);
  });
});

describe('inTimeOrder()', () => {
  it('returns the same array when ordered and a stably sorted copy when batches arrived out of order', () => {
    const ev = generateSyntheticDataset({ participants: 1, screens: 1, secondsPerScreen: 5, seed: 5, events: true }).dataset.sessions[0]!
      .screens[0]!.events!;
    expect(inTimeOrder(ev)).toBe(ev);
    const shuffled = [...ev.slice(100), ...ev.slice(0, 100)];
    expect(inTimeOrder(shuffled)).toEqual(ev);
  });
});
