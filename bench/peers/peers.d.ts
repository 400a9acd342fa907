// The two npm heatmap libraries the analysis-view benchmark compares with (no types of their own).
declare module 'simpleheat' {
  interface SimpleHeat {
    data(points: [number, number, number][]): SimpleHeat;
    max(max: number): SimpleHeat;
    radius(r: number, blur?: number): SimpleHeat;
    draw(minOpacity?: number): SimpleHeat;
  }
  export default function simpleheat(canvas: HTMLCanvasElement): SimpleHeat;
}

declare module 'heatmap.js' {
  interface HeatmapInstance {
    setData(data: { min: number; max: number; data: { x: number; y: number; value: number }[] }): void;
  }
  const h337: {
    create(config: { container: HTMLElement; radius?: number; maxOpacity?: number; blur?: number }): HeatmapInstance;
  };
  export default h337;
}

declare module 'heatmap.js/build/heatmap.js?url' {
  const url: string;
  export default url;
}
