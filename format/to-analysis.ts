// A recorded session (record + events) in the analysis library's input shape.
import type { AnalysisSession } from '../analysis/dataset.ts';
import type { RecordedEvent } from '../core/events.ts';
import type { SessionRecord } from '../core/records.ts';
import { screenRows } from './derive-screen.ts';
import { measuredScreen, summariseCalibration } from './envelope.ts';
import { genrePrefsFromAnswers } from './genre-prefs.ts';

export function sessionToAnalysis(
  s: SessionRecord,
  events: ReadonlyMap<number, RecordedEvent[]>,
  origin: AnalysisSession['origin'],
): AnalysisSession {
  const { itemsPerRow, visibleCount, pageStep } = s.config.layout;
  const out: AnalysisSession = {
    id: s.id,
    participantId: s.participantId,
    studyId: s.studyId,
    gazeSource: s.gazeSource,
    origin,
    firstTask: s.firstTask,
    layout: { itemsPerRow, visibleCount, pageStep },
    // Screens never reached have no events: they are left out rather than counted as empty.
    screens: [...s.config.screens]
      .filter((screen) => (events.get(screen.taskId)?.length ?? 0) > 0)
      .sort((a, b) => a.taskId - b.taskId)
      .map((screen) => {
        const sel = s.selections[screen.taskId];
        return {
          taskId: screen.taskId,
          task: screen.task,
          rows: screenRows(screen),
          events: events.get(screen.taskId)!,
          selection: sel ? { row: sel.row, position: sel.position, movieId: sel.movieId, t: sel.t } : null,
        };
      }),
  };
  const screen = measuredScreen(s.calibration);
  if (screen) out.pxPerDeg = screen.pxPerDeg;
  const accuracy = summariseCalibration(s.calibration).meanErrorPx;
  if (accuracy !== null) out.validationAccuracyPx = accuracy;
  const prefs = genrePrefsFromAnswers(s.answers.pre);
  if (prefs) out.genrePrefs = prefs;
  return out;
}
