import { describe, expect, it } from 'vitest';
import { buildLayoutTimeline, layoutTimeline, mapPointToAoi } from './aoi-mapping.ts';
import { deriveScreen, resolveDerivation } from './derive-screen.ts';
import { screenColumns } from './screen-columns.ts';
import { buildLayoutEvent, recgazePageSpec } from '../core/layout/layout-boxes.ts';
import { carouselGeometry } from '../core/layout/carousel-geometry.ts';
import type { RecordedEvent } from '../core/events.ts';

// Row 1 swiped forward at 1000 ms; its slide ends at 1500 ms and the layout with the new page's boxes follows.
const spec = recgazePageSpec({ w: 1920, h: 1080 });
const g = carouselGeometry(spec, 10, 1920);
const centre = (row: number, column: number) => ({ x: g.columnLeft(column) + g.tileWidth / 2, y: g.tileTop(row) + g.tileHeight / 2 });
const START = 1000;
const END = 1500;
const after = [5, 0, 0, 0, 0, 0, 0, 0, 0, 0];
const swipe: RecordedEvent = { kind: 'swipe', t: START, row: 1, direction: 'forward', source: 'arrow', page: 2, offset: 5 };
const animated: RecordedEvent[] = [
  buildLayoutEvent(spec, 0, 'load', 0, Array(10).fill(0)),
  swipe,
  { kind: 'swipe-end', t: END, row: 1, page: 2, offset: 5 },
  buildLayoutEvent(spec, END + 2, 'swipe', 0, after),
];

describe('gaze during a slide', () => {
  const timeline = buildLayoutTimeline(animated);
  const at = (t: number, p: { x: number; y: number }) => mapPointToAoi(timeline, p.x, p.y, t);

  it('labels the row’s old movie before the swipe and its new movie after the slide', () => {
    expect(at(START - 1, centre(1, 1)).strict).toMatchObject({ type: 'Movie', row: 1, position: 1 });
    expect(at(END, centre(1, 1)).strict).toMatchObject({ type: 'Movie', row: 1, position: 6, page: 2 });
    expect(at(END + 10, centre(1, 1)).strict).toMatchObject({ type: 'Movie', row: 1, position: 6, page: 2 });
  });

  it('labels no movie of the sliding row while it slides, neither strict nor closest', () => {
    for (const t of [START, 1200, END - 1])
      for (let c = 1; c <= 5; c++) {
        const hit = at(t, centre(1, c));
        expect(hit.strict.type, `t ${t} column ${c}`).toBe('Background');
        expect(hit.closest.type === 'Movie' && hit.closest.row === 1, `t ${t} column ${c} closest`).toBe(false);
      }
  });

  it('still labels what stands still during the slide: the row title, its arrows and the other rows', () => {
    // the row counts as on the page it slides to
    expect(at(1200, { x: g.columnLeft(1) + 5, y: g.titleTop(1) + 5 }).strict).toMatchObject({ type: 'Genre', row: 1, page: 2 });
    expect(at(1200, { x: g.forwardLeft + 5, y: g.arrowTop(1) + 5 }).strict).toMatchObject({ type: 'Forward', row: 1 });
    expect(at(1200, centre(2, 3)).strict).toMatchObject({ type: 'Movie', row: 2, position: 3 });
  });

  it('pages at once in recordings without a swipe-end (made before the slide was animated)', () => {
    const old = buildLayoutTimeline([animated[0]!, swipe, buildLayoutEvent(spec, START + 16, 'swipe', 0, after)]);
    expect(mapPointToAoi(old, centre(1, 1).x, centre(1, 1).y, 1200).strict).toMatchObject({ type: 'Movie', row: 1, position: 6 });
  });

  it('never gives a fixation that straddles the slide the movie that slid into its place', () => {
    const dwell = (t0: number, ms: number, p: { x: number; y: number }): RecordedEvent[] =>
      Array.from({ length: Math.round(ms / 33.3) }, (_, i) => ({ kind: 'gaze', t: t0 + i * 33.3, x: p.x, y: p.y, source: 'mouse' }));
    const p = centre(1, 2);
    const q = centre(3, 4);
    // A on row 1 column 2 from before the swipe into the slide, a look at row 3, B back on row 1
    // column 2 from inside the slide to after its end
    const gaze = [...dwell(700, 500, p), ...dwell(1200, 100, q), ...dwell(1300, 500, p)];
    const events = [...animated, ...gaze].sort((a, b) => a.t - b.t);
    const params = resolveDerivation({
      settings: { algorithm: 'idt', dispersionDeg: 1.5, minDurationMs: 80, velocityDegPerS: 40, aoiRadiusPx: 60 },
    });
    const d = deriveScreen({ columns: screenColumns(events), itemsPerRow: 15 }, params);
    const a = d.fixations.find((f) => f.t < START && f.t + f.durationMs > START);
    const b = d.fixations.find((f) => f.t >= START && f.t < END && f.t + f.durationMs > END && f.x === p.x);
    expect(a?.aoi).toMatchObject({ type: 'Movie', row: 1, position: 2 });
    expect(b, 'a fixation from inside the slide to after it').toBeDefined();
    // the movie that slid into row 1 column 2 is position 7: B gets neither it nor any movie of row 1
    expect(b!.aoi.type).toBe('Background');
    expect(b!.aoiClosest.type === 'Movie' && b!.aoiClosest.row === 1).toBe(false);
    for (const f of d.fixations) expect(f.aoi.position === 7 || f.aoiClosest.position === 7, `fixation at ${f.t} ms`).toBe(false);
  });
});

describe('columns stored before swipe ends were recorded (version 1)', () => {
  it('page their rows at the swipe, as they did', () => {
    const columns = screenColumns([animated[0]!, swipe, buildLayoutEvent(spec, START + 16, 'swipe', 0, after)]);
    const { end: _end, ...v1Swipes } = columns.swipes;
    const timeline = layoutTimeline({ ...columns, swipes: v1Swipes as typeof columns.swipes });
    const p = centre(1, 1);
    expect(mapPointToAoi(timeline, p.x, p.y, 1200).strict).toMatchObject({ type: 'Movie', row: 1, position: 6 });
  });
});
