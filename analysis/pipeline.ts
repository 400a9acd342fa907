// The whole analysis of a dataset: preprocessing → fixations → AOI labels / canvas points → metric
// tables, click models and a heatmap grid. Fixations are kept in a columnar table so the heatmap
// and the tables can be recomputed for another filter without detecting fixations again.
import { DEFAULT_AOI_RADIUS_PX } from './aoi-mapping.ts';
import { buildClickLog, fitOepbm, fitPbm, type ClickModelFit } from './click-models.ts';
import type { AnalysisDataset, AnalysisScreen, AnalysisSession, AoiLabel } from './dataset.ts';
import { deriveScreen, resolveDerivation, type DerivationOverrides, type DerivationParams } from './derive-screen.ts';
import type { IdtOptions, IvtOptions } from './fixations.ts';
import { computeHeatmap, type HeatmapGrid, type HeatmapOptions } from './heatmap.ts';
import { computeMetrics, gazeQuality, RECGAZE_SHAPE, type GridShape, type MetricsTables, type ScreenFixations } from './metrics.ts';
import { resolvePreprocessOptions, TraceBuffers, type PreprocessOptions, type PreprocessParams } from './preprocess.ts';
import { screenColumns, TypedColumn } from './screen-columns.ts';
import type { ScreenColumns } from '../core/screen-columns.ts';
import { aoiCentreOnCanvas } from './stimulus-space.ts';
import type { GazeSourceKind, TaskType } from '../core/events.ts';
import type { ScreenQuality } from '../core/records.ts';

export type AoiRule = 'strict' | 'closest';

export interface AnalysisFilter {
  tasks?: readonly TaskType[];
  participants?: readonly string[];
  taskIds?: readonly number[];
  gazeSources?: readonly (GazeSourceKind | 'lab-tracker')[];
  /** Drop screens that lost more than this % of samples. */
  maxLostPct?: number;
  /** Drop screens whose achieved sampling rate is below this. */
  minAchievedHz?: number;
}

export type PipelineStage = 'preprocess' | 'fixations' | 'aoi' | 'metrics' | 'clickModels' | 'heatmap';

export interface PipelineProgress {
  stage: PipelineStage;
  done: number;
  total: number;
}

/** Detector settings here win over each session's own (the study's; see resolveDerivation). */
export interface PipelineOptions {
  preprocess?: PreprocessOptions;
  algorithm?: 'idt' | 'ivt';
  /** I-DT options; without them a session uses its study's settings, else max(2°, 1.5 × validation accuracy). */
  idt?: IdtOptions;
  ivt?: IvtOptions;
  aoiRadiusPx?: number;
  /** Which AOI label the tables use. */
  aoiRule?: AoiRule;
  heatmap?: HeatmapOptions;
  filter?: AnalysisFilter;
  shape?: GridShape;
  /**
   * Pre-labelled fixations without a position (public RecGaze files) are drawn on the heatmap at the
   * centre of their AOI (closest rule) unless this is false; Background ones are never drawn.
   */
  placePreLabelledAtAoiCentre?: boolean;
  /** Skip the click models (they are the slowest table on large logs). */
  skipClickModels?: boolean;
  onProgress?: (p: PipelineProgress) => void;
}

export interface ScreenSummary {
  index: number;
  sessionId: string;
  participantId: string;
  participantIndex: number;
  taskId: number;
  task: TaskType;
  gazeSource: AnalysisSession['gazeSource'];
  /** null for imported screens without raw gaze. */
  quality: ScreenQuality | null;
  fixations: number;
  /** Fixations came with the data (original RecGaze imports) rather than detected here. */
  preLabelled: boolean;
  /** The derivation's parameters (null for pre-labelled screens). */
  detection: DerivationParams | null;
}

/** All fixations of the analysed screens, columnar; index i is one fixation. */
export interface FixationTable {
  length: number;
  screen: Int32Array;
  t: Float64Array;
  durationMs: Float32Array;
  /** Viewport px (NaN for pre-labelled fixations). */
  x: Float32Array;
  y: Float32Array;
  scrollY: Float32Array;
  /** Original 3-page canvas px (NaN when unknown). */
  cx: Float32Array;
  cy: Float32Array;
  participant: Int32Array;
  aoi: AoiLabel[];
  aoiClosest: AoiLabel[];
}

export interface AnalysisResult {
  screens: ScreenSummary[];
  participants: string[];
  fixations: FixationTable;
  metrics: MetricsTables;
  clickModels: { pbm: ClickModelFit; oepbm: ClickModelFit } | null;
  heatmap: HeatmapGrid;
  params: {
    preprocess: PreprocessParams;
    /** The detector of the analysed screens ('mixed' when sessions' studies differ). */
    algorithm: 'idt' | 'ivt' | 'mixed';
    aoiRadiusPx: number;
    aoiRule: AoiRule;
    shape: GridShape;
    preLabelledAtAoiCentre: boolean;
  };
  /** Wall-clock ms per stage. */
  timings: Record<PipelineStage, number>;
  samples: number;
}

const now = () => performance.now();

function screenPasses(session: AnalysisSession, screen: AnalysisScreen, f: AnalysisFilter | undefined): boolean {
  if (!f) return true;
  if (f.tasks && !f.tasks.includes(screen.task)) return false;
  if (f.participants && !f.participants.includes(session.participantId)) return false;
  if (f.taskIds && !f.taskIds.includes(screen.taskId)) return false;
  if (f.gazeSources && !f.gazeSources.includes(session.gazeSource)) return false;
  return true;
}

function qualityPasses(q: ScreenQuality | null, f: AnalysisFilter | undefined): boolean {
  if (!f || !q) return true;
  if (f.maxLostPct !== undefined && q.lostPct > f.maxLostPct) return false;
  if (f.minAchievedHz !== undefined && (q.achievedHz ?? 0) < f.minAchievedHz) return false;
  return true;
}

/** Whether a screen summary passes a filter (for re-filtering a finished analysis). */
export function summaryPasses(s: ScreenSummary, f: AnalysisFilter | undefined): boolean {
  if (!f) return true;
  if (f.tasks && !f.tasks.includes(s.task)) return false;
  if (f.participants && !f.participants.includes(s.participantId)) return false;
  if (f.taskIds && !f.taskIds.includes(s.taskId)) return false;
  if (f.gazeSources && !f.gazeSources.includes(s.gazeSource)) return false;
  return qualityPasses(s.quality, f);
}

class Columns {
  screen: TypedColumn<Int32Array>;
  t: TypedColumn<Float64Array>;
  dur: TypedColumn<Float32Array>;
  x: TypedColumn<Float32Array>;
  y: TypedColumn<Float32Array>;
  scrollY: TypedColumn<Float32Array>;
  cx: TypedColumn<Float32Array>;
  cy: TypedColumn<Float32Array>;
  participant: TypedColumn<Int32Array>;
  constructor(capacity: number) {
    const i32 = (n: number) => new Int32Array(n);
    const f32 = (n: number) => new Float32Array(n);
    this.screen = new TypedColumn(i32, capacity);
    this.t = new TypedColumn((n) => new Float64Array(n), capacity);
    this.dur = new TypedColumn(f32, capacity);
    this.x = new TypedColumn(f32, capacity);
    this.y = new TypedColumn(f32, capacity);
    this.scrollY = new TypedColumn(f32, capacity);
    this.cx = new TypedColumn(f32, capacity);
    this.cy = new TypedColumn(f32, capacity);
    this.participant = new TypedColumn(i32, capacity);
  }
  aoi: AoiLabel[] = [];
  aoiClosest: AoiLabel[] = [];
  add(
    screen: number,
    participant: number,
    t: number,
    dur: number,
    x: number,
    y: number,
    scrollY: number,
    cx: number,
    cy: number,
    aoi: AoiLabel,
    aoiClosest: AoiLabel,
  ): void {
    this.screen.push(screen);
    this.participant.push(participant);
    this.t.push(t);
    this.dur.push(dur);
    this.x.push(x);
    this.y.push(y);
    this.scrollY.push(scrollY);
    this.cx.push(cx);
    this.cy.push(cy);
    this.aoi.push(aoi);
    this.aoiClosest.push(aoiClosest);
  }
  table(): FixationTable {
    return {
      length: this.t.length,
      screen: this.screen.done(),
      t: this.t.done(),
      durationMs: this.dur.done(),
      x: this.x.done(),
      y: this.y.done(),
      scrollY: this.scrollY.done(),
      cx: this.cx.done(),
      cy: this.cy.done(),
      participant: this.participant.done(),
      aoi: this.aoi,
      aoiClosest: this.aoiClosest,
    };
  }
}

/** Per-screen inputs of the metric tables, from the fixation table (for the rows passing `include`). */
export function screenFixationsOf(
  result: Pick<AnalysisResult, 'screens' | 'fixations'>,
  extras: ScreenExtras[],
  rule: AoiRule,
  include: (s: ScreenSummary) => boolean = () => true,
): ScreenFixations[] {
  const out: ScreenFixations[] = [];
  const byScreen = new Map<number, ScreenFixations>();
  for (const s of result.screens) {
    if (!include(s)) continue;
    const ex = extras[s.index]!;
    const sf: ScreenFixations = {
      sessionId: s.sessionId,
      participantId: s.participantId,
      taskId: s.taskId,
      task: s.task,
      fixations: [],
      swipes: ex.swipes,
      selection: ex.selection,
    };
    byScreen.set(s.index, sf);
    out.push(sf);
  }
  const fx = result.fixations;
  const labels = rule === 'strict' ? fx.aoi : fx.aoiClosest;
  for (let i = 0; i < fx.length; i++) {
    const sf = byScreen.get(fx.screen[i]!);
    if (sf) sf.fixations.push({ t: fx.t[i]!, durationMs: fx.durationMs[i]!, aoi: labels[i]! });
  }
  return out;
}

/** Swipes and selection of a screen (kept beside the summaries for re-filtering). */
export interface ScreenExtras {
  swipes: ScreenFixations['swipes'];
  selection: ScreenFixations['selection'];
  items: number[][] | undefined;
}

function extrasOf(screen: AnalysisScreen, columns: ScreenColumns | null): ScreenExtras {
  const swipes: ScreenFixations['swipes'] = [];
  let selection: ScreenFixations['selection'] = screen.selection
    ? { row: screen.selection.row, position: screen.selection.position, t: screen.selection.t }
    : null;
  if (columns) {
    const w = columns.swipes;
    for (let i = 0; i < w.t.length; i++) swipes.push({ t: w.t[i]!, row: w.row[i]!, direction: w.direction[i] ? 'backward' : 'forward' });
    const sel = columns.selection;
    if (!selection && sel) selection = { row: sel.row, position: sel.position, t: sel.t };
  }
  return { swipes, selection, items: screen.rows?.items };
}

/** A screen's recording as columns: stored ones, or made from its events now. */
export function columnsOf(screen: AnalysisScreen): ScreenColumns | null {
  return screen.columns ?? (screen.events ? screenColumns(screen.events) : null);
}

function overridesOf(options: PipelineOptions): DerivationOverrides {
  const o: DerivationOverrides = {};
  if (options.algorithm) o.algorithm = options.algorithm;
  if (options.idt) o.idt = options.idt;
  if (options.ivt) o.ivt = options.ivt;
  if (options.preprocess) o.preprocess = options.preprocess;
  if (options.aoiRadiusPx !== undefined) o.aoiRadiusPx = options.aoiRadiusPx;
  return o;
}

export interface AnalysisRun extends AnalysisResult {
  extras: ScreenExtras[];
}

export function analyseDataset(dataset: AnalysisDataset, options: PipelineOptions = {}): AnalysisRun {
  const timings: Record<PipelineStage, number> = { preprocess: 0, fixations: 0, aoi: 0, metrics: 0, clickModels: 0, heatmap: 0 };
  const radius = options.aoiRadiusPx ?? DEFAULT_AOI_RADIUS_PX;
  const rule = options.aoiRule ?? 'closest';
  const shape = options.shape ?? RECGAZE_SHAPE;
  const placeAtCentre = options.placePreLabelledAtAoiCentre ?? true;
  const preprocessParams = resolvePreprocessOptions(options.preprocess);
  const overrides = overridesOf(options);
  const algorithms = new Set<'idt' | 'ivt'>();
  const radii = new Set<number>();
  const buffers = new TraceBuffers();
  const progress = options.onProgress;
  const screens: ScreenSummary[] = [];
  const extras: ScreenExtras[] = [];
  const participants: string[] = [];
  const participantIndex = new Map<string, number>();
  let samples = 0;
  let total = 0;
  let expected = 0;
  for (const s of dataset.sessions)
    for (const sc of s.screens) {
      if (!screenPasses(s, sc, options.filter)) continue;
      total++;
      // ~1 fixation per 10 samples at 30 Hz: sized once, the fixation table rarely grows
      expected += sc.fixations?.length ?? Math.ceil((sc.columns?.gaze.t.length ?? sc.events?.length ?? 0) / 8);
    }
  const cols = new Columns(expected);
  let done = 0;

  for (const session of dataset.sessions) {
    let params: DerivationParams | null = null;
    for (const screen of session.screens) {
      if (!screenPasses(session, screen, options.filter)) continue;
      done++;
      const columns = columnsOf(screen);
      const preLabelled = !!screen.fixations && !columns?.gaze.t.length;
      let quality: ScreenQuality | null = null;
      let detection: DerivationParams | null = null;
      if (!preLabelled && columns) {
        params ??= resolveDerivation(
          { settings: session.fixation, pxPerDeg: session.pxPerDeg, validationAccuracyPx: session.validationAccuracyPx },
          overrides,
        );
        const t0 = now();
        quality = gazeQuality(columns.gaze);
        timings.preprocess += now() - t0;
        samples += quality.samples;
        if (!qualityPasses(quality, options.filter)) continue;
        detection = params;
        algorithms.add(params.algorithm);
        radii.add(params.aoiRadiusPx);
      }
      let pi = participantIndex.get(session.participantId);
      if (pi === undefined) {
        pi = participants.length;
        participantIndex.set(session.participantId, pi);
        participants.push(session.participantId);
      }
      const index = screens.length;
      let count = 0;
      if (preLabelled) {
        for (const f of screen.fixations!) {
          let cx = f.x ?? NaN;
          let cy = f.y ?? NaN;
          if ((f.x === undefined || f.y === undefined) && placeAtCentre) {
            const c = aoiCentreOnCanvas(f.aoiClosest, shape.rows);
            if (c) ({ x: cx, y: cy } = c);
          }
          cols.add(index, pi, f.t, f.durationMs, NaN, NaN, NaN, cx, cy, f.aoi, f.aoiClosest);
        }
        count = screen.fixations!.length;
      } else if (columns && detection) {
        const participant = pi;
        deriveScreen(
          { columns, rows: screen.rows, itemsPerRow: session.layout.itemsPerRow, selectionT: screen.selection?.t, quality: quality! },
          detection,
          {
            timings,
            buffers,
            onFixation: (f, aoi, aoiClosest, cx, cy) => {
              cols.add(index, participant, f.t, f.durationMs, f.x, f.y, f.scrollY, cx, cy, aoi, aoiClosest);
              count++;
            },
          },
        );
      }
      screens.push({
        index,
        sessionId: session.id,
        participantId: session.participantId,
        participantIndex: pi,
        taskId: screen.taskId,
        task: screen.task,
        gazeSource: session.gazeSource,
        quality,
        fixations: count,
        preLabelled,
        detection,
      });
      extras.push(extrasOf(screen, columns));
      if (progress && (done % 50 === 0 || done === total)) progress({ stage: 'fixations', done, total });
    }
  }
  const fixTable = cols.table();

  let t0 = now();
  const perScreen = screenFixationsOf({ screens, fixations: fixTable }, extras, rule);
  const metrics = computeMetrics(perScreen, shape);
  timings.metrics = now() - t0;
  progress?.({ stage: 'metrics', done: 1, total: 1 });

  t0 = now();
  let clickModels: AnalysisResult['clickModels'] = null;
  if (!options.skipClickModels) {
    const items = new Map<string, number[][] | undefined>();
    for (const s of screens) items.set(`${s.sessionId}\u0000${s.taskId}`, extras[s.index]!.items);
    const log = buildClickLog(perScreen, shape, (s) => items.get(`${s.sessionId}\u0000${s.taskId}`));
    clickModels = { pbm: fitPbm(log), oepbm: fitOepbm(log) };
  }
  timings.clickModels = now() - t0;
  progress?.({ stage: 'clickModels', done: 1, total: 1 });

  t0 = now();
  const heatmap = computeHeatmap(
    { x: fixTable.cx, y: fixTable.cy, durationMs: fixTable.durationMs, participant: fixTable.participant },
    options.heatmap,
  );
  timings.heatmap = now() - t0;
  progress?.({ stage: 'heatmap', done: 1, total: 1 });

  return {
    screens,
    participants,
    fixations: fixTable,
    metrics,
    clickModels,
    heatmap,
    params: {
      preprocess: preprocessParams,
      algorithm: algorithms.size === 1 ? [...algorithms][0]! : algorithms.size ? 'mixed' : (options.algorithm ?? 'idt'),
      aoiRadiusPx: radii.size === 1 ? [...radii][0]! : radius,
      aoiRule: rule,
      shape,
      preLabelledAtAoiCentre: placeAtCentre,
    },
    timings,
    samples,
    extras,
  };
}

/** Heatmap of the fixations of the screens passing `filter`, from a finished analysis. */
export function heatmapForFilter(
  run: Pick<AnalysisResult, 'screens' | 'fixations'>,
  filter: AnalysisFilter | undefined,
  options: HeatmapOptions = {},
): HeatmapGrid {
  const pass = new Uint8Array(run.screens.length);
  for (const s of run.screens) pass[s.index] = summaryPasses(s, filter) ? 1 : 0;
  const fx = run.fixations;
  const mask = new Uint8Array(fx.length);
  for (let i = 0; i < fx.length; i++) mask[i] = pass[fx.screen[i]!]!;
  return computeHeatmap({ x: fx.cx, y: fx.cy, durationMs: fx.durationMs, participant: fx.participant }, { ...options, mask });
}

/** Metric tables of the screens passing `filter`, from a finished analysis. */
export function metricsForFilter(run: AnalysisRun, filter: AnalysisFilter | undefined, rule: AoiRule = run.params.aoiRule): MetricsTables {
  return computeMetrics(
    screenFixationsOf(run, run.extras, rule, (s) => summaryPasses(s, filter)),
    run.params.shape,
  );
}
