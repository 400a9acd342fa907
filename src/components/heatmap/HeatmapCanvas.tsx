// Owns one canvas and redraws it with renderHeatmap whenever the config changes.
import { useEffect, useRef } from 'react';
import { renderHeatmap, type RenderHeatmapConfig } from './render-heatmap.ts';

export interface HeatmapCanvasProps {
  config: RenderHeatmapConfig;
  label: string;
  canvasRef?: (c: HTMLCanvasElement | null) => void;
  className?: string;
}

export function HeatmapCanvas({ config, label, canvasRef, className }: HeatmapCanvasProps) {
  const ref = useRef<HTMLCanvasElement | null>(null);
  const w = Math.round(config.width * config.scale);
  const h = Math.round(config.height * config.scale);
  useEffect(() => {
    const c = ref.current;
    const ctx = c?.getContext('2d');
    if (ctx) renderHeatmap(ctx, config);
  }, [config]);
  return (
    <canvas
      ref={(c) => {
        ref.current = c;
        canvasRef?.(c);
      }}
      className={className ?? 'heatmap-canvas'}
      width={w}
      height={h}
      role="img"
      aria-label={label}
    />
  );
}
