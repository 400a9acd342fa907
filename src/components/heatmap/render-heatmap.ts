// Draws a computed heatmap grid over the schematic stimulus background (analysis/stimulus-background.ts,
// the same rectangles and colours as the CLI's PNGs, plus labels). React only owns the canvas.
import { HEAT_PALETTE, renderHeatmapRgba, type HeatmapGrid } from '../../../analysis/heatmap.ts';
import { BACKGROUND_COLOURS, rgb, type BackgroundRect } from '../../../analysis/stimulus-background.ts';

export interface RenderHeatmapConfig {
  /** Scene size (px of the stimulus space) to draw. */
  width: number;
  height: number;
  /** Canvas px per scene px. */
  scale: number;
  background: readonly BackgroundRect[];
  /** null draws the background only. */
  grid: HeatmapGrid | null;
  /** Density shown at full colour (shared across compared panels). */
  scaleMax: number;
  palette?: Uint8ClampedArray;
  /** Draw the background at all (false when real posters lie under a transparent canvas). */
  drawBackground?: boolean;
}

const COLORS = {
  page: rgb(BACKGROUND_COLOURS.page),
  pageEdge: 'rgba(255,255,255,0.35)',
  title: rgb(BACKGROUND_COLOURS.title),
  tile: rgb(BACKGROUND_COLOURS.tile),
  tileEdge: 'rgba(255,255,255,0.25)',
  text: 'rgba(255,255,255,0.8)',
  arrow: rgb(BACKGROUND_COLOURS.arrow),
};

function drawBackground(ctx: CanvasRenderingContext2D, rects: readonly BackgroundRect[], s: number): void {
  for (const r of rects) {
    const x = r.x * s;
    const y = r.y * s;
    const w = r.w * s;
    const h = r.h * s;
    if (r.kind === 'page') {
      ctx.strokeStyle = COLORS.pageEdge;
      ctx.lineWidth = 1;
      ctx.strokeRect(x + 0.5, y + 0.5, w - 1, h - 1);
      if (r.label) {
        ctx.fillStyle = COLORS.text;
        ctx.font = `${Math.max(9, 40 * s)}px Arial, sans-serif`;
        ctx.textBaseline = 'top';
        ctx.fillText(r.label, x + w - 200 * s, y + 20 * s);
      }
    } else if (r.kind === 'tile' || r.kind === 'arrow') {
      ctx.fillStyle = r.kind === 'tile' ? COLORS.tile : COLORS.arrow;
      ctx.fillRect(x, y, w, h);
      ctx.strokeStyle = COLORS.tileEdge;
      ctx.strokeRect(x + 0.5, y + 0.5, Math.max(0, w - 1), Math.max(0, h - 1));
      if (r.label && h > 10) {
        ctx.fillStyle = COLORS.text;
        ctx.font = `${Math.max(8, Math.min(h * 0.3, 48 * s))}px Arial, sans-serif`;
        ctx.textBaseline = 'middle';
        ctx.textAlign = 'center';
        ctx.fillText(r.label, x + w / 2, y + h / 2);
        ctx.textAlign = 'left';
      }
    } else {
      ctx.fillStyle = COLORS.title;
      ctx.fillRect(x, y, w, h);
      if (!r.label) continue;
      ctx.fillStyle = COLORS.text;
      ctx.font = `bold ${Math.max(8, h * 0.75)}px Arial, sans-serif`;
      ctx.textBaseline = 'middle';
      ctx.fillText(r.label, x, y + h / 2);
    }
  }
}

/** The grid as an image one pixel per cell (OffscreenCanvas in workers and modern browsers). */
function gridImage(grid: HeatmapGrid, scaleMax: number, palette: Uint8ClampedArray): OffscreenCanvas | HTMLCanvasElement {
  const img = renderHeatmapRgba(grid, scaleMax, palette);
  const canvas =
    typeof OffscreenCanvas !== 'undefined'
      ? new OffscreenCanvas(img.width, img.height)
      : Object.assign(document.createElement('canvas'), { width: img.width, height: img.height });
  const c = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D | null;
  if (!c) throw new Error('2-D canvas context unavailable');
  c.putImageData(new ImageData(new Uint8ClampedArray(img.data), img.width, img.height), 0, 0);
  return canvas;
}

export function renderHeatmap(ctx: CanvasRenderingContext2D, config: RenderHeatmapConfig): void {
  const s = config.scale;
  ctx.save();
  ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  if (config.drawBackground !== false) {
    ctx.fillStyle = COLORS.page;
    ctx.fillRect(0, 0, config.width * s, config.height * s);
    drawBackground(ctx, config.background, s);
  }
  const g = config.grid;
  if (g && g.max > 0 && config.scaleMax > 0) {
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(gridImage(g, config.scaleMax, config.palette ?? HEAT_PALETTE), 0, 0, g.cols * g.cellPx * s, g.rows * g.cellPx * s);
  }
  ctx.restore();
}

/** Colour-scale legend: the palette from 0 to scaleMax, left to right. */
export function renderLegend(
  ctx: CanvasRenderingContext2D,
  width: number,
  height: number,
  palette: Uint8ClampedArray = HEAT_PALETTE,
): void {
  const img = new ImageData(256, 1);
  for (let i = 0; i < 256; i++) {
    img.data[i * 4] = palette[i * 4]!;
    img.data[i * 4 + 1] = palette[i * 4 + 1]!;
    img.data[i * 4 + 2] = palette[i * 4 + 2]!;
    img.data[i * 4 + 3] = Math.max(palette[i * 4 + 3]!, 60);
  }
  const c = new OffscreenCanvas(256, 1);
  c.getContext('2d')!.putImageData(img, 0, 0);
  ctx.clearRect(0, 0, width, height);
  ctx.drawImage(c, 0, 0, width, height);
}
