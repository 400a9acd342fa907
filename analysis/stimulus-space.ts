// Two stimulus spaces a viewport gaze point can be mapped into.
//
// (a) The original RecGaze canvas (5760 × 3526): the page at the 1920-px reference width, with the
//     3 horizontal "pages" of the carousels side by side. A point is scaled to the reference width,
//     x_stim = x + 1920·(page − 1) with `page` the current page of the row under the point, and
//     y_stim = y + scrollY + 87. The 87 px is the browser bar of the lab screen: aoi_data.csv and the
//     published heatmaps measure y from the top of the screen, so row 1's tiles sit at y 176 there.
//     Adding it keeps our canvas points directly comparable with aoi_data.csv.
// (b) A layout-normalised space: (row, position, offset inside the tile as 0..1), independent of
//     viewport size, so sessions recorded on different screens aggregate cell by cell.
import { REFERENCE_WIDTH, rowAtY, type LayoutState } from './aoi-mapping.ts';
import type { AoiLabel } from './dataset.ts';
import { carouselGeometry } from '../core/layout/carousel-geometry.ts';

export const CANVAS_WIDTH = 5760;
export const CANVAS_HEIGHT = 3526;
export const BROWSER_BAR_PX = 87;

/** A point on the original 5760 × 3526 canvas. */
export interface CanvasPoint {
  cx: number;
  cy: number;
}

/** A point inside a tile or row title, in layout-normalised coordinates. */
export interface TileNormPoint {
  kind: 'tile' | 'title';
  row: number;
  /** Tiles only: position in the row's list (1-based). */
  position?: number;
  column?: number;
  /** Offset inside the box, 0..1 from its left / top edge. */
  u: number;
  v: number;
}

/** Viewport point (CSS px) + scrollY → original canvas. */
export function toCanvas(state: LayoutState, x: number, y: number, scrollY: number): CanvasPoint {
  const s = REFERENCE_WIDTH / state.viewport.w;
  const docY = y + scrollY;
  const row = rowAtY(state, docY);
  const page = row === null ? 1 : (state.pages[row - 1] ?? 1);
  return { cx: x * s + REFERENCE_WIDTH * (page - 1), cy: docY * s + BROWSER_BAR_PX };
}

/** Viewport point + scrollY → tile/title-normalised point; null on arrows and background. */
export function toTileNorm(state: LayoutState, x: number, y: number, scrollY: number): TileNormPoint | null {
  const docY = y + scrollY;
  for (const b of state.boxes) {
    if (b.kind !== 'tile' && b.kind !== 'title') continue;
    if (x < b.x || x > b.x + b.w || docY < b.y || docY > b.y + b.h) continue;
    const p: TileNormPoint = { kind: b.kind, row: b.row, u: (x - b.x) / b.w, v: (docY - b.y) / b.h };
    if (b.position !== undefined) p.position = b.position;
    if (b.column !== undefined) p.column = b.column;
    return p;
  }
  return null;
}

export interface ReferenceLayout {
  pageStep: number;
  visibleCount: number;
  tileWidth: number;
  tileHeight: number;
}

export const RECGAZE_REFERENCE_LAYOUT: ReferenceLayout = { pageStep: 5, visibleCount: 5, tileWidth: 342, tileHeight: 193 };

/**
 * Tile-normalised point → original canvas, by laying the tile out at the reference width on the
 * page that shows its position (RecGaze: positions 1–5 page 1, 6–10 page 2, 11–15 page 3). Titles
 * are drawn on page 1 (their text width is unknown, so u spans the first tile's width).
 */
export function tileNormToCanvas(p: TileNormPoint, rowCount: number, layout: ReferenceLayout = RECGAZE_REFERENCE_LAYOUT): CanvasPoint {
  const g = carouselGeometry(layout, rowCount, REFERENCE_WIDTH);
  if (p.kind === 'title' || p.position === undefined) {
    return { cx: g.columnLeft(1) + p.u * g.tileWidth, cy: g.titleTop(p.row) + p.v * g.titleHeight + BROWSER_BAR_PX };
  }
  const page = Math.floor((p.position - 1) / layout.pageStep) + 1;
  const column = ((p.position - 1) % layout.pageStep) + 1;
  return {
    cx: REFERENCE_WIDTH * (page - 1) + g.columnLeft(column) + p.u * g.tileWidth,
    cy: g.tileTop(p.row) + p.v * g.tileHeight + BROWSER_BAR_PX,
  };
}

/**
 * Centre of a labelled AOI on the original canvas, for fixations that come with an AOI label but
 * no position (the public RecGaze files): tiles by position (page from the position), titles and
 * arrows on the row's page (page 1 when unknown). Background has no place: null.
 */
export function aoiCentreOnCanvas(label: AoiLabel, rowCount = 10, layout: ReferenceLayout = RECGAZE_REFERENCE_LAYOUT): CanvasPoint | null {
  if (label.row === undefined || label.row < 1 || label.row > rowCount) return null;
  if (label.type === 'Movie') {
    if (label.position === undefined) return null;
    return tileNormToCanvas({ kind: 'tile', row: label.row, position: label.position, u: 0.5, v: 0.5 }, rowCount, layout);
  }
  const g = carouselGeometry(layout, rowCount, REFERENCE_WIDTH);
  const pageX = REFERENCE_WIDTH * ((label.page ?? 1) - 1);
  if (label.type === 'Genre')
    return { cx: pageX + g.columnLeft(1) + g.tileWidth / 2, cy: g.titleTop(label.row) + g.titleHeight / 2 + BROWSER_BAR_PX };
  if (label.type === 'Forward' || label.type === 'Backward') {
    const left = label.type === 'Forward' ? g.forwardLeft : g.backwardLeft;
    return { cx: pageX + left + g.arrowSize / 2, cy: g.arrowTop(label.row) + g.arrowSize / 2 + BROWSER_BAR_PX };
  }
  return null;
}
