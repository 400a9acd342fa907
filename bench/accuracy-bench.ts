// Webcam gaze accuracy, measured with the synthetic participant (e2e/synthetic): WebGazer and the
// worker engine in the built app, in one run, fed a painted face whose eyes look where the script
// says. For a still head and for head movement after calibration (±2.5 cm, ±5°), and for lids that
// follow the gaze fully, one pilot study each per engine: the app's validation figures, gaze on the
// carousel screens against the truth, and the planted tile dwells recovered in the export's
// fixations.csv. The worker engine's run also scores each accuracy step (ENGINE_STEPS) on the same
// frames. Not human accuracy: see e2e/synthetic/README.md.
// Run: `npm run bench -- accuracy` (BENCH_PORT: an app already served; BENCH_REPEAT: runs per
// condition; BENCH_ENGINES=webgazer,worker; BENCH_CONDITIONS=still,moves,turns,lids;
// BENCH_SCREEN_PX_PER_CM / BENCH_DISTANCE_CM: the synthetic participant's screen density and
// distance instead of 96 px per inch at 60 cm; BENCH_SCREEN_ANSWER=true: the participant types
// them on the screen-size form, else leaves the form at its defaults).
import { mkdtempSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pxToDeg } from '../analysis/validation-metrics.ts';
import { DEFAULT_SETUP, type Setup } from '../e2e/synthetic/gaze-model.ts';
import type { ScreenAnswer } from '../e2e/synthetic/app-flow.ts';
import type { VariantScore } from '../e2e/synthetic/engine-variants.ts';
import { ENGINE_STEPS } from '../e2e/synthetic/engine-steps.ts';
import type { EngineOptions } from '../src/tracking/worker-engine/protocol.ts';
import { DEFAULT_ENGINE } from '../src/tracking/worker-engine/worker-source.ts';
import { measureIrisFollowing } from '../e2e/synthetic/iris-following.ts';
import { runSyntheticPilot, type PilotResult } from '../e2e/synthetic/pilot-run.ts';
import type { SyntheticParticipantOptions } from '../e2e/synthetic/participant.ts';
import type { HeadSway } from '../e2e/synthetic/protocol.ts';
import { PILOT_PRESET } from '../stimuli/presets.ts';
import { BASE_URL, ensurePreviewServer } from './support/preview-server.ts';
import { launchChromium } from './support/browser.ts';

export interface Condition {
  key: string;
  name: string;
  /** Head movement from the end of calibration on (validation and screens). */
  sway: HeadSway | null;
  participant?: SyntheticParticipantOptions;
}

export const CONDITIONS: Condition[] = [
  { key: 'still', name: 'still head', sway: null },
  { key: 'moves', name: 'head moves ±2.5 cm', sway: { amplitude: { x: 2.5, y: 1.5, z: 2.5 }, periodMs: 7000 } },
  { key: 'turns', name: 'head turns ±5°', sway: { amplitude: { yaw: 5, pitch: 5 }, periodMs: 7000 } },
  { key: 'lids', name: 'still, lids follow the gaze fully', sway: null, participant: { look: { lidFollow: 1 } } },
];

export type Engine = 'webgazer' | 'worker';

/** The worker engine as the app runs it, with every accuracy step scored beside it on the same frames. */
const MEASURED_ENGINE: EngineOptions = { ...DEFAULT_ENGINE, refineLandmarks: true, variants: ENGINE_STEPS };

// The pilot with no recalibration: the validation reported is the first one, after a still calibration.
const STUDY = {
  path: '/accuracy-bench-study.json',
  config: { ...PILOT_PRESET, id: 'accuracy-bench', gaze: { ...PILOT_PRESET.gaze, maxRecalibrations: 0 } },
};

const f0 = (v: number | null | undefined) => (v === null || v === undefined || Number.isNaN(v) ? 'n/a' : v.toFixed(0));
const f1 = (v: number | null | undefined) => (v === null || v === undefined || Number.isNaN(v) ? 'n/a' : v.toFixed(1));
const deg = (px: number | null | undefined) =>
  px === null || px === undefined ? null : pxToDeg(px, DEFAULT_SETUP.pxPerCm, DEFAULT_SETUP.distanceCm);
const mean = (xs: (number | null | undefined)[]) => {
  const v = xs.filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
  return v.length ? v.reduce((s, x) => s + x, 0) / v.length : null;
};

export function row(name: string, runs: PilotResult[]): string {
  const n = runs.flatMap((r) => r.recoveries).length;
  const share = (f: (r: PilotResult['recoveries'][number]) => boolean) =>
    `${((100 * runs.flatMap((r) => r.recoveries).filter(f).length) / n).toFixed(0)}%`;
  const acc = mean(runs.map((r) => r.validation.meanErrorPx));
  const prec = mean(runs.map((r) => r.validation.meanPrecisionSdPx));
  const err = mean(runs.map((r) => r.errors.meanPx));
  const steady = mean(runs.map((r) => r.steadyErrors.meanPx));
  return [
    name,
    runs.map((r) => String(r.validation.passed ? 'pass' : 'fail')).join(' '),
    `${f0(acc)} px / ${f1(deg(acc))}°`,
    `${f0(prec)} px / ${f1(deg(prec))}°`,
    f1(Math.max(...runs.map((r) => r.validationTruthOffsetPx))),
    `${f0(err)} px / ${f1(deg(err))}°`,
    f0(mean(runs.map((r) => r.errors.medianPx))),
    `${f0(mean(runs.map((r) => r.errors.onTilePct)))}%`,
    `${f0(mean(runs.map((r) => r.errors.withinOneTilePct)))}%`,
    `${f0(steady)} px / ${f0(mean(runs.map((r) => r.steadyErrors.onTilePct)))}% / ${f0(mean(runs.map((r) => r.steadyErrors.withinOneTilePct)))}%`,
    `${share((x) => x.fixation !== null)} / ${share((x) => x.rowRight)} / ${share((x) => x.positionRight)} of ${n}`,
    f1(mean(runs.map((r) => r.hz))),
    f0(mean(runs.map((r) => r.cameraFps))),
    String(runs.reduce((s, r) => s + r.noFace, 0)),
  ].join(' | ');
}

const pct = (v: number | null | undefined) => (v === null || v === undefined ? 'n/a' : `${v.toFixed(0)}%`);

/** One line per accuracy step of the worker engine: mean over the runs of one condition. */
export function variantRows(runs: PilotResult[]): string[] {
  const names = runs[0]?.variants.map((v) => v.name) ?? [];
  return names.map((name, i) => {
    const of = (f: (v: VariantScore) => number | null | undefined) => mean(runs.map((r) => f(r.variants[i]!)));
    return [
      name,
      `${f0(of((v) => v.validationPx))} px`,
      `${f0(of((v) => v.errors.meanPx))} px / ${f1(deg(of((v) => v.errors.meanPx)))}°`,
      `${f0(of((v) => v.meanAbsDx))} / ${f0(of((v) => v.meanAbsDy))}`,
      f0(of((v) => v.errors.medianPx)),
      pct(of((v) => v.errors.onTilePct)),
      pct(of((v) => v.errors.withinOneTilePct)),
      `${f0(of((v) => v.precisionPx))} px`,
      `${f0(of((v) => v.affine?.meanPx))} px / ${pct(of((v) => v.affine?.onTilePct))} / ${pct(of((v) => v.affine?.withinOneTilePct))}`,
      f0(of((v) => v.errors.samples)),
    ].join(' | ');
  });
}

const VARIANT_HEADER =
  '| step (worker engine, same frames) | error at the validation targets | screen error vs truth (mean) | mean |dx| / |dy| px | median px | on the looked-at tile | within 1 tile | precision (SD in a dwell) | with an affine fit on the validation targets: error / on tile / within 1 tile | samples |\n|---|---|---|---|---|---|---|---|---|---|';

/** The synthetic screen and seat (env), and whether the participant reports them on the screen-size form. */
function screenFromEnv(): { setup: Partial<Setup>; answer: ScreenAnswer | null; label: string } {
  const pxPerCm = Number(process.env.BENCH_SCREEN_PX_PER_CM ?? DEFAULT_SETUP.pxPerCm);
  const distanceCm = Number(process.env.BENCH_DISTANCE_CM ?? DEFAULT_SETUP.distanceCm);
  if (!(pxPerCm >= 10 && pxPerCm <= 200))
    throw new Error(`BENCH_SCREEN_PX_PER_CM must be 10–200, got ${process.env.BENCH_SCREEN_PX_PER_CM}`);
  if (!(distanceCm >= 25 && distanceCm <= 150)) throw new Error(`BENCH_DISTANCE_CM must be 25–150, got ${process.env.BENCH_DISTANCE_CM}`);
  const answered = process.env.BENCH_SCREEN_ANSWER === 'true';
  return {
    setup: { pxPerCm, distanceCm },
    answer: answered ? { pxPerCm, distanceCm } : null,
    label: `screen ${pxPerCm.toFixed(1)} CSS px/cm at ${distanceCm} cm, ${answered ? 'typed on the screen-size form' : 'the form left at its defaults (37.8 px/cm, 60 cm)'}`,
  };
}

/** Runs `repeat` pilots of one condition with one engine. */
export async function runCondition(
  browser: Awaited<ReturnType<typeof launchChromium>>,
  engine: Engine,
  c: Condition,
  repeat: number,
  out: string,
  steps = true,
): Promise<PilotResult[]> {
  const runs: PilotResult[] = [];
  const screen = screenFromEnv();
  const participant = { ...c.participant, setup: { ...c.participant?.setup, ...screen.setup } };
  for (let i = 0; i < repeat; i++)
    runs.push(
      await runSyntheticPilot(browser, {
        baseUrl: BASE_URL,
        participantId: `accuracy-${engine}-${c.key}-${Date.now().toString(36)}`,
        study: STUDY,
        gaze: engine,
        ...(engine === 'worker' && steps ? { engine: MEASURED_ENGINE } : {}),
        exportPath: join(out, `export-${engine}-${c.key}-${i}.zip`),
        participant,
        ...(screen.answer ? { screenAnswer: screen.answer } : {}),
        ...(c.sway ? { afterCalibration: (eyes) => eyes.sway(c.sway) } : {}),
      }),
    );
  return runs;
}

export const TABLE_HEADER =
  '| condition | validation gate | validation accuracy | validation precision (SD) | eyes off the app targets (px) | screen error vs truth (mean) | median px | on the looked-at tile | within 1 tile | after 1.5 s: error / on tile / within 1 tile | planted dwells: fixation / right row / right row+position | Hz | camera fps | no-face samples |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|';

export const loadLine = () =>
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ')} (1/5/15 min)`;

export async function runAccuracyBench(): Promise<void> {
  const repeat = Math.max(1, Number(process.env.BENCH_REPEAT ?? 1));
  const engines = (process.env.BENCH_ENGINES ?? 'webgazer,worker').split(',') as Engine[];
  const only = process.env.BENCH_CONDITIONS?.split(',');
  const conditions = CONDITIONS.filter((c) => !only || only.includes(c.key));
  const stopServer = await ensurePreviewServer();
  const browser = await launchChromium();
  const out = mkdtempSync(join(tmpdir(), 'accuracy-bench-'));
  try {
    console.log('\n## Webcam gaze accuracy with the synthetic participant (WebGazer and the worker engine, built app, pilot study)');
    console.log(`machine: ${cpus().length} cores, ${loadLine()}; ${screenFromEnv().label}`);
    const iris = await measureIrisFollowing(browser);
    console.log(
      `MediaPipe on the painted face: found in ${iris.found}/${iris.frames} frames; refined iris landmarks vs painted iris: median ${iris.medianErrorPx.toFixed(2)} px, ` +
        `gain ${iris.gainX.toFixed(2)} (r ${iris.rX.toFixed(3)}) horizontally, ${iris.gainY.toFixed(2)} (r ${iris.rY.toFixed(3)}) vertically`,
    );
    const steps: { condition: string; runs: PilotResult[] }[] = [];
    console.log(`\n${TABLE_HEADER}`);
    for (const c of conditions)
      for (const engine of engines) {
        const runs = await runCondition(browser, engine, c, repeat, out);
        console.log(`| ${row(`${c.name}: ${engine === 'worker' ? 'worker engine' : 'WebGazer'}`, runs)} | (${loadLine()})`);
        if (engine === 'worker') steps.push({ condition: c.name, runs });
      }
    for (const s of steps) {
      console.log(
        `\nAccuracy steps of the worker engine, ${s.condition} (each step on the same frames and calibration clicks as the app's model, the first row):`,
      );
      console.log(VARIANT_HEADER);
      for (const line of variantRows(s.runs)) console.log(`| ${line} |`);
      const pose = s.runs[0]?.pose;
      const ag = (a: { slope: number | null; r: number | null } | undefined, unit: string) =>
        a ? `slope ${a.slope?.toFixed(unit === '°' ? 2 : 4) ?? 'n/a'}${unit}, r ${a.r?.toFixed(2) ?? 'n/a'}` : 'n/a';
      if (pose)
        console.log(
          `The engine's head pose against the painted head's: yaw ${ag(pose.yaw, '°')} (expected −1), pitch ${ag(pose.pitch, '°')} (+1); face centre x ${ag(pose.x, '/cm')}, y ${ag(pose.y, '/cm')} (fraction of the frame per cm).`,
        );
    }
    console.log(
      'Accuracy = the app\'s mean validation error (5 points, after one still 3×3 calibration); "eyes off the app targets" checks the harness looked where the app drew its dots.',
    );
    console.log(
      'Screen error: every webcam sample on the carousel screens against where the eyes looked, once they had rested 600 ms (then 1.5 s: WebGazer\'s Kalman filter steps once per prediction and lags at low rates); "on the looked-at tile" = within half a tile, "within 1 tile" = within a tile\'s width and height; tiles are 342 × 193 px. Degrees at 60 cm, 37.8 px/cm.',
    );
    console.log('Published webcam figures (human participants): WebGazer ≈ 4° in the lab, ≈ 207 px online; the best commercial ≈ 1.4°.');
  } finally {
    await browser.close();
    stopServer();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await runAccuracyBench();
