export function StudioPage() {
  return <main className="page"><h1>Researcher studio</h1><p>Not built yet.</p></main>;
}
