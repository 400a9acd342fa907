import { describe, expect, it } from 'vitest';
import { resolveStudyLink } from './resolve-study-link.ts';

const resolve = (path: string) => resolveStudyLink(new URL(path, 'http://localhost:4173'));

describe('resolveStudyLink()', () => {
  it('resolves presets, saved studies and same-site config URLs; the default is the RecGaze replication', () => {
    expect(resolve('/')).toEqual({
      ok: true,
      link: { study: { kind: 'preset', id: 'recgaze' }, participant: null, gaze: null, trace: null },
    });
    expect(resolve('/?study=pilot&participant=LAB_3&gaze=worker')).toMatchObject({
      link: { study: { kind: 'preset', id: 'pilot' }, participant: 'LAB_3', gaze: 'worker' },
    });
    expect(resolve('/?study=my-study')).toMatchObject({ link: { study: { kind: 'saved', id: 'my-study' } } });
    expect(resolve('/?study=/studies/a.json%3Fv%3D2')).toMatchObject({ link: { study: { kind: 'url', url: '/studies/a.json?v=2' } } });
  });
  it('never takes a study from Object.prototype', () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty'])
      expect(resolve(`/?study=${name}`)).toMatchObject({ link: { study: { kind: 'saved', id: name } } });
  });
  it('names every problem of a link in plain words', () => {
    const r = resolve('/?study=https://evil.example/x.json&participant=a%20b&gaze=eyes&trace=http://[::1');
    expect(r).toEqual({
      ok: false,
      title: 'The study link is not valid',
      problems: [
        { path: 'study', message: 'https://evil.example is another site; host the config JSON next to the app' },
        { path: 'gaze', message: '"eyes" is not one of webgazer, worker, mouse, replay, simulated' },
        { path: 'participant', message: '"a b" must be 1–64 letters, digits, _ . or -' },
        { path: 'trace', message: '"http://[::1" is not a valid web address' },
      ],
    });
    expect(resolve(`/?study=${'x'.repeat(3000)}`)).toMatchObject({
      ok: false,
      problems: [{ path: 'study', message: 'is 3000 characters long; at most 2000 are allowed' }],
    });
    expect(resolve('/?trace=/traces/t.csv')).toMatchObject({ link: { trace: '/traces/t.csv' } });
  });
});
