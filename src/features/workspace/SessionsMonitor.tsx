import { useState } from 'react';
import { LINK_KINDS, type LinkKind } from '../../../core/protocol/entry.ts';
import { SESSION_STATES, type SessionState, type StudyDetail } from '../../../core/protocol/lab.ts';
import { AddDataFilePanel } from './AddDataFilePanel.tsx';
import { api } from './api.ts';
import { ExportPanel } from './ExportPanel.tsx';
import { ago, ALL_SESSIONS, bytesText, countByState, filterSessions, fixed, type MonitorFilter } from './monitor-filters.ts';
import { Link } from './router.tsx';
import { useLoad } from './use-load.ts';

/** How often the list asks the server again. */
const POLL_MS = 2000;

const FIRST = { Free_browsing: 'free first', Semi_free_direct_search: 'search first' } as const;

/** The study's sessions, live: states, screens, quality figures, exclusion flags; filters; export. */
export function SessionsMonitor({ study }: { study: StudyDetail }) {
  const list = useLoad(() => api.sessions(study.id), [study.id], POLL_MS);
  const [filter, setFilter] = useState<MonitorFilter>(ALL_SESSIONS);
  const sessions = list.data?.sessions ?? [];
  const shown = filterSessions(sessions, filter);
  const counts = countByState(sessions);
  const toggleState = (state: SessionState, on: boolean) =>
    setFilter({
      ...filter,
      states: on ? SESSION_STATES.filter((s) => s === state || filter.states.includes(s)) : filter.states.filter((s) => s !== state),
    });
  const excluded = sessions.filter((s) => s.excludedBy.length > 0).length;

  return (
    <>
      <section className="panel" aria-labelledby="monitor-heading">
        <h2 id="monitor-heading">Sessions (live)</h2>
        <p data-testid="session-counts">
          {sessions.length} started{study.target !== null && ` of ${study.target}`} · {counts.consented} consented · {counts['in progress']}{' '}
          in progress · {counts.complete} complete · {counts.abandoned} abandoned (silent for {study.settings.abandonAfterMinutes} min) ·{' '}
          {list.data?.withdrawn ?? 0} withdrawn (deleted) · {excluded} excluded by the rules
        </p>
        {list.error && <p role="alert">Not updated: {list.error}</p>}
        <fieldset className="filters">
          <legend>Filters</legend>
          {SESSION_STATES.map((state) => (
            <label key={state} className="check">
              <input type="checkbox" checked={filter.states.includes(state)} onChange={(e) => toggleState(state, e.target.checked)} />{' '}
              {state}
            </label>
          ))}
          <label>
            Exclusion{' '}
            <select
              value={filter.exclusion}
              onChange={(e) => setFilter({ ...filter, exclusion: e.target.value as MonitorFilter['exclusion'] })}
            >
              <option value="all">all</option>
              <option value="included">included only</option>
              <option value="excluded">excluded only</option>
            </select>
          </label>
          <label>
            Link{' '}
            <select value={filter.linkKind} onChange={(e) => setFilter({ ...filter, linkKind: e.target.value as LinkKind | 'all' })}>
              <option value="all">all</option>
              {LINK_KINDS.map((k) => (
                <option key={k} value={k}>
                  {k}
                </option>
              ))}
            </select>
          </label>
          <label>
            Participant <input type="search" value={filter.text} onChange={(e) => setFilter({ ...filter, text: e.target.value })} />
          </label>
        </fieldset>
        {list.data === null ? (
          <p>Loading sessions…</p>
        ) : sessions.length === 0 ? (
          <p>No sessions yet. They appear here as participants consent.</p>
        ) : (
          <table className="sessions" aria-label="Live sessions">
            <thead>
              <tr>
                <th>Participant</th>
                <th>Link</th>
                <th>Version</th>
                <th>Blocks</th>
                <th>State</th>
                <th>Screens done</th>
                <th>Current screen</th>
                <th>Last seen</th>
                <th>Validation error</th>
                <th>Gaze rate</th>
                <th>Tracking loss</th>
                <th>Data</th>
                <th>Exclusion</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((s) => (
                <tr key={s.id} data-participant={s.participantId} className={s.excludedBy.length ? 'excluded' : undefined}>
                  <td>
                    <Link to={`/studio/studies/${study.id}/sessions/${s.id}`}>{s.participantId}</Link>
                  </td>
                  <td>{s.linkKind ?? '—'}</td>
                  <td>v{s.version}</td>
                  <td>{s.firstTask ? FIRST[s.firstTask] : '—'}</td>
                  <td data-testid="state">{s.state}</td>
                  <td data-testid="screens">
                    {s.screensDone} / {s.screensTotal ?? '?'}
                  </td>
                  <td>{s.currentTaskId ?? '—'}</td>
                  <td title={new Date(s.lastSeenAt).toLocaleString()}>{ago(s.lastSeenAt, list.data!.now)}</td>
                  <td data-testid="validation">
                    {fixed(s.validationPx, 0, ' px')}
                    {s.validationDeg !== null && ` (${s.validationDeg.toFixed(1)}°)`}
                  </td>
                  <td data-testid="hz">{fixed(s.gazeHz, 1, ' Hz')}</td>
                  <td data-testid="loss">{fixed(s.lossPct, 1, ' %')}</td>
                  <td data-testid="bytes">
                    {bytesText(s.bytes)} <small>({s.chunks} chunks)</small>
                  </td>
                  <td>{s.excludedBy.length ? s.excludedBy.join('; ') : 'included'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <AddDataFilePanel studyId={study.id} />
      <ExportPanel studyId={study.id} excluded={excluded} />
    </>
  );
}
