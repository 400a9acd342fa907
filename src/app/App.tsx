import { lazy, Suspense } from 'react';
import { StudyApp } from '../features/study/StudyApp.tsx';

const ResearcherPages = lazy(() => import('./ResearcherPages.tsx').then((m) => ({ default: m.ResearcherPages })));
const AnalysisPage = lazy(() => import('../features/analysis/AnalysisPage.tsx').then((m) => ({ default: m.AnalysisPage })));
const StudyLinkPage = lazy(() => import('../features/study-link/StudyLinkPage.tsx').then((m) => ({ default: m.StudyLinkPage })));

/**
 * Entry points: `/` participant study, `/s/<study>` a study link on the study server, `/studio…`
 * (and `/invite`) the researcher studio or, on the study server, the workspace, `/analysis`.
 * Researchers' code loads only on their pages.
 */
export function App() {
  const path = window.location.pathname.replace(/\/+$/, '');
  const page =
    path === '/studio' || path.startsWith('/studio/') || path === '/invite' ? (
      <ResearcherPages />
    ) : path === '/analysis' ? (
      <AnalysisPage />
    ) : path.startsWith('/s/') ? (
      <StudyLinkPage />
    ) : null;
  if (!page) return <StudyApp />;
  return <Suspense fallback={<p className="loading">Loading…</p>}>{page}</Suspense>;
}
