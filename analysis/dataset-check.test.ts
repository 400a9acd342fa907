import { describe, expect, it } from 'vitest';
import { checkDataset } from './dataset-check.ts';
import { generateSyntheticDataset } from './synthetic.ts';

describe('checkDataset()', () => {
  it('returns a synthetic dataset that went through JSON unchanged', () => {
    const ds = generateSyntheticDataset({ participants: 1, screens: 2, secondsPerScreen: 3, events: true }).dataset;
    expect(checkDataset(JSON.parse(JSON.stringify(ds)))).toEqual(ds);
  });

  it('accepts screens stored as columns (how imports of our exports are stored) and names broken ones', () => {
    const ds = generateSyntheticDataset({ participants: 1, screens: 2, secondsPerScreen: 3 }).dataset;
    const copy = structuredClone(ds);
    expect(checkDataset(copy)).toEqual(ds);
    const gaze = copy.sessions[0]!.screens[1]!.columns!.gaze;
    copy.sessions[0]!.screens[1]!.columns!.gaze = { ...gaze, x: gaze.x.subarray(1) };
    expect(() => checkDataset(copy)).toThrow('dataset.sessions[0].screens[1].columns.gaze: t, x and y have different lengths');
    delete copy.sessions[0]!.screens[1]!.columns;
    expect(() => checkDataset(copy)).toThrow('dataset.sessions[0].screens[1]: has neither events, columns nor fixations');
  });

  it('throws a message naming the bad field', () => {
    const ds = JSON.parse(
      JSON.stringify(generateSyntheticDataset({ participants: 1, screens: 2, secondsPerScreen: 3, events: true }).dataset),
    );
    ds.sessions[0].screens[1].task = 'browsing';
    expect(() => checkDataset(ds, 'a.dataset.json')).toThrow(
      /^a\.dataset\.json\.sessions\[0\]\.screens\[1\]\.task: expected one of practice/,
    );
    expect(() => checkDataset({ sessions: {} })).toThrow('dataset.sessions: expected an array');
    expect(() => checkDataset([])).toThrow('expected an object with a "sessions" array');
  });
});
