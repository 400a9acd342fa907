import { describe, expect, it } from 'vitest';
import {
  BROWSER_BAR_PX,
  CANVAS_WIDTH,
  designToCanvas,
  documentToDesign,
  viewportPoint,
  viewportToDocument,
  type CanvasPoint,
  type DesignPoint,
  type DocumentPoint,
  type ViewportPoint,
} from './coordinates.ts';

describe('coordinate spaces', () => {
  it('take a viewport point through document and design space onto the canvas', () => {
    const doc = viewportToDocument(viewportPoint(640, 100), 250);
    expect(doc).toEqual({ x: 640, y: 350 });
    const design = documentToDesign(doc, 1280);
    expect(design).toEqual({ x: 960, y: 525 });
    expect(designToCanvas(design, 3)).toEqual({ x: 960 + 2 * 1920, y: 525 + BROWSER_BAR_PX });
    expect(designToCanvas(design, 3).x).toBeLessThan(CANVAS_WIDTH);
  });

  // Checked by `npm run typecheck` (tsc includes test files): each line below must be a type error,
  // or tsc reports the unused @ts-expect-error.
  it('are distinct types: mixing them does not compile', () => {
    const v: ViewportPoint = viewportPoint(1, 2);
    const d: DocumentPoint = viewportToDocument(v, 0);
    const g: DesignPoint = documentToDesign(d, 1920);
    const c: CanvasPoint = designToCanvas(g, 1);

    // @ts-expect-error a viewport point is not a document point (the scroll offset is missing)
    documentToDesign(v, 1920);
    // @ts-expect-error a document point is not a design point (not scaled to the design width)
    designToCanvas(d, 1);
    // @ts-expect-error a canvas point is not a viewport point
    viewportToDocument(c, 0);
    // @ts-expect-error a plain object has no space
    const plain: ViewportPoint = { x: 1, y: 2 };
    // @ts-expect-error points of different spaces are not assignable to each other
    const mixed: CanvasPoint = g;

    expect([plain, mixed]).toHaveLength(2);
  });
});
