// The BIDS part of the export (BIDS 1.11, eye tracking after BEP020): file names, sidecars and
// table rows, pure. Each carousel screen is one run of the task `carousel` in the datatype `beh`:
//   sub-<label>/ses-<n>/beh/sub-<label>_ses-<n>_task-carousel_run-<taskId>_recording-eye1_physio.tsv.gz
//   with its JSON sidecar, the `_physioevents` pair, and the run's `_events` TSV and JSON.
// Times: the physio `timestamp` and physioevents `onset` are ms from the start of the screen;
// `_events.tsv` onsets are seconds from the same origin (the physio StartTime is relative to it too).
import type { RecordedEvent } from '../core/events.ts';
import type { SessionRecord } from '../core/records.ts';
import type { StudyConfig } from '../core/study-config/schema.ts';
import type { CsvValue } from '../core/csv/write.ts';
import type { CalibrationSummary } from './envelope.ts';
import { achievedHz, NOMINAL_HZ, physicalScreen, viewingDistanceCm } from './viewing.ts';

export const BIDS_VERSION = '1.11.1';
export const BIDS_TASK = 'carousel';
export const BIDS_TASK_NAME = 'Carousel movie selection';
export const PHYSIO_COLUMNS = ['timestamp', 'x_coordinate', 'y_coordinate'] as const;
export const PHYSIOEVENTS_COLUMNS = ['onset', 'duration', 'trial_type', 'message'] as const;
export const EVENTS_COLUMNS = ['onset', 'duration', 'trial_type', 'row', 'position', 'page', 'movie_id', 'source'] as const;
export const PARTICIPANTS_COLUMNS = ['participant_id', 'original_participant_id'] as const;

/** Letters and digits of an id (a BIDS label allows `[0-9a-zA-Z+]`), `unknown` when none are left. */
const alphanumeric = (text: string): string => text.replace(/[^A-Za-z0-9]/g, '') || 'unknown';

/**
 * A unique BIDS label per participant id: its letters and digits; ids that would collide (`PILOT_7`,
 * `PILOT-7`, `PILOT7`) are told apart by `+2`, `+3`… in a fixed order (an id that already is
 * alphanumeric keeps the plain label, the others follow in code-point order), so the labels do not
 * depend on the order of the sessions. participants.tsv keeps the original ids.
 */
export function bidsSubjectLabels(participantIds: Iterable<string>): Map<string, string> {
  const groups = new Map<string, string[]>();
  for (const id of new Set(participantIds)) {
    const base = alphanumeric(id);
    const g = groups.get(base);
    if (g) g.push(id);
    else groups.set(base, [id]);
  }
  const out = new Map<string, string>();
  for (const [base, ids] of groups) {
    ids.sort((a, b) => (a === base ? -1 : b === base ? 1 : a < b ? -1 : a > b ? 1 : 0));
    ids.forEach((id, i) => out.set(id, i === 0 ? base : `${base}+${i + 1}`));
  }
  return out;
}

/** Folder and file-name prefix of one screen (run) of a session. */
export function bidsRun(subject: string, subjectId: number, taskId: number): { dir: string; prefix: string } {
  const sub = `sub-${subject}`;
  const ses = `ses-${subjectId}`;
  return { dir: `bids/${sub}/${ses}/beh`, prefix: `${sub}_${ses}_task-${BIDS_TASK}_run-${String(taskId).padStart(2, '0')}` };
}

const TRACKER: Record<SessionRecord['gazeSource'], { manufacturer: string; model: string; method: string }> = {
  webgazer: {
    manufacturer: 'WebGazer',
    model: 'WebGazer.js 3.5.3 (ridge regression, MediaPipe FaceMesh)',
    method: 'webcam appearance-based regression',
  },
  worker: {
    manufacturer: 'Carousel Gaze Lab',
    model: 'gaze engine in a Web Worker (MediaPipe FaceMesh, WebGazer eye-patch ridge regression)',
    method: 'webcam appearance-based regression',
  },
  mouse: { manufacturer: 'WebGazer', model: 'none: mouse cursor used as the gaze point (pilot mode)', method: 'mouse cursor as gaze' },
  replay: { manufacturer: 'WebGazer', model: 'replayed gaze trace', method: 'replay of a recorded trace' },
  simulated: { manufacturer: 'WebGazer', model: 'simulated gaze', method: 'simulation' },
};

/** `*_recording-eye1_physio.json`: keys with unknown values are left out (BIDS wants numbers, not null). */
export function physioSidecar(
  s: SessionRecord,
  taskId: number,
  startMs: number,
  viewport: { w: number; h: number; dpr?: number },
  cal: CalibrationSummary,
  appVersion: string,
): Record<string, unknown> {
  const tracker = TRACKER[s.gazeSource];
  const distance = viewingDistanceCm(s);
  const where = `CSS px from the left edge of the browser viewport (${viewport.w} x ${viewport.h} CSS px, device pixel ratio ${viewport.dpr ?? s.environment.dpr}); n/a when the tracker lost the face`;
  const out: Record<string, unknown> = {
    TaskName: BIDS_TASK_NAME,
    PhysioType: 'eyetrack',
    SamplingFrequency: achievedHz(s, taskId) ?? NOMINAL_HZ,
    StartTime: Math.round(startMs) / 1000,
    Columns: [...PHYSIO_COLUMNS],
    timestamp: { Description: 'Time of the sample from the start of the screen', Units: 'ms', Origin: 'start of the carousel screen' },
    x_coordinate: { LongName: 'Gaze position (x)', Description: where, Units: 'pixel' },
    y_coordinate: { LongName: 'Gaze position (y)', Description: where.replace('left edge', 'top edge'), Units: 'pixel' },
    RecordedEye: 'cyclopean',
    SampleCoordinateSystem: 'gaze-on-screen',
    EnvironmentCoordinates: 'top-left',
    SampleCoordinateUnits: 'pixel',
    ScreenDistance: distance.cm / 100,
    ScreenDistanceAssumed: distance.assumed,
    CalibrationCount: cal.count,
    CalibrationType: `${s.config.gaze.calibrationGrid.cols * s.config.gaze.calibrationGrid.rows}-point click calibration`,
    EyeTrackingMethod: tracker.method,
    Manufacturer: tracker.manufacturer,
    ManufacturersModelName: tracker.model,
    SoftwareVersions: `carousel-gaze-lab ${appVersion}`,
    RawDataFilters: 'none (samples as emitted by the tracker)',
    GazeSource: s.gazeSource,
  };
  if (cal.meanErrorDeg !== null) out.AverageCalibrationError = cal.meanErrorDeg;
  if (cal.maxErrorDeg !== null) out.MaximalCalibrationError = cal.maxErrorDeg;
  if (cal.meanErrorPx !== null) out.AverageCalibrationErrorPixels = cal.meanErrorPx;
  return out;
}

const ms1 = (v: number): number => Math.round(v * 10) / 10;

/** `*_physioevents.tsv.gz` rows (no header): detected fixations, swipes and the selection, by onset. */
export function physioEventRows(fixations: readonly { t: number; durationMs: number }[], events: readonly RecordedEvent[]): CsvValue[][] {
  const rows: { t: number; row: CsvValue[] }[] = [];
  for (const f of fixations) rows.push({ t: f.t, row: [ms1(f.t), ms1(f.durationMs), 'fixation', null] });
  for (const e of events) {
    if (e.kind === 'swipe')
      rows.push({ t: e.t, row: [ms1(e.t), null, null, `swipe row ${e.row} ${e.direction} to page ${e.page} (${e.source})`] });
    else if (e.kind === 'swipe-end') rows.push({ t: e.t, row: [ms1(e.t), null, null, `swipe end row ${e.row} at page ${e.page}`] });
    else if (e.kind === 'selection')
      rows.push({ t: e.t, row: [ms1(e.t), null, null, `selection row ${e.row} position ${e.position} movie ${e.movieId}`] });
  }
  rows.sort((a, b) => a.t - b.t);
  return rows.map((r) => r.row);
}

export function physioEventsSidecar(): Record<string, unknown> {
  return {
    Columns: [...PHYSIOEVENTS_COLUMNS],
    Description: "Fixations detected by the study's fixation detector (parameters in session.json), swipes and the selection",
    OnsetSource: 'timestamp',
    onset: { Description: 'Time of the event on the timeline of the physio timestamp column', Units: 'ms' },
    duration: { Description: 'Fixation duration', Units: 'ms' },
    trial_type: { Description: 'Event type', Levels: { fixation: "A fixation detected with the study's detector" } },
    message: { Description: 'Swipes and the selection, as recorded by the app' },
  };
}

const seconds = (ms: number): number => Math.round(ms) / 1000;

/**
 * `*_events.tsv` rows of one screen: swipes (onset at the swipe's start, duration the row's slide up
 * to its `swipe-end`, 0 when none was recorded), the slide ends (`swipe_end`), hovers (with their
 * duration) and the selection.
 */
export function eventsRows(events: readonly RecordedEvent[]): CsvValue[][] {
  const rows: { t: number; row: CsvValue[] }[] = [];
  const open = new Map<string, number>();
  const sliding = new Map<number, { t: number; row: CsvValue[] }>();
  const hover = (key: string, e: Extract<RecordedEvent, { kind: 'hover' }>, end: number) =>
    rows.push({
      t: open.get(key)!,
      row: [seconds(open.get(key)!), seconds(end - open.get(key)!), 'hover', e.row, e.position, null, e.movieId, null],
    });
  for (const e of events) {
    if (e.kind === 'swipe') {
      const start = { t: e.t, row: [seconds(e.t), 0, `swipe_${e.direction}`, e.row, null, e.page, null, e.source] };
      rows.push(start);
      sliding.set(e.row, start);
    } else if (e.kind === 'swipe-end') {
      const start = sliding.get(e.row);
      if (start) start.row[1] = seconds(e.t - start.t);
      sliding.delete(e.row);
      rows.push({ t: e.t, row: [seconds(e.t), 0, 'swipe_end', e.row, null, e.page, null, null] });
    } else if (e.kind === 'selection')
      rows.push({ t: e.t, row: [seconds(e.t), 0, 'selection', e.row, e.position, e.page, e.movieId, null] });
    else if (e.kind === 'hover') {
      const key = `${e.row}:${e.position}`;
      if (e.phase === 'enter') open.set(key, e.t);
      else if (open.has(key)) {
        hover(key, e, e.t);
        open.delete(key);
      }
    }
  }
  rows.sort((a, b) => a.t - b.t);
  return rows.map((r) => r.row);
}

/** `*_events.json`: the run's columns and the stimulus presentation BIDS requires for gaze-on-screen data. */
export function eventsSidecar(s: SessionRecord, appVersion: string): Record<string, unknown> {
  const screen = physicalScreen(s);
  const distance = viewingDistanceCm(s);
  return {
    TaskName: BIDS_TASK_NAME,
    TaskDescription: 'One carousel screen (10 genre rows of movies, paged 5 at a time); the participant picks a movie by clicking it',
    onset: { Description: 'Time of the event from the start of the screen', Units: 's' },
    duration: {
      Description: 'Duration of the event (swipe: the row slides until its swipe_end; hover: until the pointer left the tile)',
      Units: 's',
    },
    trial_type: {
      Description: 'Event type',
      Levels: {
        swipe_forward: 'a row paged forward',
        swipe_backward: 'a row paged backward',
        swipe_end: 'the slide of a swiped row ended: the new page stands in place',
        hover: 'the pointer rested on a movie tile',
        selection: 'the movie clicked as the choice (ends the screen)',
      },
    },
    row: { Description: 'Carousel row, 1 = top' },
    position: { Description: 'Position of the movie in the row, 1..15 (5 per page)' },
    page: { Description: 'Page of the row after the event, 1-based' },
    movie_id: { Description: 'MovieID of the movie (item_features.csv)' },
    source: { Description: 'How a swipe was made', Levels: { arrow: 'arrow button', keyboard: 'arrow key', drag: 'mouse drag' } },
    StimulusPresentation: {
      OperatingSystem: s.environment.userAgent,
      SoftwareName: 'Carousel Gaze Lab (web browser)',
      SoftwareVersion: appVersion,
      ScreenDistance: distance.cm / 100,
      ScreenOrigin: ['top', 'left'],
      ScreenResolution: screen.resolution,
      ScreenSize: screen.sizeM,
    },
    ScreenSizeAssumed: screen.sizeAssumed,
    ScreenDistanceAssumed: distance.assumed,
  };
}

export interface DatasetInfo {
  /** Dataset authors (BIDS `Authors`); placeholders are written when none are given. */
  authors?: readonly string[];
  /** Data licence (BIDS `License`), e.g. CC0 or CC-BY-4.0. */
  license?: string;
}

export const AUTHORS_PLACEHOLDER = 'Authors not given at export (set them in the studio before exporting)';
export const LICENSE_PLACEHOLDER = 'Not given at export (set it in the studio before exporting)';

export function datasetDescription(studies: readonly StudyConfig[], info: DatasetInfo, appVersion: string): Record<string, unknown> {
  const authors = info.authors?.map((a) => a.trim()).filter(Boolean) ?? [];
  return {
    Name: studies.length ? studies.map((s) => s.name).join('; ') : 'Carousel Gaze Lab export',
    BIDSVersion: BIDS_VERSION,
    DatasetType: 'raw',
    License: info.license?.trim() || LICENSE_PLACEHOLDER,
    Authors: authors.length ? authors : [AUTHORS_PLACEHOLDER],
    GeneratedBy: [{ Name: 'carousel-gaze-lab', Version: appVersion, Description: 'webcam eye tracking in the browser' }],
  };
}

export const PARTICIPANTS_SIDECAR = {
  participant_id: {
    Description: 'BIDS label of the participant (letters and digits of the original id; +2, +3… tell apart ids that would collide)',
  },
  original_participant_id: { Description: 'Participant id as recorded by the app (UserID in the RecGaze files)' },
};

export function bidsReadme(studies: readonly StudyConfig[]): string {
  return [
    '# Carousel Gaze Lab export (BIDS part)',
    '',
    `Studies: ${studies.map((s) => `${s.name} (${s.id})`).join('; ') || 'none'}.`,
    '',
    `Webcam eye tracking in the browser while participants chose movies on carousel screens. Each screen is one run of the task`,
    `\`${BIDS_TASK}\` (run index = the RecGaze TaskID). Per run: \`*_recording-eye1_physio.tsv.gz\` (gaze samples, viewport CSS px),`,
    '`*_physioevents.tsv.gz` (fixations, swipes, the selection; ms on the physio timeline) and `*_events.tsv`',
    '(swipes, hovers, the selection; s from the start of the screen). Sessions are `ses-<SubjectID>`;',
    '`participants.tsv` maps BIDS labels to the original participant ids. The README.md at the top of the',
    'export describes every file of the export.',
    '',
  ].join('\n');
}
