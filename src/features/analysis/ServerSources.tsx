// The sources panel's part for the study server: its studies (for a logged-in researcher), each
// analysable straight from the server's database, with or without the sessions the study's
// exclusion rules flag. `?server-study=<id>&sessions=<selection>` (or `&server-session=<id>`)
// analyses at once: the workspace's "Open in analysis".
import { useEffect, useRef, useState } from 'react';
import { SESSION_SELECTIONS, type SessionSelection, type StudySummary } from '../../../core/protocol/lab.ts';
import { ResearchApi } from '../../sync/research-api.ts';
import { detectServer } from '../../sync/server-mode.ts';
import type { SourceSelection } from './worker-protocol.ts';

const SELECTION_WORDS: Record<SessionSelection, string> = {
  all: 'every session',
  included: 'leave out excluded sessions',
  'complete-included': 'complete sessions, excluded ones left out',
};

export function ServerSources({ busy, analyse }: { busy: boolean; analyse: (s: SourceSelection) => Promise<void> }) {
  const [studies, setStudies] = useState<StudySummary[] | 'logged-out' | null>(null);
  const query = new URLSearchParams(window.location.search);
  const [studyId, setStudyId] = useState(query.get('server-study') ?? '');
  const [selection, setSelection] = useState<SessionSelection>(() => {
    const asked = query.get('sessions');
    return (SESSION_SELECTIONS as readonly string[]).includes(asked ?? '') ? (asked as SessionSelection) : 'included';
  });
  const preselected = useRef(false);
  useEffect(() => {
    void (async () => {
      if (!(await detectServer())) return;
      const result = await new ResearchApi().studies();
      setStudies(result.ok ? result.value : 'logged-out');
    })();
  }, []);
  useEffect(() => {
    if (preselected.current || !Array.isArray(studies)) return;
    const q = new URLSearchParams(window.location.search);
    const asked = q.get('server-study');
    if (!asked || !studies.some((s) => s.id === asked)) return;
    preselected.current = true;
    const session = q.get('server-session');
    void analyse({
      demo: null,
      sessionIds: [],
      datasetIds: [],
      server: { studyId: asked, selection: session ? 'all' : selection, ...(session ? { sessionIds: [session] } : {}) },
    });
  }, [studies, analyse, selection]);

  if (studies === null) return null;
  return (
    <>
      <h3>Studies on the study server</h3>
      {studies === 'logged-out' ? (
        <p className="muted">
          <a href="/studio">Log in to the workspace</a> to analyse the studies on this server.
        </p>
      ) : studies.length === 0 ? (
        <p className="muted">No studies on this server yet.</p>
      ) : (
        <div className="source-actions">
          <select aria-label="Server study" value={studyId} onChange={(e) => setStudyId(e.target.value)}>
            <option value="">choose a study…</option>
            {studies.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} ({s.id}, {s.started} sessions)
              </option>
            ))}
          </select>
          <select aria-label="Server sessions" value={selection} onChange={(e) => setSelection(e.target.value as SessionSelection)}>
            {SESSION_SELECTIONS.map((s) => (
              <option key={s} value={s}>
                {SELECTION_WORDS[s]}
              </option>
            ))}
          </select>
          <button
            type="button"
            disabled={busy || !studyId}
            onClick={() => void analyse({ demo: null, sessionIds: [], datasetIds: [], server: { studyId, selection } })}
          >
            Analyse the study from the server
          </button>
        </div>
      )}
    </>
  );
}
