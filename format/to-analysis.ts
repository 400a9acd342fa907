// A recorded session (record + events) in the analysis library's input shape: each screen's events
// become typed columns here, once, and the study's fixation settings go with the session so the
// analysis derives the same fixations as the export.
import type { AnalysisSession } from '../analysis/dataset.ts';
import { screenColumns } from '../analysis/screen-columns.ts';
import type { ScreenColumns } from '../core/screen-columns.ts';
import type { RecordedEvent } from '../core/events.ts';
import type { SessionRecord } from '../core/records.ts';
import { screenRows } from './derive-screen.ts';
import { measuredScreen, summariseCalibration } from './envelope.ts';
import { genrePrefsFromAnswers } from './genre-prefs.ts';

/** `events`: a screen's recorded events, or its columns when they were made already. */
export function sessionToAnalysis(
  s: SessionRecord,
  events: ReadonlyMap<number, readonly RecordedEvent[] | ScreenColumns>,
  origin: AnalysisSession['origin'],
): AnalysisSession {
  const columnsOf = (taskId: number): ScreenColumns | null => {
    const e = events.get(taskId);
    if (!e) return null;
    return 'version' in e ? e : e.length ? screenColumns(e) : null;
  };
  const { itemsPerRow, visibleCount, pageStep } = s.config.layout;
  const out: AnalysisSession = {
    id: s.id,
    participantId: s.participantId,
    studyId: s.studyId,
    gazeSource: s.gazeSource,
    origin,
    firstTask: s.firstTask,
    layout: { itemsPerRow, visibleCount, pageStep },
    fixation: s.config.fixation,
    // Screens never reached have no events: they are left out rather than counted as empty.
    screens: [...s.config.screens]
      .sort((a, b) => a.taskId - b.taskId)
      .flatMap((screen) => {
        const columns = columnsOf(screen.taskId);
        if (!columns || !hasEvents(columns)) return [];
        const sel = s.selections[screen.taskId];
        return [
          {
            taskId: screen.taskId,
            task: screen.task,
            rows: screenRows(screen),
            columns,
            selection: sel ? { row: sel.row, position: sel.position, movieId: sel.movieId, t: sel.t } : null,
          },
        ];
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

function hasEvents(c: ScreenColumns): boolean {
  for (const k in c.counts) if (c.counts[k as keyof typeof c.counts]) return true;
  return false;
}
