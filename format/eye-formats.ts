// Metadata of the two standard eye-tracking layouts in the export: BIDS eye-tracking physio files
// (BEP020, BIDS 1.11) and a pymovements-ready gaze CSV with its Experiment description.
import type { SessionRecord } from '../core/records.ts';
import type { DerivedScreen } from './derive-screen.ts';
import { measuredScreen, type CalibrationSummary } from './envelope.ts';

/** CSS px per cm when nothing better is known (96 px per inch). */
export const ASSUMED_PX_PER_CM = 96 / 2.54;

/** CSS px per cm of the session's screen: measured at gaze setup when available. */
export function pxPerCm(s: SessionRecord): { value: number; assumed: boolean } {
  const measured = measuredScreen(s.calibration);
  if (measured && s.environment.screen.w > 0) return { value: s.environment.screen.w / measured.widthCm, assumed: false };
  return { value: ASSUMED_PX_PER_CM, assumed: true };
}

const cm = (px: number, perCm: number): number => Math.round((px / perCm) * 100) / 100;
export const ASSUMED_DISTANCE_CM = 60;

export function bidsLabel(text: string): string {
  return text.replace(/[^A-Za-z0-9]/g, '') || 'unknown';
}

export function bidsBase(participantId: string, subjectId: number, taskId: number): { dir: string; stem: string } {
  const sub = `sub-${bidsLabel(participantId)}`;
  const ses = `ses-${subjectId}`;
  return {
    dir: `bids/${sub}/${ses}/beh`,
    stem: `${sub}_${ses}_task-carousel_run-${String(taskId).padStart(2, '0')}_recording-eye1_physio`,
  };
}

/** Viewing distance: measured at gaze setup, else the post-survey answer, else assumed. */
export function viewingDistanceCm(s: SessionRecord): { cm: number; assumed: boolean } {
  const measured = measuredScreen(s.calibration);
  if (measured) return { cm: measured.distanceCm, assumed: false };
  const v = s.answers.post?.Distance_eyes_center_screen;
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  return Number.isFinite(n) && n > 0 ? { cm: n, assumed: false } : { cm: ASSUMED_DISTANCE_CM, assumed: true };
}

export function achievedHz(s: SessionRecord, taskId?: number): number | null {
  const qs = taskId === undefined ? Object.values(s.quality) : [s.quality[taskId]].filter((q) => q !== undefined);
  const rates = qs.map((q) => q.achievedHz).filter((h): h is number => typeof h === 'number' && h > 0);
  if (!rates.length) return null;
  return Math.round((rates.reduce((a, b) => a + b, 0) / rates.length) * 100) / 100;
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

/** JSON sidecar of one screen's `*_recording-eye1_physio.tsv.gz`. */
export function bidsSidecar(
  s: SessionRecord,
  taskId: number,
  startMs: number,
  viewport: { w: number; h: number },
  cal: CalibrationSummary,
  appVersion: string,
): Record<string, unknown> {
  const tracker = TRACKER[s.gazeSource];
  const distance = viewingDistanceCm(s);
  return {
    PhysioType: 'eyetrack',
    SamplingFrequency: achievedHz(s, taskId) ?? 30,
    StartTime: Math.round(startMs) / 1000,
    Columns: ['timestamp', 'x_coordinate', 'y_coordinate'],
    timestamp: { Description: 'Time from the start of the screen', Units: 'ms' },
    x_coordinate: { Description: 'Gaze x in the browser viewport, from the left edge (n/a when lost)', Units: 'pixel' },
    y_coordinate: { Description: 'Gaze y in the browser viewport, from the top edge (n/a when lost)', Units: 'pixel' },
    RecordedEye: 'cyclopean',
    SampleCoordinateSystem: 'gaze-on-screen',
    EnvironmentCoordinates: 'top-left',
    SampleCoordinateUnits: 'pixel',
    ScreenResolution: [viewport.w, viewport.h],
    ScreenDistance: distance.cm / 100,
    ScreenDistanceAssumed: distance.assumed,
    AverageCalibrationError: cal.meanErrorDeg,
    MaximalCalibrationError: cal.maxErrorDeg,
    AverageCalibrationErrorPixels: cal.meanErrorPx,
    CalibrationCount: cal.count,
    CalibrationType: `${s.config.gaze.calibrationGrid.cols * s.config.gaze.calibrationGrid.rows}-point click calibration`,
    CalibrationUnit: 'deg',
    EyeTrackingMethod: tracker.method,
    Manufacturer: tracker.manufacturer,
    ManufacturersModelName: tracker.model,
    SoftwareVersions: `carousel-gaze-lab ${appVersion}`,
    RawDataFilters: 'none (samples as emitted by the tracker)',
    GazeSource: s.gazeSource,
  };
}

/** `*_physioevents.tsv.gz` rows (no header): detected fixations, swipes and the selection. */
export function physioEventRows(d: Pick<DerivedScreen, 'fixations' | 'events'>): string {
  const rows: { t: number; line: string }[] = [];
  const ms = (v: number) => Math.round(v * 10) / 10;
  for (const f of d.fixations) rows.push({ t: f.t, line: `${ms(f.t)}\t${ms(f.durationMs)}\tfixation\tn/a\n` });
  for (const e of d.events) {
    if (e.kind === 'swipe')
      rows.push({ t: e.t, line: `${ms(e.t)}\tn/a\tn/a\tswipe row ${e.row} ${e.direction} to page ${e.page} (${e.source})\n` });
    else if (e.kind === 'selection')
      rows.push({ t: e.t, line: `${ms(e.t)}\tn/a\tn/a\tselection row ${e.row} position ${e.position} movie ${e.movieId}\n` });
  }
  rows.sort((a, b) => a.t - b.t);
  return rows.map((r) => r.line).join('');
}

/** Sidecar of the physioevents file, with the screen geometry BIDS asks for on gaze-on-screen data. */
export function bidsEventsSidecar(s: SessionRecord, viewport: { w: number; h: number }): Record<string, unknown> {
  const distance = viewingDistanceCm(s);
  const density = pxPerCm(s);
  return {
    Columns: ['onset', 'duration', 'trial_type', 'message'],
    onset: { Description: 'Time from the start of the screen', Units: 'ms' },
    duration: { Description: 'Fixation duration', Units: 'ms' },
    trial_type: { Description: 'Event type', Levels: { fixation: `fixation detected with the study's detector (see session.json)` } },
    message: { Description: 'Swipes and the selection, as recorded' },
    StimulusPresentation: {
      ScreenDistance: distance.cm / 100,
      ScreenOrigin: ['top', 'left'],
      ScreenResolution: [viewport.w, viewport.h],
      ScreenSize: [cm(viewport.w, density.value) / 100, cm(viewport.h, density.value) / 100],
      ScreenSizeAssumed: density.assumed,
    },
  };
}

export const BIDS_DATASET_DESCRIPTION = {
  Name: 'Carousel Gaze Lab export',
  BIDSVersion: '1.11.0',
  DatasetType: 'raw',
  GeneratedBy: [{ Name: 'carousel-gaze-lab' }],
};

/** pymovements `Experiment(...)` arguments for one session's gaze CSV (coordinates are viewport px). */
export function pymovementsExperiment(s: SessionRecord, viewport: { w: number; h: number }): Record<string, unknown> {
  const distance = viewingDistanceCm(s);
  const density = pxPerCm(s);
  return {
    screen_width_px: viewport.w,
    screen_height_px: viewport.h,
    screen_width_cm: cm(viewport.w, density.value),
    screen_height_cm: cm(viewport.h, density.value),
    screen_size_assumed: density.assumed,
    distance_cm: distance.cm,
    distance_assumed: distance.assumed,
    origin: 'upper left',
    sampling_rate: achievedHz(s) ?? 30,
    csv: {
      time_column: 'time',
      time_unit: 'ms',
      pixel_columns: ['pixel_x', 'pixel_y'],
      trial_columns: ['task_id'],
      missing_values: ['NA'],
    },
  };
}
