import { useState } from 'react';
import { DATA_FILE_LIMITS, dataFileEvents, dataFileStudyProblem, mb, readDataFile } from '../../../core/protocol/data-file.ts';
import { api } from './api.ts';
import { mergeSummary } from './data-file-summary.ts';

type State =
  | { kind: 'idle' }
  | { kind: 'working'; text: string }
  | { kind: 'done'; text: string; refused: boolean }
  | { kind: 'failed'; text: string };

/**
 * "Add a participant's data file": the file a participant downloaded when the server could not be
 * reached. Checked here first (ours, this study, intact, not too big), then merged by the server.
 */
export function AddDataFilePanel({ studyId }: { studyId: string }) {
  const [state, setState] = useState<State>({ kind: 'idle' });
  const add = async (file: File) => {
    const fail = (text: string) => setState({ kind: 'failed', text: `${file.name}: ${text}` });
    if (file.size > DATA_FILE_LIMITS.fileBytes)
      return fail(`The file is too big: ${mb(file.size)}; at most ${mb(DATA_FILE_LIMITS.fileBytes)} can be added.`);
    setState({ kind: 'working', text: `Checking ${file.name}…` });
    const bytes = new Uint8Array(await file.arrayBuffer());
    const read = await readDataFile(bytes);
    if (!read.ok) return fail(read.message);
    const other = dataFileStudyProblem(read.file, studyId);
    if (other) return fail(other);
    setState({
      kind: 'working',
      text: `Adding participant ${read.file.participantId}'s data (${read.file.chunks.length} chunks, ${dataFileEvents(read.file)} events)…`,
    });
    const result = await api.addDataFile(studyId, bytes);
    if (result.ok) return setState({ kind: 'done', text: mergeSummary(result.value), refused: result.value.refused.length > 0 });
    if (result.retry) return fail(`The server did not answer (${result.message}). Nothing was added; try again.`);
    const { field, problem } = result.error;
    return fail(`Nothing was added: ${field === 'file' || field === 'chunks' ? problem : `${field} ${problem}`}.`);
  };
  return (
    <section className="panel" aria-labelledby="data-file-heading">
      <h2 id="data-file-heading">Add a participant's data file</h2>
      <p className="hint">
        When the study server could not be reached at the end of a session, the participant can download their data and e-mail you the file
        (<code>…-data.json.gz</code>). Adding it puts what the server lacks into the study: chunks already here are skipped, so adding a
        file twice changes nothing.
      </p>
      <label className="file-input">
        Choose the file{' '}
        <input
          type="file"
          accept=".gz,.json,application/gzip,application/json"
          disabled={state.kind === 'working'}
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void add(file).catch((err: unknown) => setState({ kind: 'failed', text: (err as Error).message }));
          }}
        />
      </label>
      {state.kind !== 'idle' && (
        <p role={state.kind === 'failed' || (state.kind === 'done' && state.refused) ? 'alert' : 'status'} data-testid="data-file-status">
          {state.text}
        </p>
      )}
    </section>
  );
}
