// A whole pilot study (one free-browsing, one semi-free, one direct-search screen) done by the
// synthetic participant with webcam gaze: calibration and validation by looking, planted dwells
// on tiles (row 1 page 1, a swiped page, below the fold), selections, the export. Returns what
// the app reported next to the truth. Shared by the e2e spec and `npm run bench -- accuracy`.
import type { Browser } from 'playwright-core';
import { samplingRate } from '../../analysis/validation-metrics.ts';
import type { GazeEvent, RecordedEvent } from '../../core/events.ts';
import type { ValidationSummary } from '../../analysis/validation-metrics.ts';
import { agreeToConsent } from '../fixtures/webgazer-driver.ts';
import {
  type ScreenAnswer,
  answerSelectionQuestions,
  downloadExport,
  dwellOnTile,
  passGazeSetup,
  plantedDwells,
  recordedScreens,
  selectTile,
  startScreen,
  storedCalibrations,
  swipeForward,
} from './app-flow.ts';
import type { EngineBenchSample } from '../../src/tracking/worker-engine/bench-hook.ts';
import type { EngineOptions } from '../../src/tracking/worker-engine/protocol.ts';
import { poseAgreement, scoreVariants, screenWindows, type VariantScore } from './engine-variants.ts';
import { installSyntheticParticipant, type SyntheticParticipant, type SyntheticParticipantOptions } from './participant.ts';
import {
  dwells,
  exportedFixations,
  recoverDwells,
  sampleErrors,
  screenOffset,
  summariseErrors,
  type DwellRecovery,
  type ErrorSummary,
  type SampleError,
  type TruthDocument,
} from './truth.ts';

export interface PilotOptions {
  baseUrl: string;
  participantId: string;
  participant?: SyntheticParticipantOptions;
  /** The app's gaze engine (the `gaze` URL parameter); default WebGazer. */
  gaze?: 'webgazer' | 'worker';
  /** With gaze 'worker': the engine's options (model and measured variants) instead of its default. */
  engine?: EngineOptions;
  /** What the participant enters on the screen-size form; default: its defaults (96 px per inch, 60 cm). */
  screenAnswer?: ScreenAnswer;
  /** Runs after each round's last calibration click, before validation (e.g. start a head sway). */
  afterCalibration?: (eyes: SyntheticParticipant) => Promise<void>;
  /** A study config served at `path` on the app's origin; default: the built-in pilot. */
  study?: { path: string; config: unknown };
  dwellMs?: number;
  /** Where the export zip is saved. */
  exportPath: string;
}

export interface PilotResult {
  participantId: string;
  rounds: number;
  /** The app's validation of the last round. */
  validation: ValidationSummary;
  /** Largest distance between an app validation target and where the eyes looked meanwhile (px). */
  validationTruthOffsetPx: number;
  recoveries: DwellRecovery[];
  /** Webcam gaze on the carousel screens against the truth, once the eyes had rested 600 ms… */
  errors: ErrorSummary;
  /** …and 1500 ms (the tracker's filter has caught up even at 4 Hz). */
  steadyErrors: ErrorSummary;
  sampleErrors: SampleError[];
  /** Gaze samples on the screens: recorded, in the export's gaze_samples.csv, with a position, and lost because no face was found. */
  samples: number;
  exportedSamples: number;
  tracked: number;
  noFace: number;
  hz: number | null;
  /** Truth frames painted, and the frame rate the camera achieved. */
  frames: number;
  cameraFps: number;
  /** Wall-clock seconds: camera setup to the end of validation, the three screens, the export. */
  seconds: { setup: number; screens: number; export: number };
  /** With `engine`: the app's model and each variant scored on the same frames (engine-variants.ts). */
  variants: VariantScore[];
  /** With `engine`: how the engine's head pose followed the painted head (engine-variants.ts poseAgreement). */
  pose: ReturnType<typeof poseAgreement> | null;
}

/** Tile size on the 1920-px viewport (the RecGaze layout): the yardstick of "within one tile". */
export const TILE = { width: 342, height: 193 };

export async function runSyntheticPilot(browser: Browser, opts: PilotOptions): Promise<PilotResult> {
  const dwellMs = opts.dwellMs ?? 3000;
  const context = await browser.newContext({ baseURL: opts.baseUrl, viewport: { width: 1920, height: 945 }, acceptDownloads: true });
  try {
    if (opts.study) {
      const config = opts.study.config;
      await context.route(`${opts.baseUrl}${opts.study.path}`, (route) => route.fulfill({ json: config }));
    }
    if (opts.engine) await context.addInitScript((engine) => Object.assign(globalThis, { __gazeEngineBench: { engine } }), opts.engine);
    const eyes = await installSyntheticParticipant(context, opts.participant);
    const page = await context.newPage();
    page.on('dialog', (d) => void d.dismiss());
    const study = opts.study?.path ?? 'pilot';
    await page.goto(`/?${new URLSearchParams({ study, participant: opts.participantId, gaze: opts.gaze ?? 'webgazer' }).toString()}`);
    await agreeToConsent(page);
    const t0 = Date.now();
    const rounds = await passGazeSetup(page, opts.afterCalibration ? () => opts.afterCalibration!(eyes) : undefined, opts.screenAnswer);

    const planted: { taskId: number; label: string; row: number; position: number }[] = [];
    const plant = async (taskId: number, row: number, column: number) =>
      planted.push({ taskId, ...(await dwellOnTile(page, eyes, row, column, dwellMs)) });

    const t1 = Date.now();
    // Free browsing (task 1): row 1 on page 1, row 2 after a swipe (page 2), then below the fold.
    await page.getByRole('button', { name: 'Continue' }).click();
    await startScreen(page);
    await plant(1, 1, 2);
    await swipeForward(page, 2);
    await plant(1, 2, 1);
    await plant(1, 4, 4);
    await plant(1, 6, 2);
    await selectTile(page, 6, 2);
    await answerSelectionQuestions(page);
    // Semi-free (31), then direct search (36).
    await page.getByRole('button', { name: 'Continue' }).click();
    await startScreen(page);
    await plant(31, 2, 4);
    await plant(31, 5, 3);
    await selectTile(page, 5, 3);
    await answerSelectionQuestions(page);
    await startScreen(page);
    await plant(36, 1, 5);
    await plant(36, 7, 1);
    await selectTile(page, 7, 1);
    await page.getByRole('heading', { name: 'Thank you!' }).waitFor({ timeout: 30_000 });
    const t2 = Date.now();

    const table = await downloadExport(page, opts.exportPath);
    const screens = await recordedScreens(page, opts.participantId);
    const calibrations = await storedCalibrations(page, opts.participantId);
    const truth = await eyes.truth();
    const engineSamples = opts.engine
      ? await page.evaluate(
          () => (globalThis as { __gazeEngineBench?: { samples?: EngineBenchSample[] } }).__gazeEngineBench?.samples ?? [],
        )
      : [];
    const t3 = Date.now();
    const doc = truth.documents.at(-1)!;
    const setup = calibrations.find((c) => c.kind === 'calibration');
    if (!setup?.validation) throw new Error('no validation stored with the session');

    const recoveries = recoverDwells(plantedDwells(doc, screens, planted), exportedFixations(table('fixations.csv')));
    const gaze = screenGaze(doc, screens);
    const errors = sampleErrors(gaze.samples, doc.frames, { settleMs: 600, jumpPx: 30 });
    const span = (doc.frames.at(-1)!.t - doc.frames[0]!.t) / 1000;
    return {
      participantId: opts.participantId,
      rounds,
      validation: setup.validation,
      validationTruthOffsetPx: validationTruthOffset(doc, setup.validation),
      recoveries,
      errors: summariseErrors(errors, TILE),
      steadyErrors: summariseErrors(sampleErrors(gaze.samples, doc.frames, { settleMs: 1500, jumpPx: 30 }), TILE),
      sampleErrors: errors,
      samples: gaze.all,
      exportedSamples: table('gaze_samples.csv').filter((r) => r.UserID === opts.participantId).length,
      tracked: gaze.samples.length,
      noFace: gaze.noFace,
      hz: gaze.hz,
      frames: doc.frames.length,
      cameraFps: doc.frames.length / span,
      seconds: { setup: (t1 - t0) / 1000, screens: (t2 - t1) / 1000, export: (t3 - t2) / 1000 },
      variants: opts.engine
        ? scoreVariants(
            (opts.engine.variants ?? []).map((v) => v.name),
            engineSamples,
            doc,
            screenWindows(doc, screens),
            setup.validation.points.map((p) => p.target),
            TILE,
          )
        : [],
      pose: opts.engine ? poseAgreement(engineSamples, doc.frames) : null,
    };
  } finally {
    await context.close();
  }
}

/** Every screen's gaze samples on the page clock, with the loss counts and the rate. */
export function screenGaze(
  doc: TruthDocument,
  screens: Map<number, RecordedEvent[]>,
): { samples: { t: number; x: number; y: number }[]; all: number; noFace: number; hz: number | null } {
  const samples: { t: number; x: number; y: number }[] = [];
  let all = 0;
  let noFace = 0;
  const rates: number[] = [];
  for (const events of screens.values()) {
    const cursor = events.filter((e): e is Extract<RecordedEvent, { kind: 'cursor' }> => e.kind === 'cursor');
    const offset = screenOffset(doc.pointer, cursor);
    const gaze = events.filter((e): e is GazeEvent => e.kind === 'gaze');
    all += gaze.length;
    noFace += gaze.filter((e) => e.lost === 'no-face').length;
    const tracked = gaze.filter((e): e is GazeEvent & { x: number; y: number } => e.x !== null && e.y !== null);
    const rate = samplingRate(tracked.map((e) => e.t)).achievedHz;
    if (rate !== null) rates.push(rate);
    if (offset === null) continue;
    for (const e of tracked) {
      samples.push({ t: e.t + offset, x: e.x, y: e.y });
    }
  }
  return { samples, all, noFace, hz: rates.length ? rates.reduce((s, r) => s + r, 0) / rates.length : null };
}

/** The largest distance from an app validation target to the nearest place the eyes rested on a dot. */
function validationTruthOffset(doc: TruthDocument, validation: ValidationSummary): number {
  const rests = dwells(doc.frames, 30).filter((d) => d.label === 'dot' && d.x !== null && d.end - d.start > 1000);
  return Math.max(...validation.points.map((p) => Math.min(...rests.map((d) => Math.hypot(d.x! - p.target.x, d.y! - p.target.y)))));
}
