import { describe, expect, it } from 'vitest';
import { summariseSurveys, surveyRows } from './survey-summary.ts';

describe('summariseSurveys()', () => {
  it('returns one count per question and answer, multiple choices counted per option, blanks skipped', () => {
    const counts = summariseSurveys([
      {
        participantId: 'a',
        pre: { age: '25-34', genres: ['Drama', 'Comedy'], note: '' },
        post: { easy: 5 },
        perSelection: { 1: { familiarity: 'seen it', whySelected: ['poster'] } },
      },
      {
        participantId: 'b',
        pre: { age: '25-34', genres: ['Drama'] },
        perSelection: {
          1: { familiarity: 'seen it', whySelected: ['poster', 'title'] },
          31: { familiarity: 'never heard', whySelected: [] },
        },
      },
    ]);
    const find = (part: string, q: string, a: string) => counts.find((c) => c.part === part && c.question === q && c.answer === a)?.count;
    expect(find('pre', 'age', '25-34')).toBe(2);
    expect(find('pre', 'genres', 'Drama')).toBe(2);
    expect(find('pre', 'genres', 'Comedy')).toBe(1);
    expect(find('post', 'easy', '5')).toBe(1);
    expect(find('per-selection', 'familiarity', 'seen it')).toBe(2);
    expect(find('per-selection', 'whySelected', 'poster')).toBe(2);
    expect(counts.some((c) => c.question === 'note')).toBe(false);
    // pre first, then per-selection, then post
    expect(counts.map((c) => c.part)).toEqual(
      [...counts.map((c) => c.part)].sort(
        (x, y) => ['pre', 'per-selection', 'post'].indexOf(x) - ['pre', 'per-selection', 'post'].indexOf(y),
      ),
    );
    expect(surveyRows(counts)[0]).toHaveLength(4);
  });

  it('returns nothing for sessions without answers', () => {
    expect(summariseSurveys([{ participantId: 'x', perSelection: {} }])).toEqual([]);
  });
});
