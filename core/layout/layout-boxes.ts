// AOI boxes of the carousel page as the app renders it (document px), computed from the shared
// page geometry. Used to build layout events for synthetic data and tests.
import { carouselGeometry } from './carousel-geometry.ts';
import type { AoiBox, LayoutEvent, LayoutReason } from '../events.ts';

export interface PageSpec {
  viewport: { w: number; h: number; dpr?: number };
  /** Row labels top to bottom (title widths are estimated from their length). */
  genres: string[];
  /** Catalogue ids per row in list order. */
  items?: number[][];
  itemsPerRow: number;
  visibleCount: number;
  pageStep: number;
  tileWidth: number;
  tileHeight: number;
}

/** Title text width at the reference width: ~18 px per character of the 32.5-px font (aoi_data.csv). */
const TITLE_PX_PER_CHAR = 18;

export function buildLayoutBoxes(spec: PageSpec, offsets: readonly number[]): AoiBox[] {
  const rowCount = spec.genres.length;
  const g = carouselGeometry(spec, rowCount, spec.viewport.w);
  const boxes: AoiBox[] = [];
  for (let r = 1; r <= rowCount; r++) {
    const label = spec.genres[r - 1] ?? '';
    boxes.push({
      kind: 'title',
      row: r,
      x: g.columnLeft(1),
      y: g.titleTop(r),
      w: Math.max(1, label.length) * TITLE_PX_PER_CHAR * g.scale,
      h: g.titleHeight,
    });
    const offset = offsets[r - 1] ?? 0;
    for (let c = 1; c <= spec.visibleCount; c++) {
      const position = ((offset + c - 1) % spec.itemsPerRow) + 1;
      const box: AoiBox = {
        kind: 'tile',
        row: r,
        column: c,
        position,
        x: g.columnLeft(c),
        y: g.tileTop(r),
        w: g.tileWidth,
        h: g.tileHeight,
      };
      const id = spec.items?.[r - 1]?.[position - 1];
      if (id !== undefined) box.movieId = id;
      boxes.push(box);
    }
    boxes.push({ kind: 'backward', row: r, x: g.backwardLeft, y: g.arrowTop(r), w: g.arrowSize, h: g.arrowSize });
    boxes.push({ kind: 'forward', row: r, x: g.forwardLeft, y: g.arrowTop(r), w: g.arrowSize, h: g.arrowSize });
  }
  return boxes;
}

/** A layout event; pass `boxes` to reuse an unchanged box list (a vertical scroll does not move document-px boxes). */
export function buildLayoutEvent(
  spec: PageSpec,
  t: number,
  reason: LayoutReason,
  scrollY: number,
  offsets: readonly number[],
  boxes?: AoiBox[],
): LayoutEvent {
  return {
    kind: 'layout',
    t,
    reason,
    viewport: { w: spec.viewport.w, h: spec.viewport.h, dpr: spec.viewport.dpr ?? 1 },
    scrollY,
    pages: offsets.map((o) => Math.floor(o / spec.pageStep) + 1),
    offsets: offsets.slice(),
    boxes: boxes ?? buildLayoutBoxes(spec, offsets),
  };
}

/** Page height in document px (for scroll limits). */
export function pageHeight(spec: PageSpec): number {
  return carouselGeometry(spec, spec.genres.length, spec.viewport.w).pageHeight;
}

export const RECGAZE_GENRES = ['Action', 'Animation', 'Comedy', 'Crime', 'Drama', 'Fantasy', 'Horror', 'Romance', 'Sci-Fi', 'Thriller'];

/** The RecGaze page (10 rows × 15 items, 5 visible, 342 × 193 tiles) at a viewport. */
export function recgazePageSpec(viewport: { w: number; h: number }, genres: string[] = RECGAZE_GENRES, items?: number[][]): PageSpec {
  const spec: PageSpec = { viewport, genres, itemsPerRow: 15, visibleCount: 5, pageStep: 5, tileWidth: 342, tileHeight: 193 };
  if (items) spec.items = items;
  return spec;
}
