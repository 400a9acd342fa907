import { useState, type FormEvent } from 'react';
import type { AnswerValue, Answers } from '../../../core/records.ts';
import type { SurveyQuestion, SurveySection } from './survey-types.ts';
import { missingAnswers } from './survey-answers.ts';
import './survey.css';

interface Props {
  sections: SurveySection[];
  initial?: Answers;
  submitLabel?: string;
  onSubmit: (answers: Answers) => void;
}

/** A questionnaire, one section per page; required questions must be answered to go on. */
export function SurveyForm({ sections, initial, submitLabel = 'Continue', onSubmit }: Props) {
  const [page, setPage] = useState(0);
  const [answers, setAnswers] = useState<Answers>(initial ?? {});
  const [missing, setMissing] = useState<string[]>([]);
  const section = sections[page];
  if (!section) return null;
  const set = (id: string, value: AnswerValue) => setAnswers((a) => ({ ...a, [id]: value }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const gaps = missingAnswers(section.questions, answers);
    if (gaps.length) {
      setMissing(gaps.map((q) => q.id));
      document.getElementById(`q-${gaps[0]!.id}`)?.scrollIntoView({ block: 'center' });
      return;
    }
    setMissing([]);
    if (page + 1 < sections.length) {
      setPage(page + 1);
      window.scrollTo(0, 0);
    } else onSubmit(answers);
  };

  return (
    <form className="survey" onSubmit={submit} noValidate>
      <h1>{section.title}</h1>
      {sections.length > 1 && (
        <p className="survey-progress">
          Part {page + 1} of {sections.length}
        </p>
      )}
      {section.intro && <p className="survey-intro">{section.intro}</p>}
      {section.questions.map((q) => (
        <QuestionField
          key={q.id}
          question={q}
          value={answers[q.id]}
          other={answers[`${q.id}__other`]}
          set={set}
          invalid={missing.includes(q.id)}
        />
      ))}
      {missing.length > 0 && (
        <p className="survey-error" role="alert">
          Please answer {missing.length === 1 ? 'the highlighted question' : `the ${missing.length} highlighted questions`} to continue.
        </p>
      )}
      <button type="submit" className="primary">
        {page + 1 < sections.length ? 'Continue' : submitLabel}
      </button>
    </form>
  );
}

function QuestionField(props: {
  question: SurveyQuestion;
  value: AnswerValue | undefined;
  other: AnswerValue | undefined;
  set: (id: string, v: AnswerValue) => void;
  invalid: boolean;
}) {
  const { question: q, value, set, invalid } = props;
  const cls = `question${invalid ? ' invalid' : ''}${q.type === 'single' && q.compact ? ' compact' : ''}`;
  switch (q.type) {
    case 'single':
      return (
        <fieldset id={`q-${q.id}`} className={cls} aria-invalid={invalid}>
          <legend>{q.text}</legend>
          <div className="options">
            {q.options.map((o) => (
              <label key={o.value}>
                <input type="radio" name={q.id} value={o.value} checked={value === o.value} onChange={() => set(q.id, o.value)} />
                {o.label ?? o.value}
              </label>
            ))}
          </div>
        </fieldset>
      );
    case 'multi': {
      const list = Array.isArray(value) ? value : [];
      const otherChecked = q.otherId !== undefined && typeof props.other === 'string';
      return (
        <fieldset id={`q-${q.id}`} className={cls} aria-invalid={invalid}>
          <legend>{q.text}</legend>
          <div className="options">
            {q.options.map((o) => (
              <label key={o.value}>
                <input
                  type="checkbox"
                  value={o.value}
                  checked={list.includes(o.value)}
                  onChange={(e) => set(q.id, e.target.checked ? [...list, o.value] : list.filter((v) => v !== o.value))}
                />
                {o.label ?? o.value}
              </label>
            ))}
            {q.otherId !== undefined && (
              <label className="other">
                <input
                  type="checkbox"
                  checked={otherChecked}
                  onChange={(e) => {
                    set(`${q.id}__other`, e.target.checked ? '' : null);
                    if (e.target.checked && !list.includes('Other')) set(q.id, [...list, 'Other']);
                    if (!e.target.checked)
                      set(
                        q.id,
                        list.filter((v) => v !== 'Other'),
                      );
                  }}
                />
                Other:
                <input
                  type="text"
                  aria-label="Other reason"
                  disabled={!otherChecked}
                  value={typeof props.other === 'string' ? props.other : ''}
                  onChange={(e) => set(`${q.id}__other`, e.target.value)}
                />
              </label>
            )}
          </div>
        </fieldset>
      );
    }
    case 'scale': {
      const values = Array.from({ length: q.max - q.min + 1 }, (_, i) => q.min + i);
      return (
        <fieldset id={`q-${q.id}`} className={`${cls} scale`} aria-invalid={invalid}>
          <legend>{q.text}</legend>
          <div className="options">
            {q.minLabel && <span className="scale-label">{q.minLabel}</span>}
            {values.map((n) => (
              <label key={n}>
                <input type="radio" name={q.id} value={n} checked={value === n} onChange={() => set(q.id, n)} />
                {n}
              </label>
            ))}
            {q.maxLabel && <span className="scale-label">{q.maxLabel}</span>}
          </div>
        </fieldset>
      );
    }
    case 'number':
      return (
        <div id={`q-${q.id}`} className={cls}>
          <label>
            {q.text}
            <span className="number-input">
              <input
                type="number"
                min={q.min}
                max={q.max}
                aria-invalid={invalid}
                value={typeof value === 'number' ? value : ''}
                onChange={(e) => set(q.id, e.target.value === '' ? null : Number(e.target.value))}
              />
              {q.unit}
            </span>
          </label>
          {invalid && (
            <p className="field-hint">
              Enter a number between {q.min} and {q.max}.
            </p>
          )}
        </div>
      );
    default:
      return (
        <div id={`q-${q.id}`} className={cls}>
          <label>
            {q.text}
            <textarea
              rows={3}
              aria-invalid={invalid}
              value={typeof value === 'string' ? value : ''}
              onChange={(e) => set(q.id, e.target.value)}
            />
          </label>
        </div>
      );
  }
}
