// Everything the RecGaze files need from one recorded screen, computed once with the analysis
// library: fixations (the study's detector and parameters) labelled with strict and closest AOIs,
// cursor samples merged into AOI visits, clicks labelled with the AOI under them.
import type { AoiLabel, ScreenRows } from '../analysis/dataset.ts';
import { buildLayoutTimeline, mapPointToAoi, stateAt, type LayoutTimeline } from '../analysis/aoi-mapping.ts';
import { detectFixationsIdt, detectFixationsIvt, type Fixation, type IdtParams, type IvtParams } from '../analysis/fixations.ts';
import { preprocessGaze, resolvePreprocessOptions, type PreprocessParams } from '../analysis/preprocess.ts';
import { toCanvas } from '../analysis/stimulus-space.ts';
import { viewportPoint } from '../core/coordinates.ts';
import type { RecordedEvent, TaskType } from '../core/events.ts';
import type { SelectionRecord } from '../core/records.ts';
import type { FixationSettings, ScreenDef } from '../core/study-config/schema.ts';

export interface LabelledFix extends Fixation {
  aoi: AoiLabel;
  aoiClosest: AoiLabel;
  /** Position on the original 3-page canvas. */
  cx: number;
  cy: number;
}

export interface CursorVisit {
  t: number;
  durationMs: number;
  aoi: AoiLabel;
}

export interface LabelledClick {
  t: number;
  aoi: AoiLabel;
}

export interface DerivedScreen {
  taskId: number;
  task: TaskType;
  rows: ScreenRows;
  /** Events in time order (a stable sort of the recorded order). */
  events: RecordedEvent[];
  timeline: LayoutTimeline;
  /** Time the screen ended (selection, else the last event), ms. */
  endT: number;
  fixations: LabelledFix[];
  cursorVisits: CursorVisit[];
  clicks: LabelledClick[];
}

export type DetectorParams = (IdtParams | IvtParams) & { aoiRadiusPx: number; preprocess: PreprocessParams };

export function screenRows(screen: ScreenDef): ScreenRows {
  return { genres: screen.rows.map((r) => r.genre ?? r.label), items: screen.rows.map((r) => r.items.slice()) };
}

/** Detector settings of a study, resolved to the numbers actually used (written into session.json). */
export function resolveDetector(settings: FixationSettings, pxPerDeg?: number): DetectorParams {
  const common = { aoiRadiusPx: settings.aoiRadiusPx, preprocess: resolvePreprocessOptions() };
  const ppd = pxPerDeg === undefined ? {} : { pxPerDeg };
  const empty = {
    t: new Float64Array(0),
    x: new Float32Array(0),
    y: new Float32Array(0),
    valid: new Uint8Array(0),
    scrollY: new Float32Array(0),
    intervalMs: 33,
  };
  if (settings.algorithm === 'ivt')
    return {
      ...detectFixationsIvt(empty, { velocityDegPerS: settings.velocityDegPerS, minDurationMs: settings.minDurationMs, ...ppd }).params,
      ...common,
    };
  return {
    ...detectFixationsIdt(empty, { dispersionDeg: settings.dispersionDeg, minDurationMs: settings.minDurationMs, ...ppd }).params,
    ...common,
  };
}

function sortedByTime(events: readonly RecordedEvent[]): RecordedEvent[] {
  for (let i = 1; i < events.length; i++)
    if (events[i]!.t < events[i - 1]!.t)
      return events
        .map((e, k) => ({ e, k }))
        .sort((a, b) => a.e.t - b.e.t || a.k - b.k)
        .map((p) => p.e);
  return events.slice();
}

function withMovieId(label: AoiLabel, rows: ScreenRows): AoiLabel {
  if (label.type !== 'Movie' || label.movieId !== undefined || label.row === undefined || label.position === undefined) return label;
  const id = rows.items[label.row - 1]?.[label.position - 1];
  return id === undefined ? label : { ...label, movieId: id };
}

const visitKey = (a: AoiLabel): string => `${a.type}|${a.row ?? ''}|${a.position ?? ''}|${a.movieId ?? ''}`;

export function deriveScreen(
  screen: ScreenDef,
  recorded: readonly RecordedEvent[],
  detector: DetectorParams,
  selection: SelectionRecord | undefined,
  itemsPerRow: number,
): DerivedScreen {
  const rows = screenRows(screen);
  const events = sortedByTime(recorded);
  const timeline = buildLayoutTimeline(events, { itemsPerRow, rows });
  const lastT = events.length ? events[events.length - 1]!.t : 0;
  const endT = selection ? selection.t : lastT;
  const radius = detector.aoiRadiusPx;

  const trace = preprocessGaze(events, detector.preprocess);
  const detected =
    detector.algorithm === 'ivt'
      ? detectFixationsIvt(trace, {
          velocityDegPerS: detector.velocityDegPerS,
          minDurationMs: detector.minDurationMs,
          pxPerDeg: detector.pxPerDeg,
        }).fixations
      : detectFixationsIdt(trace, {
          dispersionPx: detector.dispersionPx,
          minDurationMs: detector.minDurationMs,
          pxPerDeg: detector.pxPerDeg,
        }).fixations;
  const fixations: LabelledFix[] = [];
  for (const f of detected) {
    if (f.t < 0 || f.t > endT) continue;
    const hit = mapPointToAoi(timeline, f.x, f.y, f.t, f.scrollY, radius);
    const state = stateAt(timeline, f.t);
    const c = state ? toCanvas(state, viewportPoint(f.x, f.y), f.scrollY) : { x: NaN, y: NaN };
    fixations.push({ ...f, aoi: withMovieId(hit.strict, rows), aoiClosest: withMovieId(hit.closest, rows), cx: c.x, cy: c.y });
  }

  const cursorVisits: CursorVisit[] = [];
  let open: { t: number; aoi: AoiLabel; key: string } | null = null;
  const clicks: LabelledClick[] = [];
  for (const e of events) {
    if (e.t < 0 || e.t > endT) continue;
    if (e.kind === 'cursor') {
      const aoi = withMovieId(mapPointToAoi(timeline, e.x, e.y, e.t, undefined, radius).strict, rows);
      const key = visitKey(aoi);
      if (open && open.key === key) continue;
      if (open) cursorVisits.push({ t: open.t, durationMs: e.t - open.t, aoi: open.aoi });
      open = { t: e.t, aoi, key };
    } else if (e.kind === 'click') {
      clicks.push({ t: e.t, aoi: withMovieId(mapPointToAoi(timeline, e.x, e.y, e.t, undefined, radius).strict, rows) });
    }
  }
  if (open) cursorVisits.push({ t: open.t, durationMs: endT - open.t, aoi: open.aoi });

  if (selection) {
    // The selection is authoritative for the final click (the tile under the pointer may have been
    // re-rendered by the hover panel); add it when the click itself was not captured.
    const label: AoiLabel = {
      type: 'Movie',
      row: selection.row,
      position: selection.position,
      column: selection.column,
      page: selection.page,
      movieId: selection.movieId,
    };
    const genre = rows.genres[selection.row - 1];
    if (genre !== undefined) label.genre = genre;
    let final = -1;
    for (let i = clicks.length - 1; i >= 0; i--) {
      if (selection.t - clicks[i]!.t <= 1000) {
        final = i;
        break;
      }
    }
    // Stamped with the selection's time, as in click_feedback.csv (they are ms apart).
    if (final >= 0) clicks[final] = { t: selection.t, aoi: label };
    else clicks.push({ t: selection.t, aoi: label });
  }
  return { taskId: screen.taskId, task: screen.task, rows, events, timeline, endT, fixations, cursorVisits, clicks };
}
