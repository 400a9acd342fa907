import { describe, expect, it } from 'vitest';
import { recgazePageSpec } from '../core/layout/layout-boxes.ts';
import { generateSyntheticDataset, generateSyntheticScreen, syntheticTaskType } from './synthetic.ts';

describe('generateSyntheticDataset()', () => {
  it('returns the same dataset for the same seed and a different one for another seed', () => {
    const a = JSON.stringify(generateSyntheticDataset({ participants: 2, screens: 2, secondsPerScreen: 5, seed: 9, events: true }).dataset);
    const b = JSON.stringify(generateSyntheticDataset({ participants: 2, screens: 2, secondsPerScreen: 5, seed: 9, events: true }).dataset);
    const c = JSON.stringify(
      generateSyntheticDataset({ participants: 2, screens: 2, secondsPerScreen: 5, seed: 10, events: true }).dataset,
    );
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it('returns time-ordered event streams that start with a layout and sample gaze at the requested rate', () => {
    const { dataset, samples } = generateSyntheticDataset({
      participants: 3,
      screens: 4,
      secondsPerScreen: 10,
      hz: 30,
      seed: 1,
      events: true,
    });
    expect(dataset.sessions).toHaveLength(3);
    expect(samples).toBeGreaterThanOrEqual(3 * 4 * 10 * 30);
    expect(samples).toBeLessThan(3 * 4 * 12 * 30);
    for (const s of dataset.sessions) {
      expect(s.screens).toHaveLength(4);
      for (const sc of s.screens) {
        const ev = sc.events!;
        expect(ev[0]!.kind).toBe('layout');
        for (let i = 1; i < ev.length; i++) expect(ev[i]!.t).toBeGreaterThanOrEqual(ev[i - 1]!.t);
      }
    }
    const all = dataset.sessions.flatMap((s) => s.screens.flatMap((sc) => sc.events!));
    const lost = all.filter((e) => e.kind === 'gaze' && e.x === null).length;
    expect(lost / samples).toBeGreaterThan(0.01);
    expect(lost / samples).toBeLessThan(0.06);
  });

  it('returns swipes that are followed by a layout with the new offset, and a selection event', () => {
    const { dataset } = generateSyntheticDataset({ participants: 2, screens: 3, seed: 4, events: true });
    const screens = dataset.sessions.flatMap((s) => s.screens);
    let swipes = 0;
    for (const sc of screens) {
      const ev = sc.events!;
      ev.forEach((e, i) => {
        if (e.kind !== 'swipe') return;
        swipes++;
        const next = ev.slice(i + 1).find((x) => x.kind === 'layout');
        expect(next && next.kind === 'layout' && next.offsets[e.row - 1]).toBe(e.offset);
      });
      const sel = ev.find((e) => e.kind === 'selection');
      expect(sel?.kind).toBe('selection');
      expect(sc.selection?.movieId).toBe(sel && sel.kind === 'selection' ? sel.movieId : -1);
    }
    expect(swipes).toBeGreaterThan(0);
  });
});

describe('syntheticTaskType()', () => {
  it('returns the RecGaze task blocks for 40 screens', () => {
    expect([1, 30, 31, 35, 36, 40].map((t) => syntheticTaskType(t, 40))).toEqual([
      'free_browsing',
      'free_browsing',
      'semi_free',
      'semi_free',
      'direct_search',
      'direct_search',
    ]);
  });
});

describe('generateSyntheticScreen()', () => {
  it('returns gaze whose mean error from the true fixation points is near the requested noise', () => {
    const { events, truth } = generateSyntheticScreen({
      spec: recgazePageSpec({ w: 1920, h: 969 }),
      durationMs: 60000,
      seed: 3,
      noisePx: 150,
      lossRate: 0,
    });
    let se = 0;
    let n = 0;
    for (const f of truth) {
      for (const e of events) {
        if (e.kind !== 'gaze' || e.x === null || e.y === null || e.t < f.t || e.t >= f.t + f.durationMs) continue;
        se += (e.x - f.x) ** 2 + (e.y - f.y) ** 2;
        n++;
      }
    }
    const rms = Math.sqrt(se / n);
    expect(n).toBeGreaterThan(1000);
    // one participant's bias dominates a single screen, so allow a wide band around 150
    expect(rms).toBeGreaterThan(60);
    expect(rms).toBeLessThan(300);
  });
});
