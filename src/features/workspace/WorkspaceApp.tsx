import { useEffect, useState } from 'react';
import type { Researcher } from '../../../core/protocol/lab.ts';
import type { HealthResponse } from '../../../core/protocol/messages.ts';
import { api } from './api.ts';
import type { RenderEditor } from './editor-host.ts';
import { InvitePage } from './InvitePage.tsx';
import { LoginPage } from './LoginPage.tsx';
import { NewStudyPage } from './NewStudyPage.tsx';
import { Link, navigate, useLocationPath } from './router.tsx';
import { SessionPage } from './SessionPage.tsx';
import { StudiesPage } from './StudiesPage.tsx';
import { StudyPage } from './StudyPage.tsx';
import { TeamPage } from './TeamPage.tsx';
import './workspace.css';

/**
 * The researcher workspace, when the app runs on the study server: log in, then studies (design,
 * publish, recruit), live sessions, exports, the team and the audit log. Pages by path:
 * /studio, /studio/new, /studio/studies/<id>, /studio/studies/<id>/sessions/<session>, /studio/team, /invite.
 */
export function WorkspaceApp({ health, renderEditor }: { health: HealthResponse; renderEditor: RenderEditor }) {
  const path = useLocationPath();
  const [me, setMe] = useState<Researcher | null | undefined>(undefined);
  useEffect(() => {
    void api.me().then((r) => setMe(r.ok ? r.value : null));
  }, []);

  if (path === '/invite') return <InvitePage onJoined={(r) => (setMe(r), navigate('/studio'))} />;
  if (me === undefined) return <p className="loading">Loading…</p>;
  const banner = (
    <p className="mode-badge server" data-testid="studio-mode">
      Server mode: studies and data are on this study server (
      {health.database === 'embedded' ? 'its own PostgreSQL' : 'an external PostgreSQL'})
    </p>
  );
  if (me === null)
    return (
      <main className="studio lab">
        <header>
          <h1>Researcher workspace</h1>
          {banner}
        </header>
        <LoginPage onLoggedIn={setMe} />
      </main>
    );

  const logout = async () => {
    await api.logout();
    setMe(null);
  };
  const study = /^\/studio\/studies\/([a-z0-9-]+)(?:\/sessions\/([0-9a-f-]{36}))?$/.exec(path);
  let page;
  if (path === '/studio/new') page = <NewStudyPage renderEditor={renderEditor} />;
  else if (path === '/studio/team') page = <TeamPage me={me} />;
  else if (study?.[2]) page = <SessionPage studyId={study[1]!} sessionId={study[2]} />;
  else if (study) page = <StudyPage key={study[1]} studyId={study[1]!} me={me} renderEditor={renderEditor} />;
  else page = <StudiesPage />;

  return (
    <main className="studio lab">
      <header>
        <h1>Researcher workspace</h1>
        {banner}
        <nav aria-label="Workspace">
          <Link to="/studio">Studies</Link>
          <Link to="/studio/team">{me.role === 'owner' ? 'Team and audit log' : 'Account'}</Link>
          <a href="/analysis">Analysis</a>
        </nav>
        <span className="who">
          Signed in as <strong>{me.email}</strong> ({me.role}){' '}
          <button type="button" onClick={() => void logout()}>
            Log out
          </button>
        </span>
      </header>
      {page}
    </main>
  );
}
