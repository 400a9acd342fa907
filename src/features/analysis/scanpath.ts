// Scanpath of one screen: its fixations in document px with the layout (AOI boxes, scroll) in
// effect at each fixation, for playback with a time slider.
import { layoutTimeline, scrollYAt, stateAt, stateBoxes } from '../../../analysis/aoi-mapping.ts';
import { columnsOf } from '../../../analysis/pipeline.ts';
import { screenColumns } from '../../../analysis/screen-columns.ts';
import type { AnalysisScreen } from '../../../analysis/dataset.ts';
import type { FixationTable } from '../../../analysis/pipeline.ts';
import type { AoiBox } from '../../../core/events.ts';

export interface ScanpathFixation {
  t: number;
  durationMs: number;
  /** Document px (viewport x, viewport y + scrollY). */
  x: number;
  y: number;
  scrollY: number;
  /** Index into `layouts`. */
  layout: number;
}

export interface ScanpathLayout {
  t: number;
  viewport: { w: number; h: number };
  boxes: AoiBox[];
}

export interface Scanpath {
  fixations: ScanpathFixation[];
  layouts: ScanpathLayout[];
  /** Document size covered by the layouts. */
  width: number;
  height: number;
  durationMs: number;
  /** Row labels (genres) top to bottom, when the screen has them. */
  rowLabels: string[];
  /** Why there is nothing to play (e.g. imported fixations without viewport coordinates). */
  problem: string | null;
}

/** Fixations of screen `screenIndex` from the fixation table, with their layouts. */
export function buildScanpath(table: FixationTable, screenIndex: number, screen: AnalysisScreen, itemsPerRow: number): Scanpath {
  const timeline = layoutTimeline(columnsOf(screen) ?? screenColumns([]), { itemsPerRow, rows: screen.rows });
  const layouts: ScanpathLayout[] = [];
  const layoutIndex = new Map<object, number>();
  const fixations: ScanpathFixation[] = [];
  let width = 0;
  let height = 0;
  let withoutPosition = 0;
  for (let i = 0; i < table.length; i++) {
    if (table.screen[i] !== screenIndex) continue;
    const x = table.x[i]!;
    const y = table.y[i]!;
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      withoutPosition++;
      continue;
    }
    const t = table.t[i]!;
    const state = stateAt(timeline, t);
    let li = -1;
    if (state) {
      // states share their box list when only the scroll changed; key on it to keep one copy
      const key = state.table;
      li = layoutIndex.get(key) ?? -1;
      if (li < 0) {
        li = layouts.length;
        layoutIndex.set(key, li);
        const boxes = stateBoxes(state);
        layouts.push({ t: state.t, viewport: { w: state.viewport.w, h: state.viewport.h }, boxes });
        for (const b of boxes) {
          width = Math.max(width, b.x + b.w);
          height = Math.max(height, b.y + b.h);
        }
        width = Math.max(width, state.viewport.w);
      }
    }
    const scrollY = Number.isFinite(table.scrollY[i]!) ? table.scrollY[i]! : scrollYAt(timeline, t);
    fixations.push({ t, durationMs: table.durationMs[i]!, x, y: y + scrollY, scrollY, layout: li });
    height = Math.max(height, y + scrollY);
  }
  fixations.sort((a, b) => a.t - b.t);
  const last = fixations[fixations.length - 1];
  let problem: string | null = null;
  if (!fixations.length)
    problem = withoutPosition
      ? 'This screen has only imported fixations without viewport positions; there is no scanpath to play.'
      : 'No fixations on this screen.';
  return {
    fixations,
    layouts,
    width,
    height,
    durationMs: last ? last.t + last.durationMs : 0,
    rowLabels: screen.rows?.genres ?? [],
    problem,
  };
}

/** Fixations that have started by time t (ms from screen start). */
export function fixationsUntil(path: Scanpath, t: number): ScanpathFixation[] {
  let n = 0;
  while (n < path.fixations.length && path.fixations[n]!.t <= t) n++;
  return path.fixations.slice(0, n);
}

/** Circle radius for a fixation duration: area proportional to duration, clamped. */
export function fixationRadius(durationMs: number, scale = 1): number {
  return Math.max(6, Math.min(60, Math.sqrt(Math.max(0, durationMs)) * 1.2)) * scale;
}
