// A plain drawing of the original 3-page canvas (dark page, tile and title boxes of the 1920-px
// layout) under a heatmap, so a PNG can be read without the stimulus images.
import { carouselGeometry } from '../core/layout/carousel-geometry.ts';
import type { RgbaImage } from './heatmap.ts';
import { RECGAZE_REFERENCE_LAYOUT } from './stimulus-space.ts';
import { BROWSER_BAR_PX } from '../core/coordinates.ts';

function fillRect(img: RgbaImage, cellPx: number, x: number, y: number, w: number, h: number, rgb: [number, number, number]): void {
  const x0 = Math.max(0, Math.floor(x / cellPx));
  const x1 = Math.min(img.width, Math.ceil((x + w) / cellPx));
  const y0 = Math.max(0, Math.floor(y / cellPx));
  const y1 = Math.min(img.height, Math.ceil((y + h) / cellPx));
  for (let j = y0; j < y1; j++) {
    for (let i = x0; i < x1; i++) {
      const o = (j * img.width + i) * 4;
      img.data[o] = rgb[0];
      img.data[o + 1] = rgb[1];
      img.data[o + 2] = rgb[2];
      img.data[o + 3] = 255;
    }
  }
}

/** Opaque backdrop of `pages` × rows × visible tiles at one pixel per heatmap cell. */
export function stimulusBackdrop(width: number, height: number, cellPx: number, rowCount = 10, pages = 3): RgbaImage {
  const img: RgbaImage = { width, height, data: new Uint8ClampedArray(width * height * 4) };
  fillRect(img, 1, 0, 0, width, height, [20, 20, 20]);
  const layout = RECGAZE_REFERENCE_LAYOUT;
  const g = carouselGeometry(layout, rowCount, 1920);
  for (let p = 0; p < pages; p++) {
    for (let r = 1; r <= rowCount; r++) {
      fillRect(img, cellPx, 1920 * p + g.columnLeft(1), g.titleTop(r) + BROWSER_BAR_PX, 150, g.titleHeight, [45, 45, 45]);
      for (let c = 1; c <= layout.visibleCount; c++)
        fillRect(img, cellPx, 1920 * p + g.columnLeft(c), g.tileTop(r) + BROWSER_BAR_PX, g.tileWidth, g.tileHeight, [55, 55, 55]);
    }
  }
  return img;
}

/** Alpha-composites `top` over an opaque `base` of the same size (returns a new image). */
export function composite(base: RgbaImage, top: RgbaImage): RgbaImage {
  if (base.width !== top.width || base.height !== top.height)
    throw new Error(`composite: sizes differ (${base.width}×${base.height} vs ${top.width}×${top.height})`);
  const out = new Uint8ClampedArray(base.data.length);
  for (let i = 0; i < out.length; i += 4) {
    const a = top.data[i + 3]! / 255;
    out[i] = base.data[i]! * (1 - a) + top.data[i]! * a;
    out[i + 1] = base.data[i + 1]! * (1 - a) + top.data[i + 1]! * a;
    out[i + 2] = base.data[i + 2]! * (1 - a) + top.data[i + 2]! * a;
    out[i + 3] = 255;
  }
  return { width: base.width, height: base.height, data: out };
}
