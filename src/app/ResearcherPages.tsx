import { useEffect, useState } from 'react';
import type { HealthResponse } from '../../core/protocol/messages.ts';
import { StudioPage } from '../features/studio/StudioPage.tsx';
import { StudyEditor } from '../features/studio/StudyEditor.tsx';
import { WorkspaceApp } from '../features/workspace/WorkspaceApp.tsx';
import { detectServer } from '../sync/server-mode.ts';

/**
 * The researcher's pages in the mode the app runs in: on the study server, the workspace (login,
 * studies saved on the server, links, live sessions, exports) with the studio's editor; as a
 * static site, the studio of local-only lab mode (IndexedDB).
 */
export function ResearcherPages() {
  const [health, setHealth] = useState<HealthResponse | null | undefined>(undefined);
  useEffect(() => {
    void detectServer().then(setHealth);
  }, []);
  if (health === undefined) return <p className="loading">Loading…</p>;
  if (health === null) return <StudioPage />;
  return <WorkspaceApp health={health} renderEditor={(p) => <StudyEditor key={p.draft.savedId ?? 'new'} {...p} />} />;
}
