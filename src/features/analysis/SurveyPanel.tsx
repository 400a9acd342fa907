// Counts of survey answers across the sessions passing the filters.
import { useAnalysisStore } from './analysis-store.ts';
import { saveCsv } from './figure-export.ts';
import { SURVEY_HEADER, surveyRows } from './survey-summary.ts';
import { toCsv } from '../../../core/csv/write.ts';

export function SurveyPanel() {
  const view = useAnalysisStore((s) => s.view);
  const summary = useAnalysisStore((s) => s.summary);
  if (!view || !summary) return null;
  const rows = view.surveys;
  return (
    <section className="panel" aria-labelledby="survey-h">
      <h2 id="survey-h">Survey answers</h2>
      {rows.length === 0 ? (
        <p className="muted">
          {summary.hasSurveys
            ? 'No answers from the sessions passing the filters.'
            : 'The chosen sources carry no survey answers (the demo dataset has none).'}
        </p>
      ) : (
        <>
          <table className="survey-table">
            <thead>
              <tr>
                {SURVEY_HEADER.map((h) => (
                  <th key={h}>{h}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.part}|${r.question}|${r.answer}`}>
                  <td>{r.part}</td>
                  <td>{r.question}</td>
                  <td>{r.answer}</td>
                  <td>{r.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <button type="button" onClick={() => saveCsv('survey-answers.csv', toCsv(SURVEY_HEADER, surveyRows(rows)))}>
            CSV
          </button>
        </>
      )}
    </section>
  );
}
