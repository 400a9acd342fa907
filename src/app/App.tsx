import { lazy, Suspense } from 'react';
import { StudyApp } from '../features/study/StudyApp.tsx';

const StudioPage = lazy(() => import('../features/studio/StudioPage.tsx').then((m) => ({ default: m.StudioPage })));
const AnalysisPage = lazy(() => import('../features/analysis/AnalysisPage.tsx').then((m) => ({ default: m.AnalysisPage })));

/** Three entry points: `/` participant study, `/studio` researcher studio, `/analysis` analysis view. */
export function App() {
  const path = window.location.pathname.replace(/\/+$/, '');
  if (path === '/studio' || path === '/analysis') {
    return <Suspense fallback={<p className="loading">Loading…</p>}>{path === '/studio' ? <StudioPage /> : <AnalysisPage />}</Suspense>;
  }
  return <StudyApp />;
}
