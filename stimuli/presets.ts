// Built-in study presets. The RecGaze replication uses the original 41 screens; the pilot is a
// 3-screen study (one screen of each task type) for demos and automated tests.
import type {
  ScreenDef,
  StudyConfig,
  QuestionnaireSettings,
  GazeSettings,
  FixationSettings,
  LayoutSettings,
} from '../core/study-config/schema.ts';
import recgazeScreens from './recgaze/screens.json';

export const RECGAZE_LAYOUT: LayoutSettings = {
  itemsPerRow: 15,
  visibleCount: 5,
  pageStep: 5,
  wrap: true,
  tileWidth: 342,
  tileHeight: 193,
  hoverMode: 'replace',
  dragSwipe: false,
};

export const DEFAULT_GAZE: GazeSettings = {
  // The worker engine: chosen over WebGazer by the gaze and accuracy benches (README "Gaze").
  source: 'worker',
  allowMouseFallback: false,
  calibrationGrid: { cols: 3, rows: 3 },
  samplesPerPoint: 4,
  validationPoints: 5,
  validationRadiusPx: 200,
  validationGatePx: 200,
  maxRecalibrations: 2,
  driftCheckEvery: 10,
  driftThresholdPx: 250,
};

export const DEFAULT_FIXATION: FixationSettings = {
  algorithm: 'idt',
  dispersionDeg: 2,
  minDurationMs: 100,
  velocityDegPerS: 30,
  aoiRadiusPx: 60,
};

/** Placeholder texts: the Brief Maximization Scale items are supplied by the researcher. */
export const MAXIMIZATION_PLACEHOLDERS = [1, 2, 3, 4, 5, 6].map(
  (n) => `Brief Maximization Scale item ${n} (replace with the licensed item text in the study config)`,
);

export const RECGAZE_QUESTIONNAIRES: QuestionnaireSettings = {
  pre: true,
  perSelection: true,
  post: true,
  maximizationItems: MAXIMIZATION_PLACEHOLDERS,
  custom: [],
  speedReminderAfter: [],
};

const allScreens = (recgazeScreens as { screens: ScreenDef[] }).screens;

export const RECGAZE_PRESET: StudyConfig = {
  schemaVersion: 1,
  id: 'recgaze',
  name: 'RecGaze replication (41 screens)',
  description:
    'The SIGIR 2025 RecGaze study: practice screen, 30 free-browsing screens and 5 semi-free + 5 direct-search screens in counterbalanced blocks, with the original surveys.',
  site: 'LAB',
  catalogue: { kind: 'builtin', id: 'recgaze' },
  layout: RECGAZE_LAYOUT,
  screens: allScreens,
  blockOrder: 'counterbalanced',
  questionnaires: RECGAZE_QUESTIONNAIRES,
  gaze: DEFAULT_GAZE,
  fixation: DEFAULT_FIXATION,
};

const pick = (taskId: number): ScreenDef => {
  const screen = allScreens.find((s) => s.taskId === taskId);
  if (!screen) throw new Error(`RecGaze screen ${taskId} missing`);
  return screen;
};

export const PILOT_PRESET: StudyConfig = {
  ...RECGAZE_PRESET,
  id: 'pilot',
  name: 'Pilot (3 screens)',
  description: 'One free-browsing, one semi-free and one direct-search RecGaze screen; surveys off, per-selection questions on.',
  screens: [pick(1), pick(31), pick(36)],
  blockOrder: 'free_first',
  questionnaires: { ...RECGAZE_QUESTIONNAIRES, pre: false, post: false, maximizationItems: [] },
};

export const PRESETS: Record<string, StudyConfig> = {
  [RECGAZE_PRESET.id]: RECGAZE_PRESET,
  [PILOT_PRESET.id]: PILOT_PRESET,
};

export const DEFAULT_PRESET_ID = RECGAZE_PRESET.id;
