import type { AnswerValue, Answers } from '../../../core/records.ts';
import type { SurveyQuestion } from './survey-types.ts';

/** Ids of required questions without a usable answer, in order. */
export function missingAnswers(questions: SurveyQuestion[], answers: Answers): SurveyQuestion[] {
  return questions.filter((q) => {
    const a: AnswerValue | undefined = answers[q.id];
    if (q.type === 'number') {
      if (a === undefined || a === null || a === '') return q.required;
      return typeof a !== 'number' || Number.isNaN(a) || a < q.min || a > q.max;
    }
    if (!q.required) return false;
    if (a === undefined || a === null) return true;
    if (Array.isArray(a)) return a.length === 0;
    return typeof a === 'string' && a.trim() === '';
  });
}
