import { lazy, Suspense, useEffect } from 'react';
import { ANALYSIS_PATH, parseRoute, STUDIO_PATH, studyUrl } from '../../core/routes.ts';
import { StudyApp } from '../features/study/StudyApp.tsx';
import { recoverUnsavedSessions } from '../tracking/recovery.ts';
import { browserStorage, WriteAheadLog } from '../tracking/write-ahead-log.ts';

const StudioPage = lazy(() => import('../features/studio/StudioPage.tsx').then((m) => ({ default: m.StudioPage })));
const AnalysisPage = lazy(() => import('../features/analysis/AnalysisPage.tsx').then((m) => ({ default: m.AnalysisPage })));

/** Researcher pages store what participant tabs left unsaved (closed or killed mid-screen) before showing sessions. */
function useRecoveredSessions(): void {
  useEffect(() => {
    void recoverUnsavedSessions(new WriteAheadLog(browserStorage())).catch(() => undefined);
  }, []);
}

function ResearcherPage({ page }: { page: 'studio' | 'analysis' }) {
  useRecoveredSessions();
  return <Suspense fallback={<p className="loading">Loading…</p>}>{page === 'studio' ? <StudioPage /> : <AnalysisPage />}</Suspense>;
}

/** Three entry points: `/` participant study, `/studio` researcher studio, `/analysis` analysis view. */
export function App() {
  const route = parseRoute(window.location);
  switch (route.page) {
    case 'study':
      return <StudyApp />;
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
