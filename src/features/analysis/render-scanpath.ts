// Draws a scanpath up to time t on the screen layout in effect at that time: saccade lines and
// fixations as numbered circles sized by duration, the visible viewport outlined.
import { boxesBackground } from '../../../analysis/stimulus-background.ts';
import { renderHeatmap } from '../../components/heatmap/render-heatmap.ts';
import { fixationRadius, fixationsUntil, type Scanpath } from './scanpath.ts';

export interface ScanpathConfig {
  path: Scanpath;
  /** ms from screen start. */
  t: number;
  scale: number;
}

export function renderScanpath(ctx: CanvasRenderingContext2D, { path, t, scale: s }: ScanpathConfig): void {
  const shown = fixationsUntil(path, t);
  const current = shown[shown.length - 1];
  const layout = path.layouts[current?.layout ?? 0] ?? path.layouts[0];
  renderHeatmap(ctx, {
    width: path.width,
    height: path.height,
    scale: s,
    background: layout ? boxesBackground(layout.boxes, path.rowLabels) : [],
    grid: null,
    scaleMax: 0,
  });
  ctx.save();
  if (current && layout) {
    ctx.strokeStyle = 'rgba(255,255,255,0.7)';
    ctx.setLineDash([6, 4]);
    ctx.strokeRect(1, current.scrollY * s, layout.viewport.w * s - 2, layout.viewport.h * s);
    ctx.setLineDash([]);
  }
  ctx.strokeStyle = 'rgba(79,163,255,0.9)';
  ctx.lineWidth = 2;
  ctx.beginPath();
  shown.forEach((f, i) => (i ? ctx.lineTo(f.x * s, f.y * s) : ctx.moveTo(f.x * s, f.y * s)));
  ctx.stroke();
  shown.forEach((f, i) => {
    const r = fixationRadius(f.durationMs, Math.max(0.5, s * 2));
    ctx.beginPath();
    ctx.arc(f.x * s, f.y * s, r, 0, Math.PI * 2);
    ctx.fillStyle = i === shown.length - 1 ? 'rgba(229,9,20,0.75)' : 'rgba(245,197,24,0.55)';
    ctx.fill();
    ctx.strokeStyle = '#fff';
    ctx.lineWidth = 1;
    ctx.stroke();
    ctx.fillStyle = '#fff';
    ctx.font = `bold ${Math.max(9, r * 0.9)}px Arial, sans-serif`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(String(i + 1), f.x * s, f.y * s);
  });
  ctx.restore();
}
