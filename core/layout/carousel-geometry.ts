import { DESIGN_WIDTH } from '../coordinates.ts';
import type { AoiBox, Box } from '../events.ts';
import type { LayoutSettings } from '../study-config/schema.ts';

/**
 * Lengths of the original RecGaze page at 1920 px (SPEC "Interface", aoi_data.csv): tiles start at
 * x 76 and repeat every tileWidth + 9 px, the first row title's top is 19 px below the viewport top (screen
 * y 106 − 87 px browser bar), titles are 43 px high and 70 px above their tiles, rows repeat every
 * 339.5 px with 193-px tiles, the slider (whose edges place the arrows) ends at x 1826.
 *
 * The original's CSS (content-row.css, slick-theme.css) decides what scales with the window and what
 * stays in px, and this geometry follows it at every width:
 * - scales (vw and %): the 4 % side padding, the slide pitch (a fifth of the slider), the row title
 *   (1.6vw font, 1vw margins), the 3vw row margins, the details panel's max height (18vw × 0.57);
 * - fixed px: the gutter of each slide (`.content { margin-right: 10px }`; aoi_data.csv, whose boxes
 *   the lab rounded outward, has 342-px tiles 9 px apart at 1920, and so do we: a tile is pitch − 9 px
 *   wide, and its height follows from its width, as an image's does), the 20 px arrows 25 px outside
 *   the slider's edges, and ~5.3 px per row from the slider's line box (fitted to the row pitch
 *   measured beside the original: 339.5 px at 1920, 241.6 px at 1366);
 * - the details panel's text: 12 px, its title 18 px, 5 px padding (see carousel.css).
 */
export const DESIGN = {
  left: 76,
  /** The gutter at 1920 px as the study's tile width is counted (pitch = tileWidth + 9). */
  gutter: 9,
  firstTitleTop: 19,
  titleHeight: 43,
  titleFontSize: 32.5,
  titleToTile: 70,
  /** Right edge of the slider (4 % padding + 92 % of the width) at 1920 px. */
  sliderRight: 1826,
  bottomPadding: 101.5,
} as const;

/** Lengths the original keeps in CSS px at every window width. */
export const FIXED_PX = {
  /** `.content { margin-right: 10px }`, as aoi_data.csv has it at 1920 (9 px between 342-px boxes) */
  gutter: 9,
  /** slick-theme `.slick-prev, .slick-next { width: 20px; height: 20px }` */
  arrowSize: 20,
  /** `.slick-prev { left: -25px }`, `.slick-next { right: -25px }` */
  arrowOutside: 25,
  /** Per row, below the tile: the slider's line box (fitted, see above). */
  rowExtra: 5.27,
  /** `.details { font-size: 12px; padding: 5px }`, `.details h1 { font-size: 18px }`, `.details div { margin-top: 5px }` */
  detailsFontSize: 12,
  detailsTitleFontSize: 18,
  detailsPadding: 5,
  detailsGap: 5,
} as const;

/** `.details { max-height: calc(18vw * 0.57) }` at 1920 px. */
const DETAILS_MAX_HEIGHT = 0.18 * 0.57 * DESIGN_WIDTH;

export interface CarouselGeometry {
  scale: number;
  tileWidth: number;
  tileHeight: number;
  /** Distance from one tile's left edge to the next's. */
  pitch: number;
  rowPitch: number;
  titleHeight: number;
  titleFontSize: number;
  arrowSize: number;
  detailsMaxHeight: number;
  columnLeft(column: number): number;
  titleTop(row: number): number;
  tileTop(row: number): number;
  arrowTop(row: number): number;
  /** Right edge of the slider: a sliding row's tiles are clipped from columnLeft(1) to here. */
  sliderRight: number;
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
  const pitch = (layout.tileWidth + DESIGN.gutter) * s;
  const tileWidth = Math.max(1, pitch - FIXED_PX.gutter);
  const tileHeight = (tileWidth * layout.tileHeight) / layout.tileWidth;
  // the rows' vertical rhythm at 1920 px stays the original's (70 + tileHeight + 76.5)
  const afterTileScaled = 76.5 - FIXED_PX.rowExtra;
  const rowPitch = (DESIGN.titleToTile + afterTileScaled) * s + tileHeight + FIXED_PX.rowExtra;
  const columnLeft = (column: number) => DESIGN.left * s + (column - 1) * pitch;
  const titleTop = (row: number) => DESIGN.firstTitleTop * s + (row - 1) * rowPitch;
  const tileTop = (row: number) => titleTop(row) + DESIGN.titleToTile * s;
  const arrowSize = FIXED_PX.arrowSize;
  // the slider is as wide as the visible tiles' pitches (less the original's rounding at 5 × 342)
  const sliderRight = DESIGN.left * s + layout.visibleCount * pitch - (DESIGN.left + 5 * 351 - DESIGN.sliderRight) * s;
  return {
    scale: s,
    tileWidth,
    tileHeight,
    pitch,
    rowPitch,
    titleHeight: DESIGN.titleHeight * s,
    titleFontSize: DESIGN.titleFontSize * s,
    arrowSize,
    detailsMaxHeight: DETAILS_MAX_HEIGHT * s,
    columnLeft,
    titleTop,
    tileTop,
    arrowTop: (row: number) => tileTop(row) + (tileHeight - arrowSize) / 2,
    sliderRight,
    backwardLeft: DESIGN.left * s - FIXED_PX.arrowOutside,
    forwardLeft: sliderRight + FIXED_PX.arrowOutside - arrowSize,
    pageHeight: tileTop(rowCount) + tileHeight + DESIGN.bottomPadding * s,
  };
}

/** The study's tile size (at 1920 px) of a tile box recorded at a viewport width (the inverse of the rule above). */
export function designTileSize(box: { w: number; h: number }, viewportWidth: number): { tileWidth: number; tileHeight: number } {
  const s = viewportWidth / DESIGN_WIDTH;
  const tileWidth = (box.w + FIXED_PX.gutter) / s - DESIGN.gutter;
  return { tileWidth, tileHeight: (box.h / box.w) * tileWidth };
}

/**
 * A box recorded at a viewport width as it would be at 1920 px (the original's canvas, aoi_data.csv):
 * the inverse of the rules above, so a page recorded at any width gives the same canvas boxes.
 * Titles scale; a tile's pitch scales and its gutter is fixed; arrows keep their 20 px and their
 * 25 px outside the slider's edges, centred on the tiles.
 */
export function designBox(b: AoiBox, viewportWidth: number): Box {
  const k = DESIGN_WIDTH / viewportWidth;
  const out = FIXED_PX.arrowOutside;
  if (b.kind === 'tile') {
    const w = (b.w + FIXED_PX.gutter) * k - DESIGN.gutter;
    return { x: b.x * k, y: b.y * k, w, h: (b.h / b.w) * w };
  }
  if (b.kind === 'backward' || b.kind === 'forward') {
    const x = b.kind === 'backward' ? (b.x + out) * k - out : (b.x + b.w - out) * k + out - b.w;
    return { x, y: (b.y + b.h / 2) * k - b.h / 2, w: b.w, h: b.h };
  }
  return { x: b.x * k, y: b.y * k, w: b.w * k, h: b.h * k };
}
