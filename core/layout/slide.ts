import type { LayoutSettings } from '../study-config/schema.ts';

type Paging = Pick<LayoutSettings, 'itemsPerRow' | 'visibleCount' | 'wrap'>;

/** The original's paging animation (slick's default speed and CSS easing). */
export const SLIDE_MS = 500;
export const SLIDE_EASING = 'ease';

/**
 * What a row shows while it slides from `from` to `to` (first-visible offsets): a strip of items
 * (0-based indices into the row's list) laid side by side, moved from `startShift` to `endShift`
 * tiles to the left. Forward, the strip starts with the page being left; backward, with the page
 * arriving, as slick's track does (wrapping through the row's ends).
 */
export interface SlideStrip {
  items: number[];
  startShift: number;
  endShift: number;
}

export function slideStrip(from: number, to: number, direction: 'forward' | 'backward', layout: Paging): SlideStrip {
  const n = layout.itemsPerRow;
  const moved = direction === 'forward' ? to - from : from - to;
  const delta = layout.wrap ? ((moved % n) + n) % n : Math.abs(moved);
  const start = direction === 'forward' ? from : to;
  const items: number[] = [];
  for (let k = 0; k < delta + layout.visibleCount; k++) {
    const i = start + k;
    if (layout.wrap) items.push(i % n);
    else if (i < n) items.push(i);
  }
  return direction === 'forward' ? { items, startShift: 0, endShift: delta } : { items, startShift: delta, endShift: 0 };
}
