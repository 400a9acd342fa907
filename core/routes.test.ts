import { describe, expect, it } from 'vitest';
import { analysisUrl, parseRoute, studyUrl, withParticipant } from './routes.ts';

const at = (url: string) => new URL(url, 'http://localhost');

describe('routes', () => {
  it('parses the three pages and anything else as not found', () => {
    expect(parseRoute(at('/?study=pilot&participant=LAB_1&gaze=mouse'))).toEqual({
      page: 'study',
      params: { study: 'pilot', participant: 'LAB_1', gaze: 'mouse', trace: null },
    });
    expect(parseRoute(at('/index.html?study=%20'))).toEqual({
      page: 'study',
      params: { study: null, participant: null, gaze: null, trace: null },
    });
    expect(parseRoute(at('/studio/'))).toEqual({ page: 'studio' });
    expect(parseRoute(at('/analysis?session=a%20b'))).toEqual({ page: 'analysis', session: 'a b' });
    expect(parseRoute(at('/studio/studies/pilot/sessions/x'))).toEqual({ page: 'studio' });
    expect(parseRoute(at('/invite'))).toEqual({ page: 'studio' });
    expect(parseRoute(at('/s/pilot-2?PROLIFIC_PID=abc'))).toEqual({ page: 'study-link', studyId: 'pilot-2' });
    expect(parseRoute(at('/s/Pilot'))).toEqual({ page: 'not-found', path: '/s/Pilot' });
    expect(parseRoute(at('/admin'))).toEqual({ page: 'not-found', path: '/admin' });
  });
  it('builds what it parses', () => {
    const link = studyUrl({ study: '/studies/x.json', participant: 'P 1', gaze: 'mouse', trace: null }, 'https://lab.example');
    expect(link).toBe('https://lab.example/?study=%2Fstudies%2Fx.json&participant=P+1&gaze=mouse');
    expect(parseRoute(new URL(link))).toMatchObject({ params: { study: '/studies/x.json', participant: 'P 1', gaze: 'mouse' } });
    expect(studyUrl({})).toBe('/');
    expect(withParticipant(at('/?study=pilot'), 'LAB_7')).toBe('/?study=pilot&participant=LAB_7');
    expect(parseRoute(at(analysisUrl('s/1')))).toEqual({ page: 'analysis', session: 's/1' });
    expect(analysisUrl()).toBe('/analysis');
  });
});
