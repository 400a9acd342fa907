// Where the data comes from: sessions recorded in this browser, imported exports, a study on the
// study server, or the demo.
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useRef, useState } from 'react';
import { listDatasets } from '../../db/datasets.ts';
import { listSessions } from '../../db/sessions.ts';
import { useAnalysisStore } from './analysis-store.ts';
import { ImportControl } from './ImportControl.tsx';
import { preselectedSession } from './filter-state.ts';
import { ServerSources } from './ServerSources.tsx';
import type { DemoSpec } from './worker-protocol.ts';

export const DEMO_DATASET: DemoSpec = { participants: 12, screens: 40, seed: 1 };

const toggled = (list: string[], id: string) => (list.includes(id) ? list.filter((x) => x !== id) : [...list, id]);

export function SourcesPanel() {
  const sessions = useLiveQuery(() => listSessions(), []);
  const datasets = useLiveQuery(() => listDatasets(), []);
  const analyse = useAnalysisStore((s) => s.analyse);
  const status = useAnalysisStore((s) => s.status);
  const [sessionIds, setSessionIds] = useState<string[]>([]);
  const [datasetIds, setDatasetIds] = useState<string[]>([]);
  // ?session=<id>: once the sessions are listed, the session is selected and analysed (once).
  const [preselect, setPreselect] = useState(() => ({
    id: preselectedSession(window.location.search),
    state: 'waiting' as 'waiting' | 'found' | 'missing',
  }));
  if (preselect.id && preselect.state === 'waiting' && sessions) {
    const found = sessions.some((s) => s.id === preselect.id);
    setPreselect({ ...preselect, state: found ? 'found' : 'missing' });
    if (found) setSessionIds([preselect.id]);
  }
  const preselectAnalysed = useRef(false);
  useEffect(() => {
    if (!preselect.id || preselect.state !== 'found' || preselectAnalysed.current) return;
    preselectAnalysed.current = true;
    void analyse({ demo: null, sessionIds: [preselect.id], datasetIds: [] });
  }, [preselect, analyse]);

  const busy = status === 'loading';
  return (
    <section className="panel" aria-labelledby="sources-h">
      <h2 id="sources-h">Sources</h2>
      <div className="source-actions">
        <button type="button" disabled={busy} onClick={() => void analyse({ demo: DEMO_DATASET, sessionIds: [], datasetIds: [] })}>
          Load demo dataset
        </button>
        <span className="muted">
          synthetic F-pattern data: {DEMO_DATASET.participants} participants × {DEMO_DATASET.screens} screens
        </span>
      </div>
      <ServerSources busy={busy} analyse={analyse} />
      <h3>Sessions recorded in this browser</h3>
      {sessions === undefined ? (
        <p className="muted">Loading…</p>
      ) : sessions.length === 0 ? (
        <p className="muted">No sessions recorded here yet.</p>
      ) : null}
      <ul className="source-list" aria-label="Recorded sessions">
        {(sessions ?? []).map((s) => (
          <li key={s.id}>
            <label>
              <input type="checkbox" checked={sessionIds.includes(s.id)} onChange={() => setSessionIds((ids) => toggled(ids, s.id))} />
              {s.participantId} · {s.studyId} · {s.gazeSource} · {s.status} · {Object.keys(s.screens).length} screens ·{' '}
              {new Date(s.startedAt).toLocaleString()}
            </label>
          </li>
        ))}
      </ul>
      {preselect.state === 'missing' ? <p role="alert">Session {preselect.id} is not in this browser's storage.</p> : null}
      <h3>Imported data</h3>
      <ul className="source-list" aria-label="Imported datasets">
        {(datasets ?? []).map((d) => (
          <li key={d.id}>
            <label>
              <input type="checkbox" checked={datasetIds.includes(d.id)} onChange={() => setDatasetIds((ids) => toggled(ids, d.id))} />
              {d.name} · {d.origin} · imported {new Date(d.importedAt).toLocaleString()}
            </label>
          </li>
        ))}
      </ul>
      <ImportControl onImported={(id) => setDatasetIds((ids) => [...ids, id])} />
      <div className="source-actions">
        <button
          type="button"
          disabled={busy || sessionIds.length + datasetIds.length === 0}
          onClick={() => void analyse({ demo: null, sessionIds, datasetIds })}
        >
          Analyse selected
        </button>
      </div>
    </section>
  );
}
