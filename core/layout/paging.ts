import type { LayoutSettings } from '../study-config/schema.ts';

type Paging = Pick<LayoutSettings, 'itemsPerRow' | 'visibleCount' | 'pageStep' | 'wrap'>;

/** First visible item offset (0-based) after a swipe. With wrap it cycles; without it clamps. */
export function nextOffset(offset: number, direction: 'forward' | 'backward', layout: Paging): number {
  const n = layout.itemsPerRow;
  const step = direction === 'forward' ? layout.pageStep : -layout.pageStep;
  if (layout.wrap) return (((offset + step) % n) + n) % n;
  return Math.max(0, Math.min(n - layout.visibleCount, offset + step));
}

/** Whether an arrow does anything (always with wrap; at the ends it does not without it). */
export function canSwipe(offset: number, direction: 'forward' | 'backward', layout: Paging): boolean {
  return nextOffset(offset, direction, layout) !== offset;
}

/** 1-based page of an offset: RecGaze positions 1–5 are page 1, 6–10 page 2, 11–15 page 3. */
export function pageOf(offset: number, layout: Pick<LayoutSettings, 'pageStep'>): number {
  return Math.floor(offset / layout.pageStep) + 1;
}

/** 1-based positions in the row's list shown in visible columns 1..visibleCount. */
export function visiblePositions(offset: number, layout: Paging): number[] {
  const out: number[] = [];
  for (let c = 0; c < layout.visibleCount; c++) {
    const i = offset + c;
    if (layout.wrap) out.push((i % layout.itemsPerRow) + 1);
    else if (i < layout.itemsPerRow) out.push(i + 1);
  }
  return out;
}
