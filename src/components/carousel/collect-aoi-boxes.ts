import type { AoiBox, AoiKind } from '../../../core/events.ts';

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * Reads the rendered AOIs (elements with `data-aoi`) of a carousel page. Boxes are relative to the
 * page container's top-left, divided by `scale` (a preview drawn with a CSS transform); for the
 * participant page the container sits at the document origin, so these are document px.
 */
export function collectAoiBoxes(container: HTMLElement, scale = 1): AoiBox[] {
  const origin = container.getBoundingClientRect();
  const boxes: AoiBox[] = [];
  for (const el of container.querySelectorAll<HTMLElement>('[data-aoi]')) {
    const r = el.getBoundingClientRect();
    const d = el.dataset;
    const box: AoiBox = {
      kind: d.aoi as AoiKind,
      row: Number(d.row),
      x: round((r.left - origin.left) / scale),
      y: round((r.top - origin.top) / scale),
      w: round(r.width / scale),
      h: round(r.height / scale),
    };
    if (d.column) box.column = Number(d.column);
    if (d.position) box.position = Number(d.position);
    if (d.movieId) box.movieId = Number(d.movieId);
    boxes.push(box);
  }
  return boxes;
}
