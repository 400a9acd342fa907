import { describe, expect, it } from 'vitest';
import { buildLayoutBoxes, recgazePageSpec } from '../../../core/layout/layout-boxes.ts';
import { generateSyntheticDataset } from '../../../analysis/synthetic.ts';
import { posterPageOf } from './poster-page.ts';

const session = generateSyntheticDataset({ participants: 1, screens: 2, secondsPerScreen: 3, seed: 3 }).dataset.sessions[0]!;
const screen = session.screens[1]!;

describe('posterPageOf()', () => {
  it('returns the RecGaze tile size at 1920 px from boxes recorded at another width, and the screen rows', () => {
    const boxes = buildLayoutBoxes(recgazePageSpec({ w: 1366, h: 657 }), new Array(10).fill(0));
    const page = posterPageOf(session, screen, boxes, 1366)!;
    expect(page.layout).toMatchObject({ tileWidth: 342, tileHeight: 193, itemsPerRow: 15, visibleCount: 5, pageStep: 5 });
    expect(page.screen.rows.map((r) => r.label)).toEqual(screen.rows!.genres);
    expect(page.screen.rows[0]!.items).toEqual(screen.rows!.items[0]);
    expect(page.catalogue).toEqual({ kind: 'builtin', id: 'recgaze' });
  });

  it('returns null without tile boxes or rows', () => {
    expect(posterPageOf(session, screen, [], 1920)).toBeNull();
    const { rows: _rows, ...noRows } = screen;
    expect(posterPageOf(session, noRows, buildLayoutBoxes(recgazePageSpec({ w: 1920, h: 969 }), []), 1920)).toBeNull();
  });
});
