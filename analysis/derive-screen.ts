// The one per-screen derivation: a recorded screen's gaze → preprocessing → fixations (I-DT or
// I-VT) → strict and closest AOI labels and points on the 3-page stimulus canvas. The export
// (fixations.csv, summary_feedback.csv), the analysis view and `npm run analyze` all call this,
// with parameters resolved by `resolveDerivation`, so the same session gives the same fixations
// everywhere; the parameters are written into every export (session.json).
import { DEFAULT_AOI_RADIUS_PX, hitTest, layoutTimeline, stateAt, type LayoutTimeline } from './aoi-mapping.ts';
import type { AoiLabel, ScreenRows } from './dataset.ts';
import {
  detectFixationsIdt,
  detectFixationsIvt,
  resolveIdtParams,
  resolveIvtParams,
  type Fixation,
  type IdtOptions,
  type IdtParams,
  type IvtOptions,
  type IvtParams,
} from './fixations.ts';
import { gazeQuality } from './metrics.ts';
import {
  gazeTrace,
  preprocessTrace,
  resolvePreprocessOptions,
  type PreprocessOptions,
  type PreprocessParams,
  type TraceBuffers,
} from './preprocess.ts';
import type { ScreenColumns } from '../core/screen-columns.ts';
import { viewportXYToCanvas } from './stimulus-space.ts';
import type { ScreenQuality } from '../core/records.ts';
import type { FixationSettings } from '../core/study-config/schema.ts';

/** Version of this derivation; recorded with its parameters and raised when its results change. */
export const DERIVATION_VERSION = 1;

/** Everything that decides a screen's fixations, resolved to the numbers used. */
export type DerivationParams = (IdtParams | IvtParams) & {
  aoiRadiusPx: number;
  preprocess: PreprocessParams;
  /** A fixation belongs to the screen when its onset is from 0 to the screen's end. */
  screenEnd: 'selection, else the last recorded event';
  derivationVersion: typeof DERIVATION_VERSION;
};

/** What a session knows that the parameters depend on. */
export interface DerivationContext {
  /** The study's fixation settings (recorded sessions and our exports have them). */
  settings?: FixationSettings | undefined;
  /** Pixels per degree when the screen was measured. */
  pxPerDeg?: number | undefined;
  /** Mean validation error, px. */
  validationAccuracyPx?: number | undefined;
}

/** Settings that win over a session's own (the analysis CLI's options). */
export interface DerivationOverrides {
  algorithm?: 'idt' | 'ivt';
  idt?: IdtOptions;
  ivt?: IvtOptions;
  preprocess?: PreprocessOptions;
  aoiRadiusPx?: number;
}

/**
 * The parameters for a session: overrides, else the study's settings, else the library defaults
 * (I-DT, dispersion max(2°, 1.5 × validation accuracy), 100 ms; I-VT 30 °/s; AOI radius 60 px).
 */
export function resolveDerivation(ctx: DerivationContext, overrides: DerivationOverrides = {}): DerivationParams {
  const s = ctx.settings;
  const algorithm = overrides.algorithm ?? s?.algorithm ?? 'idt';
  const common = {
    aoiRadiusPx: overrides.aoiRadiusPx ?? s?.aoiRadiusPx ?? DEFAULT_AOI_RADIUS_PX,
    preprocess: resolvePreprocessOptions(overrides.preprocess),
    screenEnd: 'selection, else the last recorded event' as const,
    derivationVersion: DERIVATION_VERSION as typeof DERIVATION_VERSION,
  };
  if (algorithm === 'ivt') {
    const o: IvtOptions = { ...overrides.ivt };
    fill(o, 'pxPerDeg', ctx.pxPerDeg);
    fill(o, 'velocityDegPerS', s?.velocityDegPerS);
    fill(o, 'minDurationMs', s?.minDurationMs);
    return { ...resolveIvtParams(o), ...common };
  }
  const o: IdtOptions = { ...overrides.idt };
  fill(o, 'pxPerDeg', ctx.pxPerDeg);
  fill(o, 'minDurationMs', s?.minDurationMs);
  if (o.dispersionPx === undefined && o.dispersionDeg === undefined) {
    if (s) o.dispersionDeg = s.dispersionDeg;
    else fill(o, 'validationAccuracyPx', ctx.validationAccuracyPx);
  }
  return { ...resolveIdtParams(o), ...common };
}

/** Sets o[key] to v when o has no value there and v is defined. */
function fill<T extends object, K extends keyof T>(o: T, key: K, v: T[K] | undefined): void {
  if (o[key] === undefined && v !== undefined) o[key] = v;
}

export interface DerivedFixation extends Fixation {
  aoi: AoiLabel;
  aoiClosest: AoiLabel;
  /** Position on the original 3-page canvas (NaN when the screen has no layout). */
  cx: number;
  cy: number;
}

export interface ScreenInput {
  columns: ScreenColumns;
  rows?: ScreenRows | undefined;
  itemsPerRow: number;
  /** Time of the screen's selection when the session record has it (else the selection event's). */
  selectionT?: number | undefined;
  /** gazeQuality(columns.gaze), when the caller has it already. */
  quality?: ScreenQuality | undefined;
}

export interface ScreenDerivation {
  quality: ScreenQuality;
  timeline: LayoutTimeline;
  /** The screen's end, ms: the selection, else the last recorded event. */
  endT: number;
  /** Empty when they went to `onFixation`. */
  fixations: DerivedFixation[];
}

/** Wall-clock ms per step, added up over screens (the benchmark prints them). */
export interface DerivationTimings {
  preprocess: number;
  fixations: number;
  aoi: number;
}

export interface DeriveOptions {
  timings?: DerivationTimings;
  /** Arrays to reuse for the gaze trace (a run over many screens). */
  buffers?: TraceBuffers;
  /** Receives each fixation instead of the result's `fixations` (a run's table takes them as numbers). */
  onFixation?: (f: Fixation, aoi: AoiLabel, aoiClosest: AoiLabel, cx: number, cy: number) => void;
}

export function deriveScreen(input: ScreenInput, params: DerivationParams, opts: DeriveOptions = {}): ScreenDerivation {
  const { timings, buffers } = opts;
  const t0 = timings ? performance.now() : 0;
  const c = input.columns;
  const quality = input.quality ?? gazeQuality(c.gaze);
  const timeline = layoutTimeline(c, { itemsPerRow: input.itemsPerRow, rows: input.rows });
  const endT = input.selectionT ?? c.selection?.t ?? c.lastT;
  const trace = preprocessTrace(gazeTrace(c, params.preprocess, quality.intervalMedianMs ?? NaN, buffers), params.preprocess, buffers);
  const t1 = timings ? performance.now() : 0;
  const detected = params.algorithm === 'ivt' ? detectFixationsIvt(trace, params).fixations : detectFixationsIdt(trace, params).fixations;
  const t2 = timings ? performance.now() : 0;
  const fixations: DerivedFixation[] = [];
  const sink = opts.onFixation;
  for (const f of detected) {
    if (f.t < 0 || f.t > endT) continue;
    const state = stateAt(timeline, f.t);
    const hit = state ? hitTest(state, f.x, f.y + f.scrollY, input.rows, params.aoiRadiusPx) : null;
    const p = state ? viewportXYToCanvas(state, f.x, f.y, f.scrollY) : null;
    if (sink) {
      sink(f, hit ? hit.strict : BACKGROUND, hit ? hit.closest : BACKGROUND, p ? p.x : NaN, p ? p.y : NaN);
      continue;
    }
    // every field written out: one object shape for all fixations (a spread made them slow to read)
    fixations.push({
      t: f.t,
      durationMs: f.durationMs,
      x: f.x,
      y: f.y,
      scrollY: f.scrollY,
      samples: f.samples,
      aoi: hit ? hit.strict : BACKGROUND,
      aoiClosest: hit ? hit.closest : BACKGROUND,
      cx: p ? p.x : NaN,
      cy: p ? p.y : NaN,
    });
  }
  if (timings) {
    const t3 = performance.now();
    timings.preprocess += t1 - t0;
    timings.fixations += t2 - t1;
    timings.aoi += t3 - t2;
  }
  return { quality, timeline, endT, fixations };
}

const BACKGROUND: AoiLabel = Object.freeze({ type: 'Background' }) as AoiLabel;
