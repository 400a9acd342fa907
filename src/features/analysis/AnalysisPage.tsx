export function AnalysisPage() {
  return <main className="page"><h1>Analysis</h1><p>Not built yet.</p></main>;
}
