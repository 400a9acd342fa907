// The coordinate spaces a point on the carousel page passes through (ARCHITECTURE.md, "Coordinate
// spaces"). Each point type carries its space as a brand, so handing a viewport point to code that
// expects a point on the stimulus canvas is a type error; the functions below are the only ways
// from one space to the next.

declare const space: unique symbol;

/** A point in the space S (the brand exists only for the type checker). */
export type PointIn<S extends string> = { readonly x: number; readonly y: number; readonly [space]: S };

/** CSS px from the top-left of the viewport: clientX/Y, WebGazer's x/y; gaze, cursor and click events. */
export type ViewportPoint = PointIn<'viewport'>;
/** Viewport + scrollY: where the AOI boxes of layout events are (a vertical scroll does not move them). */
export type DocumentPoint = PointIn<'document'>;
/** Document px scaled to the 1920-px design width the whole layout is specified in. */
export type DesignPoint = PointIn<'design'>;
/** The original study's 3-page stimulus canvas (5760 × 3526): heatmaps, exported Fixation_LocX/Y, aoi_data.csv. */
export type CanvasPoint = PointIn<'canvas'>;

/** Width of the original study's page; every design length is in px at this width. */
export const DESIGN_WIDTH = 1920;
/** The lab screen's browser bar: aoi_data.csv and the published heatmaps measure y from the screen top. */
export const BROWSER_BAR_PX = 87;
/** The canvas holds the 3 horizontal pages of the carousels side by side. */
export const CANVAS_WIDTH = 3 * DESIGN_WIDTH;
export const CANVAS_HEIGHT = 3526;

export const viewportPoint = (x: number, y: number): ViewportPoint => ({ x, y }) as ViewportPoint;
export const documentPoint = (x: number, y: number): DocumentPoint => ({ x, y }) as DocumentPoint;
export const designPoint = (x: number, y: number): DesignPoint => ({ x, y }) as DesignPoint;
export const canvasPoint = (x: number, y: number): CanvasPoint => ({ x, y }) as CanvasPoint;

export function viewportToDocument(p: ViewportPoint, scrollY: number): DocumentPoint {
  return documentPoint(p.x, p.y + scrollY);
}

/** Scales by DESIGN_WIDTH / viewportWidth: the page's lengths all scale with the viewport width. */
export function documentToDesign(p: DocumentPoint, viewportWidth: number): DesignPoint {
  const s = DESIGN_WIDTH / viewportWidth;
  return designPoint(p.x * s, p.y * s);
}

/** Places a design point of the row page `page` (1-based) on the canvas, below the browser bar. */
export function designToCanvas(p: DesignPoint, page: number): CanvasPoint {
  return canvasPoint(p.x + DESIGN_WIDTH * (page - 1), p.y + BROWSER_BAR_PX);
}
