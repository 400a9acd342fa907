import { useState } from 'react';
import type { Researcher, StudyDetail } from '../../../core/protocol/lab.ts';
import { failureText, type ApiResult } from '../../sync/research-api.ts';
import { api } from './api.ts';
import { navigate } from './router.tsx';
import { useLoad } from './use-load.ts';

/** Who may see the study; deleting it with everything recorded. */
export function AccessPanel({ study, me, onChanged }: { study: StudyDetail; me: Researcher; onChanged: (d: StudyDetail) => void }) {
  const researchers = useLoad(() => api.researchers(), []);
  const [pick, setPick] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);
  const others = (researchers.data ?? []).filter(
    (r) => r.role === 'member' && !r.disabled && !study.access.some((a) => a.id === r.id) && r.id !== me.id,
  );
  const run = async <T,>(p: Promise<ApiResult<T>>, then: (v: T) => void) => {
    const result = await p;
    if (result.ok) {
      setError(null);
      then(result.value);
    } else setError(failureText(result));
  };
  return (
    <>
      <section className="panel" aria-labelledby="access-heading">
        <h2 id="access-heading">Shared with</h2>
        <p>
          The lab’s owner sees every study; {study.createdBy ?? 'its creator'} created this one. Researchers it is shared with can edit,
          publish, run, monitor and export it.
        </p>
        <ul>
          {study.access.map((a) => (
            <li key={a.id}>
              {a.name} ({a.email}){' '}
              {study.canManage && (
                <button type="button" onClick={() => void run(api.unshare(study.id, a.id), onChanged)}>
                  Stop sharing with {a.email}
                </button>
              )}
            </li>
          ))}
          {study.access.length === 0 && <li>nobody else</li>}
        </ul>
        {study.canManage && others.length > 0 && (
          <div className="button-row">
            <select aria-label="Researcher to share with" value={pick} onChange={(e) => setPick(e.target.value)}>
              <option value="">choose a researcher…</option>
              {others.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name} ({r.email})
                </option>
              ))}
            </select>
            <button type="button" disabled={!pick} onClick={() => void run(api.share(study.id, pick), (d) => (setPick(''), onChanged(d)))}>
              Share
            </button>
          </div>
        )}
      </section>
      {study.canManage && (
        <section className="panel" aria-labelledby="delete-heading">
          <h2 id="delete-heading">Delete the study</h2>
          <p className="warning">
            Deletes the study, its {study.versions.length} version{study.versions.length === 1 ? '' : 's'} and all {study.started} session
            {study.started === 1 ? '' : 's'} with every recorded event. This cannot be undone (backups keep it until they are rotated out).
          </p>
          <div className="field danger">
            <label htmlFor="delete-study">
              Type the study id <code>{study.id}</code> to confirm
            </label>
            <div className="button-row">
              <input id="delete-study" value={confirm} onChange={(e) => setConfirm(e.target.value)} autoComplete="off" />
              <button
                type="button"
                disabled={confirm !== study.id}
                onClick={() => void run(api.deleteStudy(study.id, confirm), () => navigate('/studio'))}
              >
                Delete {study.id} and its {study.started} sessions
              </button>
            </div>
          </div>
        </section>
      )}
      {error && <p role="alert">{error}</p>}
    </>
  );
}
