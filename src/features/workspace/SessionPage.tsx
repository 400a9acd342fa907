import { useState } from 'react';
import type { ExportProgress } from '../../../core/protocol/lab.ts';
import { failureText } from '../../sync/research-api.ts';
import { api } from './api.ts';
import { ProgressLine } from './ExportPanel.tsx';
import { downloadWithProgress } from './export-download.ts';
import { bytesText, fixed, recruitmentText } from './monitor-filters.ts';
import { QualityChart } from './QualityChart.tsx';
import { Link, navigate } from './router.tsx';
import { useLoad } from './use-load.ts';

/** One session: where it stands, how it was recruited, its quality over the screens; export, delete. */
export function SessionPage({ studyId, sessionId }: { studyId: string; sessionId: string }) {
  const loaded = useLoad(() => api.session(studyId, sessionId), [studyId, sessionId], 3000);
  const [exporting, setExporting] = useState<{ progress: ExportProgress | null } | null>(null);
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);
  if (!loaded.data) return <p>{loaded.error ?? 'Loading the session…'}</p>;
  const { session: s, screens, environment } = loaded.data;
  const remove = async () => {
    const result = await api.deleteSession(studyId, sessionId, confirm);
    if (result.ok) navigate(`/studio/studies/${studyId}`);
    else setError(failureText(result));
  };
  const recruitment = recruitmentText(s.recruitment);
  return (
    <>
      <section className="panel" aria-labelledby="session-heading">
        <h2 id="session-heading">
          Session of {s.participantId} <small>({s.state})</small>
        </h2>
        <dl className="facts">
          <dt>Study</dt>
          <dd>
            <Link to={`/studio/studies/${studyId}`}>{studyId}</Link>, version {s.version}
          </dd>
          <dt>Recruited by</dt>
          <dd>
            {s.linkKind} link {recruitment && <small>({recruitment})</small>}
          </dd>
          <dt>Block order</dt>
          <dd>{s.firstTask === 'Free_browsing' ? 'free browsing first' : 'semi-free and direct search first'}</dd>
          <dt>Consented</dt>
          <dd>{new Date(s.consentedAt).toLocaleString()}</dd>
          <dt>Last seen</dt>
          <dd>{new Date(s.lastSeenAt).toLocaleString()}</dd>
          <dt>Screens done</dt>
          <dd>
            {s.screensDone} of {s.screensTotal}
          </dd>
          <dt>Validation error</dt>
          <dd>
            {fixed(s.validationPx, 0, ' px')} {s.validationDeg !== null && `(${s.validationDeg.toFixed(2)}°)`}
          </dd>
          <dt>Gaze rate, tracking loss</dt>
          <dd>
            {fixed(s.gazeHz, 1, ' Hz')}, {fixed(s.lossPct, 1, ' %')} of {s.samples ?? '—'} samples
          </dd>
          <dt>Gaze source</dt>
          <dd>
            {s.gazeSource ?? '—'} {s.flags.length > 0 && <small>({s.flags.join(', ')})</small>}
          </dd>
          <dt>Data on the server</dt>
          <dd>
            {bytesText(s.bytes)} in {s.chunks} chunks
          </dd>
          <dt>Exclusion</dt>
          <dd>{s.excludedBy.length ? s.excludedBy.join('; ') : 'included (no rule applies)'}</dd>
          {environment && (
            <>
              <dt>Browser</dt>
              <dd>
                <small>{String(environment.userAgent ?? '')}</small>
              </dd>
            </>
          )}
        </dl>
      </section>
      <section className="panel" aria-labelledby="quality-heading">
        <h2 id="quality-heading">Quality over the screens</h2>
        <QualityChart screens={screens} />
        <table className="compact" aria-label="Quality per screen">
          <thead>
            <tr>
              <th>Screen (task id)</th>
              <th>Task</th>
              <th>Samples</th>
              <th>Gaze rate</th>
              <th>Tracking loss</th>
              <th>Duration</th>
              <th>Chunks</th>
              <th>Events</th>
              <th>Bytes</th>
            </tr>
          </thead>
          <tbody>
            {screens.map((q) => (
              <tr key={q.taskId}>
                <td>{q.taskId}</td>
                <td>{q.task ?? '—'}</td>
                <td>{q.samples ?? '—'}</td>
                <td>{fixed(q.gazeHz, 1, ' Hz')}</td>
                <td>{fixed(q.lostPct, 1, ' %')}</td>
                <td>{q.durationMs === null ? '—' : `${(q.durationMs / 1000).toFixed(1)} s`}</td>
                <td>{q.chunks}</td>
                <td>{q.events}</td>
                <td>{bytesText(q.bytes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="panel" aria-labelledby="session-actions-heading">
        <h2 id="session-actions-heading">Export and delete</h2>
        <div className="button-row">
          <button
            type="button"
            onClick={() => {
              setExporting({ progress: null });
              void downloadWithProgress(
                api,
                (id) => api.sessionExportUrl(studyId, sessionId, id),
                (progress) => setExporting({ progress }),
              );
            }}
          >
            Export this session (zip)
          </button>
          <a href={`/analysis?server-study=${studyId}&server-session=${sessionId}`}>Open in analysis</a>
        </div>
        {exporting && <ProgressLine progress={exporting.progress} what="the session" />}
        <p className="warning" data-testid="delete-session-what">
          Deleting removes the session of {s.participantId}: its record (answers, selections, calibration) and all {s.chunks} stored chunk
          {s.chunks === 1 ? '' : 's'} ({bytesText(s.bytes)}) of {screens.length} screen{screens.length === 1 ? '' : 's'}. This cannot be
          undone (backups keep it until they are rotated out).
        </p>
        <div className="field danger">
          <label htmlFor="delete-session">
            To delete all data of this session, type the participant id <code>{s.participantId}</code>
          </label>
          <div className="button-row">
            <input id="delete-session" value={confirm} onChange={(e) => setConfirm(e.target.value)} autoComplete="off" />
            <button type="button" disabled={confirm !== s.participantId} onClick={() => void remove()}>
              Delete the session of {s.participantId}
            </button>
          </div>
        </div>
        {error && <p role="alert">{error}</p>}
      </section>
    </>
  );
}
