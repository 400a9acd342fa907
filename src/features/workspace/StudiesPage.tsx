import { PRESETS } from '../../../stimuli/presets.ts';
import type { StudyState } from '../../../core/protocol/lab.ts';
import { api } from './api.ts';
import { Link } from './router.tsx';
import { useLoad } from './use-load.ts';

export const STATE_WORDS: Readonly<Record<StudyState, string>> = {
  draft: 'draft (not open yet)',
  open: 'open',
  paused: 'paused',
  closed: 'closed',
};

export function StudiesPage() {
  const studies = useLoad(() => api.studies(), []);
  return (
    <>
      <section className="panel" aria-labelledby="studies-heading">
        <h2 id="studies-heading">Studies on this server</h2>
        {studies.error && <p role="alert">{studies.error}</p>}
        {studies.data === null ? (
          <p>Loading studies…</p>
        ) : studies.data.length === 0 ? (
          <p>No studies yet: start one from a built-in study below.</p>
        ) : (
          <table className="compact studies" aria-label="Server studies">
            <thead>
              <tr>
                <th>Name</th>
                <th>Id</th>
                <th>State</th>
                <th>Live version</th>
                <th>Sessions started</th>
                <th>Complete</th>
                <th>Created by</th>
                <th>Changed</th>
              </tr>
            </thead>
            <tbody>
              {studies.data.map((s) => (
                <tr key={s.id}>
                  <td>
                    <Link to={`/studio/studies/${s.id}`}>{s.name}</Link>
                  </td>
                  <td>
                    <code>{s.id}</code>
                  </td>
                  <td className={`state ${s.state}`}>{STATE_WORDS[s.state]}</td>
                  <td>
                    {s.publishedVersion === null ? 'none yet' : `v${s.publishedVersion}`}
                    {s.draftChanged && s.publishedVersion !== null && <small> (draft changed)</small>}
                  </td>
                  <td>
                    {s.started}
                    {s.target !== null && ` / ${s.target}`}
                  </td>
                  <td>{s.completed}</td>
                  <td>{s.createdBy ?? '—'}</td>
                  <td>{new Date(s.updatedAt).toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="panel" aria-labelledby="new-heading">
        <h2 id="new-heading">New study</h2>
        <div className="button-row">
          {Object.values(PRESETS).map((preset) => (
            <Link key={preset.id} to={`/studio/new?preset=${preset.id}`} className="button">
              New study from {preset.id}
            </Link>
          ))}
          <Link to="/studio/new?import=1" className="button">
            Import a config JSON
          </Link>
        </div>
        <p className="hint">
          A new study is a draft on this server. Publishing freezes a version; participants get the latest published version while the study
          is open. Editing a published study makes a new draft, which you publish when it is ready.
        </p>
      </section>
    </>
  );
}
