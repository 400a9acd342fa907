export function StudyApp() {
  return <main className="page"><h1>Carousel Gaze Lab</h1></main>;
}
