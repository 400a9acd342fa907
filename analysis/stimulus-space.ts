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
import { rowAtY, stateBoxes, type LayoutState } from './aoi-mapping.ts';
import type { AoiLabel } from './dataset.ts';
import {
  BROWSER_BAR_PX,
  canvasPoint,
  designPoint,
  designToCanvas,
  DESIGN_WIDTH,
  viewportToDocument,
  type CanvasPoint,
  type ViewportPoint,
} from '../core/coordinates.ts';
import { carouselGeometry } from '../core/layout/carousel-geometry.ts';

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

/** Viewport point + scrollY → original canvas, on the page of the row under the point. */
export function toCanvas(state: LayoutState, p: ViewportPoint, scrollY: number): CanvasPoint {
  return viewportXYToCanvas(state, p.x, p.y, scrollY);
}

/**
 * toCanvas with the viewport point as two numbers (x, y in viewport CSS px), for per-sample loops:
 * building a ViewportPoint per gaze sample made the export's loop 3× slower (3 M samples: ~250 vs
 * ~80 ms). Same as designToCanvas(documentToDesign(viewportToDocument(p, scrollY), w), page).
 */
export function viewportXYToCanvas(state: LayoutState, x: number, y: number, scrollY: number): CanvasPoint {
  const s = DESIGN_WIDTH / state.viewport.w;
  const docY = y + scrollY;
  const row = rowAtY(state, docY);
  const page = row === null ? 1 : (state.pages[row - 1] ?? 1);
  return canvasPoint(x * s + DESIGN_WIDTH * (page - 1), docY * s + BROWSER_BAR_PX);
}

/** Viewport point + scrollY → tile/title-normalised point; null on arrows and background. */
export function toTileNorm(state: LayoutState, p: ViewportPoint, scrollY: number): TileNormPoint | null {
  const { x, y: docY } = viewportToDocument(p, scrollY);
  const boxes = stateBoxes(state);
  for (let i = 0; i < boxes.length; i++) {
    const b = boxes[i]!;
    if ((b.kind !== 'tile' && b.kind !== 'title') || state.moving?.[i]) continue;
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
  const g = carouselGeometry(layout, rowCount, DESIGN_WIDTH);
  if (p.kind === 'title' || p.position === undefined) {
    return designToCanvas(designPoint(g.columnLeft(1) + p.u * g.tileWidth, g.titleTop(p.row) + p.v * g.titleHeight), 1);
  }
  const page = Math.floor((p.position - 1) / layout.pageStep) + 1;
  const column = ((p.position - 1) % layout.pageStep) + 1;
  return designToCanvas(designPoint(g.columnLeft(column) + p.u * g.tileWidth, g.tileTop(p.row) + p.v * g.tileHeight), page);
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
  const g = carouselGeometry(layout, rowCount, DESIGN_WIDTH);
  const page = label.page ?? 1;
  if (label.type === 'Genre')
    return designToCanvas(designPoint(g.columnLeft(1) + g.tileWidth / 2, g.titleTop(label.row) + g.titleHeight / 2), page);
  if (label.type === 'Forward' || label.type === 'Backward') {
    const left = label.type === 'Forward' ? g.forwardLeft : g.backwardLeft;
    return designToCanvas(designPoint(left + g.arrowSize / 2, g.arrowTop(label.row) + g.arrowSize / 2), page);
  }
  return null;
}
