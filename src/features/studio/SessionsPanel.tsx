import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { deleteSession, listSessions } from '../../db/sessions.ts';
import { downloadSessionsZip } from '../../lib/export/download.ts';
import { summarizeSession, type SessionSummary } from '../../lib/studio/session-summary.ts';
import { DEFAULT_EXPORT_FORM, exportOptionsFromForm, type ExportForm } from './export-options.ts';
import { ConfirmButton } from './fields.tsx';
import { analysisUrl } from '../../../core/routes.ts';

const FIRST_TASK_SHORT = { Free_browsing: 'Free first', Semi_free_direct_search: 'Search first' } as const;

const time = (ms: number | null) => (ms === null ? '—' : new Date(ms).toLocaleString());
const fixed = (n: number | null, digits: number, unit = '') => (n === null ? '—' : `${n.toFixed(digits)}${unit}`);

export function SessionsPanel() {
  const summaries = useLiveQuery(async () => (await listSessions()).map(summarizeSession), []);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [status, setStatus] = useState<string | null>(null);
  const [form, setForm] = useState<ExportForm>(DEFAULT_EXPORT_FORM);

  const toggle = (id: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    setSelected(next);
  };
  const exportIds = async (ids: string[]) => {
    if (!ids.length) return;
    const what = `${ids.length} session${ids.length > 1 ? 's' : ''}`;
    setStatus(`Exporting ${what}…`);
    try {
      await downloadSessionsZip(ids, undefined, {
        onProgress: (done, total) => setStatus(`Exporting ${what}: ${done} of ${total} done…`),
        export: exportOptionsFromForm(form),
      });
      setStatus(`Exported ${ids.length} session${ids.length > 1 ? 's' : ''}.`);
    } catch (err) {
      setStatus(`Export failed: ${(err as Error).message}`);
    }
  };
  const remove = async (s: SessionSummary) => {
    await deleteSession(s.id);
    toggle(s.id, false);
    setStatus(`Deleted the session of ${s.participantId}.`);
  };

  return (
    <section className="panel" aria-labelledby="sessions-heading">
      <h2 id="sessions-heading">Sessions in this browser</h2>
      {summaries === undefined ? (
        <p>Loading sessions…</p>
      ) : summaries.length === 0 ? (
        <p>No sessions recorded in this browser yet.</p>
      ) : (
        <>
          <ExportOptionsForm form={form} onChange={setForm} />
          <div className="button-row">
            <button type="button" disabled={!selected.size} onClick={() => void exportIds([...selected])}>
              Export selected ({selected.size})
            </button>
            <button type="button" onClick={() => void exportIds(summaries.map((s) => s.id))}>
              Export all
            </button>
          </div>
          <table className="sessions" aria-label="Sessions">
            <thead>
              <tr>
                <th>Select</th>
                <th>Participant</th>
                <th>Study</th>
                <th>Block order</th>
                <th>Started</th>
                <th>Finished</th>
                <th>Screens done</th>
                <th>Gaze source</th>
                <th>Validation error</th>
                <th>Achieved rate</th>
                <th>Tracking loss</th>
                <th>Actions</th>
              </tr>
            </thead>
            <tbody>
              {summaries.map((s) => (
                <tr key={s.id} data-session-id={s.id}>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Select session of ${s.participantId}`}
                      checked={selected.has(s.id)}
                      onChange={(e) => toggle(s.id, e.target.checked)}
                    />
                  </td>
                  <td>{s.participantId}</td>
                  <td title={s.studyId}>{s.studyName}</td>
                  <td>{FIRST_TASK_SHORT[s.firstTask]}</td>
                  <td>{time(s.startedAt)}</td>
                  <td>{s.status === 'completed' ? time(s.finishedAt) : 'in progress'}</td>
                  <td data-testid="screens-done">
                    {s.screensDone} / {s.screensTotal}
                  </td>
                  <td>
                    {s.gazeSource}
                    {s.flags.length > 0 && <small> ({s.flags.join(', ')})</small>}
                  </td>
                  <td>
                    {fixed(s.validationErrorPx, 0, ' px')}
                    {s.validationErrorDeg !== null && ` (${s.validationErrorDeg.toFixed(1)}°)`}
                  </td>
                  <td>{fixed(s.achievedHz, 1, ' Hz')}</td>
                  <td>{fixed(s.trackingLossPct, 1, ' %')}</td>
                  <td className="actions">
                    <a href={analysisUrl(s.id)}>Open in analysis</a>
                    <button type="button" onClick={() => void exportIds([s.id])}>
                      Export
                    </button>
                    <ConfirmButton
                      label="Delete"
                      question={`Delete all data of ${s.participantId}?`}
                      confirmLabel="Yes, delete"
                      onConfirm={() => void remove(s)}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {status && <p role="status">{status}</p>}
    </section>
  );
}

function ExportOptionsForm({ form, onChange }: { form: ExportForm; onChange: (f: ExportForm) => void }) {
  return (
    <details className="export-options">
      <summary>Export options</summary>
      <label>
        <input type="checkbox" checked={form.formulaGuard} onChange={(e) => onChange({ ...form, formulaGuard: e.target.checked })} /> Guard
        text against spreadsheet formulas (a leading <code>&apos;</code> on text starting with = + - @; turn off for R or pandas)
      </label>
      <label>
        <input type="checkbox" checked={form.includePractice} onChange={(e) => onChange({ ...form, includePractice: e.target.checked })} />{' '}
        Include the practice screen in every file (the original dataset has none)
      </label>
      <div className="field">
        <label htmlFor="export-authors">Dataset authors for BIDS (one per line)</label>
        <textarea
          id="export-authors"
          rows={2}
          maxLength={5000}
          value={form.authors}
          onChange={(e) => onChange({ ...form, authors: e.target.value })}
        />
      </div>
      <div className="field">
        <label htmlFor="export-license">Data licence for BIDS (e.g. CC0, CC-BY-4.0)</label>
        <input id="export-license" maxLength={500} value={form.license} onChange={(e) => onChange({ ...form, license: e.target.value })} />
      </div>
    </details>
  );
}
