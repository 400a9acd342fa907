// The analysis view's import: files are read, unzipped, checked and stored in a worker, with a
// progress bar and a cancel button; every problem is named (file, line, value).
import { useRef, useState } from 'react';
import { megabytes } from '../../lib/import/import-limits.ts';
import { startImport, type ImportJob } from '../../lib/import/import-client.ts';
import type { ImportProgress } from '../../lib/import/import-dataset.ts';

type State =
  | { phase: 'idle'; message: string | null; error: string | null }
  | { phase: 'running'; progress: ImportProgress | null; cancelling: boolean };

function describe(p: ImportProgress | null): string {
  if (!p) return 'Starting…';
  if (p.stage === 'storing') return 'Storing the checked data…';
  if (p.done >= p.total) return 'Checking every row and value (a large file takes a while)…';
  return `Reading ${megabytes(p.done)} of ${megabytes(p.total)}…`;
}

export function ImportControl({ onImported }: { onImported: (datasetId: string) => void }) {
  const [state, setState] = useState<State>({ phase: 'idle', message: null, error: null });
  const job = useRef<ImportJob | null>(null);

  const onFiles = (files: FileList | null) => {
    if (!files || !files.length) return;
    setState({ phase: 'running', progress: null, cancelling: false });
    const running = startImport([...files], (progress) => setState((s) => (s.phase === 'running' ? { ...s, progress } : s)));
    job.current = running;
    running.done.then(
      ({ id, name }) => {
        onImported(id);
        setState({ phase: 'idle', message: `Imported ${name}.`, error: null });
      },
      (e: unknown) => {
        const cancelled = e instanceof Error && e.name === 'ImportCancelled';
        setState({
          phase: 'idle',
          message: cancelled ? 'Import cancelled; nothing was stored.' : null,
          error: cancelled ? null : e instanceof Error ? e.message : String(e),
        });
      },
    );
  };

  const running = state.phase === 'running';
  return (
    <div className="import">
      <label>
        Import data (.zip export or .csv files){' '}
        <input
          type="file"
          accept=".zip,.csv"
          multiple
          aria-label="Import data"
          disabled={running}
          onChange={(e) => {
            onFiles(e.target.files);
            e.target.value = '';
          }}
        />
      </label>
      {running ? (
        <div className="import-progress" role="status">
          <progress
            aria-label="Import progress"
            max={state.progress?.total || 1}
            value={state.progress && state.progress.done < state.progress.total ? state.progress.done : undefined}
          />{' '}
          {describe(state.progress)}{' '}
          <button
            type="button"
            disabled={state.cancelling}
            onClick={() => {
              setState({ ...state, cancelling: true });
              void job.current?.cancel();
            }}
          >
            Cancel import
          </button>
        </div>
      ) : null}
      {state.phase === 'idle' && state.error ? (
        <p role="alert" className="error">
          Import failed: {state.error}
        </p>
      ) : null}
      {state.phase === 'idle' && state.message ? <p className="muted">{state.message}</p> : null}
    </div>
  );
}
