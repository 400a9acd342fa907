// What the real carousel page needs to draw one analysed screen under its heatmap: the screen's
// rows as a ScreenDef, layout settings recovered from the recorded AOI boxes, and the catalogue.
import type { AnalysisScreen, AnalysisSession } from '../../../analysis/dataset.ts';
import type { AoiBox } from '../../../core/events.ts';
import { designTileSize } from '../../../core/layout/carousel-geometry.ts';
import type { Catalogue, LayoutSettings, ScreenDef } from '../../../core/study-config/schema.ts';

export const BUILTIN_CATALOGUE: Catalogue = { kind: 'builtin', id: 'recgaze' };

export interface PosterPage {
  screen: ScreenDef;
  layout: LayoutSettings;
  viewportWidth: number;
  catalogue: Catalogue;
}

/** null when the screen has no rows or no recorded tile box (e.g. original RecGaze imports). */
export function posterPageOf(
  session: AnalysisSession,
  screen: AnalysisScreen,
  boxes: readonly AoiBox[],
  viewportWidth: number,
  catalogue: Catalogue = BUILTIN_CATALOGUE,
): PosterPage | null {
  const tile = boxes.find((b) => b.kind === 'tile');
  const rows = screen.rows;
  if (!tile || !rows || !rows.genres.length || !(viewportWidth > 0)) return null;
  const size = designTileSize(tile, viewportWidth);
  return {
    screen: { taskId: screen.taskId, task: screen.task, rows: rows.genres.map((label, r) => ({ label, items: rows.items[r] ?? [] })) },
    layout: {
      itemsPerRow: session.layout.itemsPerRow,
      visibleCount: session.layout.visibleCount,
      pageStep: session.layout.pageStep,
      wrap: true,
      tileWidth: Math.round(size.tileWidth * 100) / 100,
      tileHeight: Math.round(size.tileHeight * 100) / 100,
      hoverMode: 'none',
      dragSwipe: false,
    },
    viewportWidth,
    catalogue,
  };
}
