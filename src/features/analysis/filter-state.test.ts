import { describe, expect, it } from 'vitest';
import {
  DEFAULT_HEATMAP_VIEW,
  EMPTY_FILTER,
  filterReducer,
  heatmapOptionsOf,
  preselectedSession,
  setSigmaUnit,
  toAnalysisFilter,
} from './filter-state.ts';

describe('filterReducer()', () => {
  it('returns the task list with the task added, then removed, when toggled twice', () => {
    const on = filterReducer(EMPTY_FILTER, { type: 'toggleTask', task: 'semi_free' });
    expect(on.tasks).toEqual(['semi_free']);
    expect(filterReducer(on, { type: 'toggleTask', task: 'semi_free' }).tasks).toEqual([]);
  });

  it('returns unique, sorted screen ids and unique participants', () => {
    const s = filterReducer(filterReducer(EMPTY_FILTER, { type: 'setTaskIds', taskIds: [5, 2, 5] }), {
      type: 'setParticipants',
      participants: ['b', 'a', 'b'],
    });
    expect(s.taskIds).toEqual([2, 5]);
    expect(s.participants).toEqual(['b', 'a']);
  });

  it('throws a message naming the bad value when the quality threshold is outside 0–100', () => {
    expect(() => filterReducer(EMPTY_FILTER, { type: 'setMaxLostPct', value: 120 })).toThrow(/between 0 and 100, got 120/);
    expect(() => filterReducer(EMPTY_FILTER, { type: 'setMaxLostPct', value: NaN })).toThrow(/got NaN/);
    expect(filterReducer(EMPTY_FILTER, { type: 'setMaxLostPct', value: 0 }).maxLostPct).toBe(0);
  });

  it('returns the empty filter on reset without touching the old state', () => {
    const old = filterReducer(EMPTY_FILTER, { type: 'setGazeSources', gazeSources: ['mouse'] });
    expect(filterReducer(old, { type: 'reset' })).toEqual(EMPTY_FILTER);
    expect(old.gazeSources).toEqual(['mouse']);
  });
});

describe('toAnalysisFilter()', () => {
  it('returns only the constraints that are set', () => {
    expect(toAnalysisFilter(EMPTY_FILTER)).toEqual({});
    const s = { ...EMPTY_FILTER, tasks: ['free_browsing' as const], maxLostPct: 0 };
    expect(toAnalysisFilter(s)).toEqual({ tasks: ['free_browsing'], maxLostPct: 0 });
  });
});

describe('setSigmaUnit() / heatmapOptionsOf()', () => {
  it('returns the same blur in the other unit when switching units', () => {
    const px = setSigmaUnit(DEFAULT_HEATMAP_VIEW, 'px', 38);
    expect(px).toMatchObject({ sigmaUnit: 'px', sigma: 57 });
    expect(setSigmaUnit(px, 'deg', 38).sigma).toBe(1.5);
    expect(heatmapOptionsOf(px)).toEqual({ mode: 'absolute', sigmaPx: 57 });
    expect(heatmapOptionsOf(DEFAULT_HEATMAP_VIEW)).toEqual({ mode: 'absolute', sigmaDeg: 1.5 });
  });

  it('throws naming the unit when σ is not above 0', () => {
    expect(() => heatmapOptionsOf({ ...DEFAULT_HEATMAP_VIEW, sigma: 0 })).toThrow(/above 0 deg, got 0/);
  });
});

describe('preselectedSession()', () => {
  it('returns the session id of ?session=, or null', () => {
    expect(preselectedSession('?session=abc%201')).toBe('abc 1');
    expect(preselectedSession('?session=')).toBeNull();
    expect(preselectedSession('')).toBeNull();
  });
});
