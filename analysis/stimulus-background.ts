// The one schematic stimulus background of the app's heatmaps (the analysis view's canvases and the
// CLI's PNGs): the original 3-page canvas (5760 × 3526, three horizontal pages of the 1920-px
// layout) or one recorded screen's AOI boxes, as rectangles with one colour per kind. Pure.
import { BROWSER_BAR_PX, CANVAS_WIDTH, DESIGN_WIDTH } from '../core/coordinates.ts';
import type { AoiBox } from '../core/events.ts';
import { carouselGeometry } from '../core/layout/carousel-geometry.ts';
import { RECGAZE_REFERENCE_LAYOUT } from './stimulus-space.ts';

/** Fill colours (RGB) of the page and each kind of rectangle, shared by every renderer. */
export const BACKGROUND_COLOURS = {
  page: [20, 20, 20],
  title: [38, 38, 38],
  tile: [52, 52, 52],
  arrow: [90, 90, 90],
} as const satisfies Record<BackgroundRect['kind'], readonly [number, number, number]>;

export const rgb = (c: readonly [number, number, number]): string => `rgb(${c[0]},${c[1]},${c[2]})`;

export interface BackgroundRect {
  kind: 'tile' | 'title' | 'arrow' | 'page';
  x: number;
  y: number;
  w: number;
  h: number;
  label?: string;
}

/** Row titles and tile rectangles of the RecGaze layout on each of the 3 pages of the canvas. */
export function canvasBackground(rowCount = 10, rowLabels?: readonly string[]): BackgroundRect[] {
  const layout = RECGAZE_REFERENCE_LAYOUT;
  const g = carouselGeometry(layout, rowCount, DESIGN_WIDTH);
  const pages = Math.round(CANVAS_WIDTH / DESIGN_WIDTH);
  const out: BackgroundRect[] = [];
  for (let p = 0; p < pages; p++) {
    const x0 = p * DESIGN_WIDTH;
    out.push({ kind: 'page', x: x0, y: 0, w: DESIGN_WIDTH, h: g.pageHeight + BROWSER_BAR_PX, label: `page ${p + 1}` });
    for (let r = 1; r <= rowCount; r++) {
      out.push({
        kind: 'title',
        x: x0 + g.columnLeft(1),
        y: g.titleTop(r) + BROWSER_BAR_PX,
        w: g.tileWidth,
        h: g.titleHeight,
        label: rowLabels?.[r - 1] ?? `Row ${r}`,
      });
      for (let c = 1; c <= layout.visibleCount; c++) {
        out.push({
          kind: 'tile',
          x: x0 + g.columnLeft(c),
          y: g.tileTop(r) + BROWSER_BAR_PX,
          w: g.tileWidth,
          h: g.tileHeight,
          label: String(p * layout.pageStep + c),
        });
      }
    }
  }
  return out;
}

/** A recorded screen's AOI boxes (document px) as background rectangles. */
export function boxesBackground(boxes: readonly AoiBox[], rowLabels?: readonly string[]): BackgroundRect[] {
  return boxes.map((b) => {
    if (b.kind === 'title') return { kind: 'title', x: b.x, y: b.y, w: b.w, h: b.h, label: rowLabels?.[b.row - 1] ?? `Row ${b.row}` };
    if (b.kind === 'tile')
      return { kind: 'tile', x: b.x, y: b.y, w: b.w, h: b.h, label: b.position !== undefined ? String(b.position) : '' };
    return { kind: 'arrow', x: b.x, y: b.y, w: b.w, h: b.h, label: b.kind === 'forward' ? '›' : '‹' };
  });
}
