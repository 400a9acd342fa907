import { useState } from 'react';
import type { ExportProgress, SessionSelection } from '../../../core/protocol/lab.ts';
import { api } from './api.ts';
import { downloadWithProgress } from './export-download.ts';
import { bytesText } from './monitor-filters.ts';

const SELECTIONS: readonly [SessionSelection, string][] = [
  ['all', 'every session'],
  ['included', 'leave out excluded sessions'],
  ['complete-included', 'complete sessions only, excluded ones left out'],
];

export function ProgressLine({ progress, what }: { progress: ExportProgress | null; what: string }) {
  if (!progress) return <p role="status">Starting the export of {what}…</p>;
  const text =
    progress.state === 'done'
      ? `Exported ${progress.total} session${progress.total === 1 ? '' : 's'} (${bytesText(progress.bytes)}).`
      : progress.state === 'failed'
        ? `The export failed: ${progress.error ?? 'unknown problem'}`
        : `Exporting ${what}: ${progress.done} of ${progress.total} sessions, ${bytesText(progress.bytes)} so far…`;
  return (
    <div className="export-progress">
      <progress
        max={Math.max(1, progress.total)}
        value={progress.state === 'done' ? Math.max(1, progress.total) : progress.done}
        aria-label="Export progress"
      />
      <p role={progress.state === 'failed' ? 'alert' : 'status'} data-testid="export-status">
        {text}
      </p>
    </div>
  );
}

/** The whole study as the RecGaze zip, straight from the server's database. */
export function ExportPanel({ studyId, excluded }: { studyId: string; excluded: number }) {
  const [selection, setSelection] = useState<SessionSelection>('all');
  const [running, setRunning] = useState<{ progress: ExportProgress | null } | null>(null);
  const start = async () => {
    setRunning({ progress: null });
    await downloadWithProgress(
      api,
      (id) => api.exportUrl(studyId, selection, id),
      (progress) => setRunning({ progress }),
    );
  };
  return (
    <section className="panel" aria-labelledby="export-heading">
      <h2 id="export-heading">Export</h2>
      <div className="button-row">
        <label htmlFor="export-selection">Sessions</label>
        <select id="export-selection" value={selection} onChange={(e) => setSelection(e.target.value as SessionSelection)}>
          {SELECTIONS.map(([value, words]) => (
            <option key={value} value={value}>
              {words}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="primary"
          disabled={running?.progress?.state === 'running' || (running !== null && running.progress === null)}
          onClick={() => void start()}
        >
          Export the study (zip)
        </button>
      </div>
      <p className="hint">
        The RecGaze dataset files, raw gaze and events, BIDS and pymovements files, streamed from the database one session at a time.
        {excluded > 0 && ` ${excluded} session${excluded === 1 ? ' is' : 's are'} flagged by the exclusion rules.`}
      </p>
      {running && <ProgressLine progress={running.progress} what="the study" />}
    </section>
  );
}
