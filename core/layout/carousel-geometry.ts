import { DESIGN_WIDTH } from '../coordinates.ts';
import type { LayoutSettings } from '../study-config/schema.ts';

/**
 * Lengths of the original RecGaze page at 1920 px (SPEC "Interface"): tiles start at x 76 with a
 * 9 px gutter, the first row title's top is 19 px below the viewport top (screen y 106 − 87 px
 * browser bar), titles are 43 px high and 70 px above their tiles, rows repeat every
 * 70 + tileHeight + 76.5 px (339.5 with 193-px tiles), arrows are 21 px squares at x 51 and 9 px
 * right of the last visible tile.
 */
export const DESIGN = {
  left: 76,
  gutter: 9,
  firstTitleTop: 19,
  titleHeight: 43,
  titleFontSize: 32.5,
  titleToTile: 70,
  afterTile: 76.5,
  arrowSize: 21,
  backwardX: 51,
  arrowGap: 9,
  bottomPadding: 101.5,
} as const;

export interface CarouselGeometry {
  scale: number;
  tileWidth: number;
  tileHeight: number;
  rowPitch: number;
  titleHeight: number;
  titleFontSize: number;
  arrowSize: number;
  columnLeft(column: number): number;
  titleTop(row: number): number;
  tileTop(row: number): number;
  arrowTop(row: number): number;
  backwardLeft: number;
  forwardLeft: number;
  pageHeight: number;
}

/** Document-px geometry of a carousel page for a viewport width (rows and columns are 1-based). */
export function carouselGeometry(
  layout: Pick<LayoutSettings, 'tileWidth' | 'tileHeight' | 'visibleCount'>,
  rowCount: number,
  viewportWidth: number,
): CarouselGeometry {
  const s = viewportWidth / DESIGN_WIDTH;
  const tileWidth = layout.tileWidth * s;
  const tileHeight = layout.tileHeight * s;
  const rowPitch = (DESIGN.titleToTile + layout.tileHeight + DESIGN.afterTile) * s;
  const columnLeft = (column: number) => (DESIGN.left + (column - 1) * (layout.tileWidth + DESIGN.gutter)) * s;
  const titleTop = (row: number) => DESIGN.firstTitleTop * s + (row - 1) * rowPitch;
  const tileTop = (row: number) => titleTop(row) + DESIGN.titleToTile * s;
  const arrowSize = DESIGN.arrowSize * s;
  const lastRight = columnLeft(layout.visibleCount) + tileWidth;
  return {
    scale: s,
    tileWidth,
    tileHeight,
    rowPitch,
    titleHeight: DESIGN.titleHeight * s,
    titleFontSize: DESIGN.titleFontSize * s,
    arrowSize,
    columnLeft,
    titleTop,
    tileTop,
    arrowTop: (row: number) => tileTop(row) + (tileHeight - arrowSize) / 2,
    backwardLeft: DESIGN.backwardX * s,
    forwardLeft: lastRight + DESIGN.arrowGap * s,
    pageHeight: tileTop(rowCount) + tileHeight + DESIGN.bottomPadding * s,
  };
}
