import { lazy, Suspense, useEffect } from 'react';
import { ANALYSIS_PATH, parseRoute, STUDIO_PATH, studyUrl } from '../../core/routes.ts';
import { StudyApp } from '../features/study/StudyApp.tsx';
import { recoverUnsavedSessions } from '../tracking/recovery.ts';
import { browserStorage, WriteAheadLog } from '../tracking/write-ahead-log.ts';

const ResearcherPages = lazy(() => import('./ResearcherPages.tsx').then((m) => ({ default: m.ResearcherPages })));
const AnalysisPage = lazy(() => import('../features/analysis/AnalysisPage.tsx').then((m) => ({ default: m.AnalysisPage })));

/** Researcher pages store what participant tabs left unsaved (closed or killed mid-screen) before showing sessions. */
function useRecoveredSessions(): void {
  useEffect(() => {
    void recoverUnsavedSessions(new WriteAheadLog(browserStorage())).catch(() => undefined);
  }, []);
}

function ResearcherPage({ page }: { page: 'studio' | 'analysis' }) {
  useRecoveredSessions();
  return <Suspense fallback={<p className="loading">Loading…</p>}>{page === 'studio' ? <ResearcherPages /> : <AnalysisPage />}</Suspense>;
}

/**
 * Entry points: `/` participant study, `/s/<study>` a study link on the study server, `/studio…`
 * (and `/invite`) the researcher studio or, on the study server, the workspace, `/analysis`.
 * Researchers' code loads only on their pages.
 */
export function App() {
  const route = parseRoute(window.location);
  switch (route.page) {
    case 'study':
      return <StudyApp />;
    case 'study-link':
      return <StudyApp entry="server" />;
    case 'studio':
    case 'analysis':
      return <ResearcherPage page={route.page} />;
    case 'not-found':
      return (
        <main className="page" role="alert">
          <h1>There is no page at {route.path}</h1>
          <p>
            The study starts at <a href={studyUrl({})}>/</a> (a participant link adds <code>?study=…</code>), the studio is at{' '}
            <a href={STUDIO_PATH}>{STUDIO_PATH}</a> and the analysis view at <a href={ANALYSIS_PATH}>{ANALYSIS_PATH}</a>.
          </p>
        </main>
      );
  }
}
