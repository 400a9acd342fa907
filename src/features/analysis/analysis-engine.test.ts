import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { generateSyntheticDataset } from '../../../analysis/synthetic.ts';
import { AnalysisEngine, heatmapPeak } from './analysis-engine.ts';
import { fixationRadius, fixationsUntil } from './scanpath.ts';

const syn = generateSyntheticDataset({ participants: 3, screens: 8, secondsPerScreen: 12, seed: 11 });
const engine = new AnalysisEngine();
const summary = engine.analyse({
  dataset: syn.dataset,
  answers: [
    { participantId: 'P001', pre: { age: '18-24' }, perSelection: {} },
    { participantId: 'P002', pre: { age: '18-24' }, perSelection: {} },
  ],
});

describe('AnalysisEngine.analyse()', () => {
  it('returns the participants, task types and screens of the dataset', () => {
    expect(summary.participants).toEqual(['P001', 'P002', 'P003']);
    expect(summary.screens).toHaveLength(24);
    expect(summary.tasks).toEqual(['free_browsing', 'semi_free', 'direct_search']);
    expect(summary.taskIds).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(summary.fixations).toBeGreaterThan(0);
    expect(summary.hasSurveys).toBe(true);
  });
});

describe('AnalysisEngine.view()', () => {
  const all = engine.view({ filter: {}, heatmap: {}, compare: 'none' });
  it('returns a heatmap peaking in the top-left of page 1 for F-pattern data', () => {
    const p = all.heatmaps[0]!.peak!;
    expect(p.x).toBeLessThan(960);
    expect(p.y).toBeLessThan(708.5);
    expect(all.screenIndexes).toHaveLength(24);
    expect(all.surveys.find((c) => c.question === 'age')?.count).toBe(2);
  });

  it('returns the same heatmap and tables for the whole run as for a filter that keeps every screen', () => {
    const e = new AnalysisEngine();
    e.analyse({ dataset: syn.dataset, answers: [] }, undefined, { mode: 'count', sigmaPx: 40 });
    const whole = e.view({ filter: {}, heatmap: { mode: 'count', sigmaPx: 40 }, compare: 'none' });
    const every = e.view({
      filter: { tasks: ['free_browsing', 'semi_free', 'direct_search'] },
      heatmap: { mode: 'count', sigmaPx: 40 },
      compare: 'none',
    });
    expect(Array.from(whole.heatmaps[0]!.grid.data)).toEqual(Array.from(every.heatmaps[0]!.grid.data));
    expect(whole.metrics).toEqual(every.metrics);
    // the whole-run grid is a copy: the worker transfers (detaches) it, the run keeps its own
    whole.heatmaps[0]!.grid.data.fill(0);
    expect(e.view({ filter: {}, heatmap: { mode: 'count', sigmaPx: 40 }, compare: 'none' }).heatmaps[0]!.grid.max).toBeGreaterThan(0);
  });

  it('returns less mass, fewer screens and only that participant’s answers for one participant', () => {
    const one = engine.view({ filter: { participants: ['P002'] }, heatmap: {}, compare: 'none' });
    expect(one.heatmaps[0]!.grid.totalWeight).toBeLessThan(all.heatmaps[0]!.grid.totalWeight);
    expect(one.screenIndexes).toHaveLength(8);
    expect(one.surveys.find((c) => c.question === 'age')?.count).toBe(1);
    expect(one.metrics.screens).toBe(8);
  });

  it('returns one panel per task type on one shared colour scale when comparing', () => {
    const cmp = engine.view({ filter: {}, heatmap: { mode: 'count' }, compare: 'task' });
    const panels = cmp.heatmaps.slice(1);
    expect(panels.map((p) => p.label)).toEqual(['free browsing', 'semi-free', 'direct search']);
    const shared = Math.max(...panels.map((p) => p.grid.max));
    for (const p of panels) expect(p.scaleMax).toBe(shared);
    const sum = panels.reduce((a, p) => a + p.grid.totalWeight, 0);
    expect(sum).toBeCloseTo(cmp.heatmaps[0]!.grid.totalWeight, 6);
  });

  it('returns click models fitted on the filtered screens only, the same object again from the cache', () => {
    const allFit = engine.clickModels({});
    const one = engine.clickModels({ participants: ['P001'] });
    expect(allFit!.pbm.impressions).toBeGreaterThan(one!.pbm.impressions);
    expect(engine.clickModels({ participants: ['P001'] })).toBe(one);
    expect(engine.clickModels({ maxLostPct: -1 })).toBeNull();
  });

  it('returns no screens when the quality threshold excludes every screen with any loss', () => {
    const strict = engine.view({ filter: { maxLostPct: -1 }, heatmap: {}, compare: 'none' });
    expect(strict.screenIndexes).toEqual([]);
    expect(strict.heatmaps[0]!.peak).toBeNull();
  });
});

describe('AnalysisEngine.scanpath()', () => {
  it('returns the screen’s fixations in time order with a layout for each, in document px', () => {
    const r = engine.scanpath(0, {});
    const f = r.scanpath.fixations;
    expect(f.length).toBe(summary.screens[0]!.fixations);
    for (let i = 1; i < f.length; i++) expect(f[i]!.t).toBeGreaterThanOrEqual(f[i - 1]!.t);
    expect(f.every((x) => x.layout >= 0 && x.layout < r.scanpath.layouts.length)).toBe(true);
    expect(r.scanpath.problem).toBeNull();
    expect(r.scanpath.rowLabels).toEqual(syn.dataset.sessions[0]!.screens[0]!.rows!.genres);
    expect(r.heatmap!.grid.points).toBe(f.length);
    expect(fixationsUntil(r.scanpath, f[2]!.t)).toHaveLength(3);
  });

  it('throws naming the index for an unknown screen', () => {
    expect(() => engine.scanpath(999, {})).toThrow(/index 999/);
  });
});

describe('AnalysisEngine.tablesZip()', () => {
  it('returns a zip holding the run’s tables, with one fixation row per fixation', () => {
    const files = unzipSync(engine.tablesZip());
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['screens.csv', 'fixations.csv', 'cells.csv', 'click_models.csv']));
    const lines = strFromU8(files['fixations.csv']!).trimEnd().split('\n');
    expect(lines).toHaveLength(summary.fixations + 1);
    expect(strFromU8(files['screens.csv']!).trimEnd().split('\n')).toHaveLength(summary.screens.length + 1);
  });
});

describe('heatmapPeak() / fixationRadius()', () => {
  it('returns the centre of the densest cell, or null for an empty grid', () => {
    const data = new Float32Array(6);
    const grid = {
      cols: 3,
      rows: 2,
      cellPx: 10,
      width: 30,
      height: 20,
      sigmaPx: 1,
      mode: 'absolute' as const,
      data,
      totalWeight: 0,
      max: 0,
      points: 0,
    };
    expect(heatmapPeak(grid)).toBeNull();
    data[5] = 2;
    expect(heatmapPeak({ ...grid, max: 2 })).toEqual({ x: 25, y: 15 });
  });
  it('returns larger circles for longer fixations within bounds', () => {
    expect(fixationRadius(400)).toBeGreaterThan(fixationRadius(100));
    expect(fixationRadius(1e9)).toBe(60);
    expect(fixationRadius(0)).toBe(6);
  });
});
