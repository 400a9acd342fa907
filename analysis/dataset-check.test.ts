import { describe, expect, it } from 'vitest';
import { checkDataset } from './dataset-check.ts';
import { generateSyntheticDataset } from './synthetic.ts';

describe('checkDataset()', () => {
  it('returns a synthetic dataset that went through JSON unchanged', () => {
    const ds = generateSyntheticDataset({ participants: 1, screens: 2, secondsPerScreen: 3, events: true }).dataset;
    expect(checkDataset(JSON.parse(JSON.stringify(ds)))).toEqual(ds);
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
