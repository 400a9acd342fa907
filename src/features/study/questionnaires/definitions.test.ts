import { describe, expect, it } from 'vitest';
import { RECGAZE_QUESTIONNAIRES } from '../../../../stimuli/presets.ts';
import { FAMILIARITY, WHY_SELECTED, postSurvey, preSurvey } from './definitions.ts';

describe('questionnaire definitions', () => {
  it('use the dataset column names as answer keys', () => {
    const pre = preSurvey(RECGAZE_QUESTIONNAIRES).flatMap((s) => s.questions.map((q) => q.id));
    expect(pre).toEqual(
      expect.arrayContaining([
        'Age',
        'Gender',
        'Netflix_user',
        'Netflix_usage',
        'Movie_watching_frequency',
        'Preferred_genres',
        'Sci-Fi_rating',
        'Top_genre',
        'Topic_exclusive',
        'MAX_Q6',
      ]),
    );
    const post = postSurvey(RECGAZE_QUESTIONNAIRES, true).flatMap((s) => s.questions.map((q) => q.id));
    expect(post).toEqual(
      expect.arrayContaining([
        'FreeBrowsing_experience_rating',
        'Tiredness_level',
        'Enough_movies_to_decide',
        'Customize_interface',
        'Distance_eyes_center_screen',
      ]),
    );
  });
  it('keep the original answer values', () => {
    expect(FAMILIARITY).toHaveLength(9);
    expect(WHY_SELECTED).toHaveLength(10);
    const post = postSurvey(RECGAZE_QUESTIONNAIRES, true)[0]!.questions;
    const overwhelmed = post.find((q) => q.id === 'Overwhelmed_by_genres');
    expect(overwhelmed && 'options' in overwhelmed ? overwhelmed.options.map((o) => o.value) : []).toEqual([
      'Yes, I felt overwhelmed',
      'No, I did not feel overwhelmed.',
    ]);
  });
  it('only adds the custom section when the built-in post-survey is off', () => {
    const custom = { ...RECGAZE_QUESTIONNAIRES, custom: [{ id: 'Extra', text: 'Anything else?', type: 'text' as const }] };
    expect(postSurvey(custom, false).map((s) => s.title)).toEqual(['A few more questions']);
  });
});
