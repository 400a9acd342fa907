// The whole analysis of a dataset: preprocessing → fixations → AOI labels / canvas points → metric
// tables, click models and a heatmap grid. Fixations are kept in a columnar table so the heatmap
// and the tables can be recomputed for another filter without detecting fixations again.
import { buildLayoutTimeline, DEFAULT_AOI_RADIUS_PX, hitTest, stateAt } from './aoi-mapping.ts';
import { buildClickLog, fitOepbm, fitPbm, type ClickModelFit } from './click-models.ts';
import type { AnalysisDataset, AnalysisScreen, AnalysisSession, AoiLabel } from './dataset.ts';
import {
  detectFixationsIdt,
  detectFixationsIvt,
  type Fixation,
  type IdtOptions,
  type IdtParams,
  type IvtOptions,
  type IvtParams,
} from './fixations.ts';
import { computeHeatmap, type HeatmapGrid, type HeatmapOptions } from './heatmap.ts';
import {
  computeMetrics,
  computeScreenQuality,
  RECGAZE_SHAPE,
  type GridShape,
  type MetricsTables,
  type ScreenFixations,
} from './metrics.ts';
import { preprocessGaze, resolvePreprocessOptions, type PreprocessOptions, type PreprocessParams } from './preprocess.ts';
import { aoiCentreOnCanvas, toCanvas } from './stimulus-space.ts';
import type { GazeEvent, GazeSourceKind, RecordedEvent, TaskType } from '../core/events.ts';
import type { ScreenQuality } from '../core/records.ts';
import { viewportPoint } from '../core/coordinates.ts';

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

export interface PipelineOptions {
  preprocess?: PreprocessOptions;
  algorithm?: 'idt' | 'ivt';
  /** I-DT options; dispersion defaults per session to max(2°, 1.5 × validation accuracy). */
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
  detection: IdtParams | IvtParams | null;
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
    algorithm: 'idt' | 'ivt';
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
  screen: number[] = [];
  t: number[] = [];
  dur: number[] = [];
  x: number[] = [];
  y: number[] = [];
  scrollY: number[] = [];
  cx: number[] = [];
  cy: number[] = [];
  participant: number[] = [];
  aoi: AoiLabel[] = [];
  aoiClosest: AoiLabel[] = [];
  table(): FixationTable {
    return {
      length: this.t.length,
      screen: Int32Array.from(this.screen),
      t: Float64Array.from(this.t),
      durationMs: Float32Array.from(this.dur),
      x: Float32Array.from(this.x),
      y: Float32Array.from(this.y),
      scrollY: Float32Array.from(this.scrollY),
      cx: Float32Array.from(this.cx),
      cy: Float32Array.from(this.cy),
      participant: Int32Array.from(this.participant),
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

function extrasOf(screen: AnalysisScreen): ScreenExtras {
  const swipes: ScreenFixations['swipes'] = [];
  let selection: ScreenFixations['selection'] = screen.selection
    ? { row: screen.selection.row, position: screen.selection.position, t: screen.selection.t }
    : null;
  for (const e of screen.events ?? []) {
    if (e.kind === 'swipe') swipes.push({ t: e.t, row: e.row, direction: e.direction });
    else if (e.kind === 'selection' && !selection) selection = { row: e.row, position: e.position, t: e.t };
  }
  return { swipes, selection, items: screen.rows?.items };
}

/** The events sorted by time (stable), without copying when they already are (the usual case). */
export function inTimeOrder(events: readonly RecordedEvent[]): readonly RecordedEvent[] {
  for (let i = 1; i < events.length; i++) if (events[i]!.t < events[i - 1]!.t) return events.slice().sort((a, b) => a.t - b.t);
  return events;
}

export interface AnalysisRun extends AnalysisResult {
  extras: ScreenExtras[];
}

export function analyseDataset(dataset: AnalysisDataset, options: PipelineOptions = {}): AnalysisRun {
  const timings: Record<PipelineStage, number> = { preprocess: 0, fixations: 0, aoi: 0, metrics: 0, clickModels: 0, heatmap: 0 };
  const algorithm = options.algorithm ?? 'idt';
  const radius = options.aoiRadiusPx ?? DEFAULT_AOI_RADIUS_PX;
  const rule = options.aoiRule ?? 'closest';
  const shape = options.shape ?? RECGAZE_SHAPE;
  const placeAtCentre = options.placePreLabelledAtAoiCentre ?? true;
  const preprocessParams = resolvePreprocessOptions(options.preprocess);
  const progress = options.onProgress;
  const cols = new Columns();
  const screens: ScreenSummary[] = [];
  const extras: ScreenExtras[] = [];
  const participants: string[] = [];
  const participantIndex = new Map<string, number>();
  let samples = 0;
  let total = 0;
  for (const s of dataset.sessions) for (const sc of s.screens) if (screenPasses(s, sc, options.filter)) total++;
  let done = 0;

  for (const session of dataset.sessions) {
    for (const screen of session.screens) {
      if (!screenPasses(session, screen, options.filter)) continue;
      done++;
      const events = inTimeOrder(screen.events ?? []);
      let quality: ScreenQuality | null = null;
      let fixations: Fixation[] = [];
      let detection: IdtParams | IvtParams | null = null;
      const preLabelled = !!screen.fixations && !screen.events?.some((e) => e.kind === 'gaze');
      let t0 = now();
      if (!preLabelled) {
        const gaze: GazeEvent[] = [];
        for (const e of events) if (e.kind === 'gaze') gaze.push(e);
        samples += gaze.length;
        quality = computeScreenQuality(gaze);
        if (!qualityPasses(quality, options.filter)) continue;
        const trace = preprocessGaze(events, options.preprocess);
        let t1 = now();
        timings.preprocess += t1 - t0;
        t0 = t1;
        const pxPerDeg = options.idt?.pxPerDeg ?? session.pxPerDeg;
        if (algorithm === 'idt') {
          const o: IdtOptions = { ...options.idt };
          if (pxPerDeg !== undefined) o.pxPerDeg = pxPerDeg;
          if (o.validationAccuracyPx === undefined && session.validationAccuracyPx !== undefined)
            o.validationAccuracyPx = session.validationAccuracyPx;
          const r = detectFixationsIdt(trace, o);
          fixations = r.fixations;
          detection = r.params;
        } else {
          const o: IvtOptions = { ...options.ivt };
          const p = options.ivt?.pxPerDeg ?? session.pxPerDeg;
          if (p !== undefined) o.pxPerDeg = p;
          const r = detectFixationsIvt(trace, o);
          fixations = r.fixations;
          detection = r.params;
        }
        t1 = now();
        timings.fixations += t1 - t0;
        t0 = t1;
      }
      let pi = participantIndex.get(session.participantId);
      if (pi === undefined) {
        pi = participants.length;
        participantIndex.set(session.participantId, pi);
        participants.push(session.participantId);
      }
      const index = screens.length;
      if (preLabelled) {
        for (const f of screen.fixations!) {
          cols.screen.push(index);
          cols.t.push(f.t);
          cols.dur.push(f.durationMs);
          cols.x.push(NaN);
          cols.y.push(NaN);
          cols.scrollY.push(NaN);
          let cx = f.x ?? NaN;
          let cy = f.y ?? NaN;
          if ((f.x === undefined || f.y === undefined) && placeAtCentre) {
            const c = aoiCentreOnCanvas(f.aoiClosest, shape.rows);
            if (c) ({ x: cx, y: cy } = c);
          }
          cols.cx.push(cx);
          cols.cy.push(cy);
          cols.participant.push(pi);
          cols.aoi.push(f.aoi);
          cols.aoiClosest.push(f.aoiClosest);
        }
      } else {
        const timeline = buildLayoutTimeline(events, { itemsPerRow: session.layout.itemsPerRow, rows: screen.rows });
        for (const f of fixations) {
          const state = stateAt(timeline, f.t);
          cols.screen.push(index);
          cols.t.push(f.t);
          cols.dur.push(f.durationMs);
          cols.x.push(f.x);
          cols.y.push(f.y);
          cols.scrollY.push(f.scrollY);
          cols.participant.push(pi);
          if (state) {
            const hit = hitTest(state, f.x, f.y + f.scrollY, screen.rows, radius);
            const c = toCanvas(state, viewportPoint(f.x, f.y), f.scrollY);
            cols.cx.push(c.x);
            cols.cy.push(c.y);
            cols.aoi.push(hit.strict);
            cols.aoiClosest.push(hit.closest);
          } else {
            cols.cx.push(NaN);
            cols.cy.push(NaN);
            cols.aoi.push({ type: 'Background' });
            cols.aoiClosest.push({ type: 'Background' });
          }
        }
        timings.aoi += now() - t0;
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
        fixations: preLabelled ? screen.fixations!.length : fixations.length,
        preLabelled,
        detection,
      });
      extras.push(extrasOf(screen));
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
    params: { preprocess: preprocessParams, algorithm, aoiRadiusPx: radius, aoiRule: rule, shape, preLabelledAtAoiCentre: placeAtCentre },
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
