import { describe, expect, it } from 'vitest';
import { fillCompletionUrl, participantFromLink } from './entry.ts';
import { exclusionReasons, sessionState } from './lab.ts';

describe('participantFromLink', () => {
  it('reads Prolific, panel, named and anonymous links', () => {
    expect(participantFromLink(new URLSearchParams('PROLIFIC_PID=abc123&STUDY_ID=s1&SESSION_ID=x_y&gaze=mouse'))).toEqual({
      ok: true,
      value: {
        kind: 'prolific',
        participantId: 'abc123',
        recruitment: { kind: 'prolific', PROLIFIC_PID: 'abc123', STUDY_ID: 's1', SESSION_ID: 'x_y' },
      },
    });
    expect(participantFromLink({ PROLIFIC_PID: 'abc' })).toMatchObject({
      ok: true,
      value: { recruitment: { STUDY_ID: null, SESSION_ID: null } },
    });
    expect(participantFromLink({ id: '4711' })).toEqual({
      ok: true,
      value: { kind: 'external', participantId: '4711', recruitment: { kind: 'external', id: '4711' } },
    });
    expect(participantFromLink({ participant: 'LAB_7' })).toMatchObject({ ok: true, value: { kind: 'named', participantId: 'LAB_7' } });
    expect(participantFromLink({})).toEqual({
      ok: true,
      value: { kind: 'anonymous', participantId: null, recruitment: { kind: 'anonymous' } },
    });
    expect(participantFromLink({ participant: '' })).toMatchObject({ ok: true, value: { kind: 'anonymous' } });
  });

  it('names what is wrong with a link', () => {
    const problem = (q: Record<string, string>) => {
      const r = participantFromLink(q);
      return r.ok ? null : `${r.problem.field}: ${r.problem.problem}`;
    };
    expect(problem({ PROLIFIC_PID: '{{%PROLIFIC_PID%}}' })).toMatch(/^PROLIFIC_PID: is still the placeholder \{\{%PROLIFIC_PID%\}\}/);
    expect(problem({ id: '%SURVEY_CODE%' })).toMatch(/^id: is still the placeholder %SURVEY_CODE%/);
    expect(problem({ id: 'a b' })).toBe('id: must be letters, digits, _ . and - (starting with a letter or digit)');
    expect(problem({ participant: 'x'.repeat(65) })).toBe('participant: must be at most 64 characters');
    expect(problem({ PROLIFIC_PID: 'abc', STUDY_ID: 'no spaces' })).toBe('STUDY_ID: must be letters, digits, _ and -');
    expect(problem({ PROLIFIC_PID: 'abc', participant: 'P1' })).toBe(
      'participant: cannot be combined with PROLIFIC_PID: a link names its participant once',
    );
  });
});

describe('fillCompletionUrl', () => {
  it('fills the participant’s values in, URL-encoded', () => {
    const prolific = { kind: 'prolific' as const, PROLIFIC_PID: 'p1', STUDY_ID: 's1', SESSION_ID: null };
    expect(fillCompletionUrl('https://x.org/done?cc=A&pid={PROLIFIC_PID}&s={SESSION_ID}&u={unknown}', 'p1', prolific)).toBe(
      'https://x.org/done?cc=A&pid=p1&s=&u={unknown}',
    );
    expect(fillCompletionUrl('https://sona.example/credit?survey_code={id}', 'a.b-c', { kind: 'external', id: 'a.b-c' })).toBe(
      'https://sona.example/credit?survey_code=a.b-c',
    );
  });
});

describe('monitoring rules', () => {
  it('derives a session’s state from its status, data and silence', () => {
    const now = 10_000_000;
    const s = (status: 'active' | 'completed', chunks: number, step: number, silentMin: number) =>
      sessionState({ status, chunks, step, lastSeenMs: now - silentMin * 60_000 }, now, 30);
    expect(s('active', 0, 0, 1)).toBe('consented');
    expect(s('active', 3, 0, 1)).toBe('in progress');
    expect(s('active', 0, 2, 29)).toBe('in progress');
    expect(s('active', 3, 2, 31)).toBe('abandoned');
    expect(s('completed', 3, 2, 500)).toBe('complete');
  });

  it('flags a session by each rule it breaks, never by a figure that was not measured', () => {
    const rules = { maxValidationDeg: 3, maxLossPct: 25, minGazeHz: 15 };
    expect(exclusionReasons(rules, { validationPx: 100, validationDeg: 3.5, gazeHz: 14.9, lossPct: 25 })).toEqual([
      'validation error 3.5° > 3°',
      'gaze rate 14.9 Hz < 15 Hz',
    ]);
    expect(exclusionReasons(rules, { validationPx: null, validationDeg: null, gazeHz: null, lossPct: null })).toEqual([]);
    expect(
      exclusionReasons(
        { maxValidationDeg: null, maxLossPct: null, minGazeHz: null },
        { validationPx: 1, validationDeg: 90, gazeHz: 0, lossPct: 100 },
      ),
    ).toEqual([]);
  });
});
