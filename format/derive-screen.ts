// Everything the RecGaze files need from one recorded screen, computed once with the analysis
// library: fixations (the study's detector and parameters) labelled with strict and closest AOIs,
// cursor samples merged into AOI visits, clicks labelled with the AOI under them.
import type { AoiLabel, ScreenRows } from '../analysis/dataset.ts';
import { mapPointToAoi, type LayoutTimeline } from '../analysis/aoi-mapping.ts';
import {
  deriveScreen as deriveScreenFixations,
  resolveDerivation,
  type DerivationParams,
  type DerivedFixation,
} from '../analysis/derive-screen.ts';
import { inTimeOrder, screenColumns } from '../analysis/screen-columns.ts';
import type { RecordedEvent, TaskType } from '../core/events.ts';
import type { SelectionRecord } from '../core/records.ts';
import type { FixationSettings, ScreenDef } from '../core/study-config/schema.ts';

export type LabelledFix = DerivedFixation;

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
  events: readonly RecordedEvent[];
  timeline: LayoutTimeline;
  /** Time the screen ended (selection, else the last event), ms. */
  endT: number;
  fixations: LabelledFix[];
  cursorVisits: CursorVisit[];
  clicks: LabelledClick[];
}

/** The analysis library's derivation parameters (written into session.json). */
export type DetectorParams = DerivationParams;

export function screenRows(screen: ScreenDef): ScreenRows {
  return { genres: screen.rows.map((r) => r.genre ?? r.label), items: screen.rows.map((r) => r.items.slice()) };
}

/** Detector settings of a study, resolved to the numbers actually used (written into session.json). */
export function resolveDetector(settings: FixationSettings, pxPerDeg?: number): DetectorParams {
  return resolveDerivation({ settings, pxPerDeg });
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
  const events = inTimeOrder(recorded);
  const d = deriveScreenFixations({ columns: screenColumns(events), rows, itemsPerRow, selectionT: selection?.t }, detector);
  const { timeline, endT, fixations } = d;
  const radius = detector.aoiRadiusPx;

  const cursorVisits: CursorVisit[] = [];
  let open: { t: number; aoi: AoiLabel; key: string } | null = null;
  const clicks: LabelledClick[] = [];
  for (const e of events) {
    if (e.t < 0 || e.t > endT) continue;
    if (e.kind === 'cursor') {
      const aoi = mapPointToAoi(timeline, e.x, e.y, e.t, undefined, radius).strict;
      const key = visitKey(aoi);
      if (open && open.key === key) continue;
      if (open) cursorVisits.push({ t: open.t, durationMs: e.t - open.t, aoi: open.aoi });
      open = { t: e.t, aoi, key };
    } else if (e.kind === 'click') {
      clicks.push({ t: e.t, aoi: mapPointToAoi(timeline, e.x, e.y, e.t, undefined, radius).strict });
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
