// Counts of the answers given to each survey question across sessions (pre, post and the
// per-selection questions). Multiple-choice answers count once per chosen option.
import type { CsvValue } from '../../../core/csv/write.ts';

type AnswerValue = string | number | string[] | null | undefined;

/** The survey answers of one session, as stored in SessionRecord.answers. */
export interface SessionAnswers {
  participantId: string;
  pre?: Record<string, AnswerValue>;
  post?: Record<string, AnswerValue>;
  perSelection: Record<number, { familiarity?: string; whySelected?: string[]; whyOther?: string }>;
}

export type SurveyPart = 'pre' | 'post' | 'per-selection';

export interface AnswerCount {
  part: SurveyPart;
  question: string;
  answer: string;
  count: number;
}

function add(counts: Map<string, AnswerCount>, part: SurveyPart, question: string, value: AnswerValue): void {
  if (value === null || value === undefined || value === '') return;
  const values = Array.isArray(value) ? value : [value];
  for (const v of values) {
    const answer = String(v);
    const key = `${part}\u0000${question}\u0000${answer}`;
    const c = counts.get(key);
    if (c) c.count++;
    else counts.set(key, { part, question, answer, count: 1 });
  }
}

const PART_ORDER: Record<SurveyPart, number> = { pre: 0, 'per-selection': 1, post: 2 };

/** Sorted by part, question, then descending count. */
export function summariseSurveys(sessions: readonly SessionAnswers[]): AnswerCount[] {
  const counts = new Map<string, AnswerCount>();
  for (const s of sessions) {
    for (const [q, v] of Object.entries(s.pre ?? {})) add(counts, 'pre', q, v);
    for (const [q, v] of Object.entries(s.post ?? {})) add(counts, 'post', q, v);
    for (const sel of Object.values(s.perSelection)) {
      add(counts, 'per-selection', 'familiarity', sel.familiarity);
      add(counts, 'per-selection', 'whySelected', sel.whySelected);
      add(counts, 'per-selection', 'whyOther', sel.whyOther);
    }
  }
  return [...counts.values()].sort(
    (a, b) =>
      PART_ORDER[a.part] - PART_ORDER[b.part] ||
      a.question.localeCompare(b.question) ||
      b.count - a.count ||
      a.answer.localeCompare(b.answer),
  );
}

export function surveyRows(counts: readonly AnswerCount[]): CsvValue[][] {
  return counts.map((c) => [c.part, c.question, c.answer, c.count]);
}

export const SURVEY_HEADER = ['part', 'question', 'answer', 'count'];
