import { describe, expect, it } from 'vitest';
import type { AoiBox, LayoutEvent, RecordedEvent } from '../core/events.ts';
import { decodeScreen, encodeScreenJson, type EncodedScreen } from './raw-events.ts';

const fail = (problem: string): never => {
  throw new Error(problem);
};

function rowBoxes(row: number, firstMovie: number): AoiBox[] {
  const boxes: AoiBox[] = [{ kind: 'title', row, x: 76, y: 19 + row * 300, w: 108, h: 43 }];
  for (let c = 1; c <= 5; c++)
    boxes.push({
      kind: 'tile',
      row,
      column: c,
      position: c,
      x: 76 + (c - 1) * 351,
      y: 89 + row * 300,
      w: 342,
      h: 193,
      movieId: firstMovie + c,
    });
  return boxes;
}

function layout(t: number, boxes: AoiBox[], scrollY = 0): LayoutEvent {
  return {
    kind: 'layout',
    t,
    reason: 'swipe',
    viewport: { w: 1920, h: 969, dpr: 1 },
    scrollY,
    pages: [1, 1],
    offsets: [0, 0],
    boxes,
  } as LayoutEvent;
}

describe('raw events encoding', () => {
  const first = [...rowBoxes(1, 100), ...rowBoxes(2, 200)];
  // Row 2's tiles all re-labelled: 5 of 12 boxes differ, over a quarter, so a full list.
  const swipedAll = [...rowBoxes(1, 100), ...rowBoxes(2, 205)];
  // One tile changes: a patch of the latest list.
  const oneTile = swipedAll.map((b, i) => (i === 7 ? { ...b, movieId: 999 } : b));
  const events: RecordedEvent[] = [
    layout(0, first),
    { kind: 'gaze', t: 10, x: 5, y: 6, source: 'webgazer' },
    { kind: 'gaze', t: 43, x: null, y: null, source: 'webgazer', lost: 'no-face' },
    layout(
      50,
      first.map((b) => ({ ...b })),
      120,
    ),
    { kind: 'swipe', t: 52, row: 2, direction: 'forward', source: 'arrow', page: 2, offset: 5 },
    { kind: 'swipe-end', t: 58, row: 2, page: 2, offset: 5 },
    layout(60, swipedAll),
    layout(70, oneTile),
    layout(
      80,
      oneTile.map((b) => ({ ...b })),
      0,
    ),
    { kind: 'click', t: 90, x: 1, y: 2 } as RecordedEvent,
  ];

  it('stores repeated lists as references and small changes as patches, and decodes the exact events', () => {
    const json = encodeScreenJson(4, events);
    const enc = JSON.parse(json) as EncodedScreen;
    const boxes = enc.events.filter((e) => (e as { kind: string }).kind === 'layout').map((e) => (e as { boxes: unknown }).boxes);
    expect(Array.isArray(boxes[0])).toBe(true);
    expect(boxes[1]).toEqual({ $ref: 0 });
    expect(Array.isArray(boxes[2])).toBe(true);
    expect(boxes[3]).toEqual({ $ref: 1, patch: [[7, oneTile[7]]] });
    expect(boxes[4]).toEqual({ $ref: 2 });
    const decoded = decodeScreen(enc, fail);
    expect(JSON.stringify(decoded)).toBe(JSON.stringify(events));
    expect(encodeScreenJson(4, decoded)).toBe(json);
  });

  it('keeps every bit of gaze times and coordinates (times are differences of performance.now() values)', () => {
    const exact: RecordedEvent[] = [
      { kind: 'gaze', t: 582.3000000007451, x: 247.12345678901, y: 1e-7, source: 'webgazer' },
      { kind: 'gaze', t: 615.7, x: 3.125, y: -0.1, source: 'webgazer' },
      { kind: 'gaze', t: 1234567.891, x: 0.30000000000000004, y: 185, source: 'webgazer' },
    ];
    const encoded = JSON.parse(encodeScreenJson(3, exact)) as EncodedScreen;
    expect(decodeScreen(encoded, fail)).toEqual(exact);
  });

  it('reads version-2 lines (references, no patches)', () => {
    const v2: EncodedScreen = {
      taskId: 1,
      order: [-3],
      gaze: { source: 'mouse', t: [], x: [], y: [], lost: {} },
      events: [layout(0, first), layout(5, { $ref: 0 } as unknown as AoiBox[]), { kind: 'click', t: 9, x: 1, y: 1 }],
    };
    const out = decodeScreen(v2, fail) as LayoutEvent[];
    expect(out[1]!.boxes).toEqual(first);
  });

  it('names a malformed patch', () => {
    const enc = JSON.parse(encodeScreenJson(4, events)) as EncodedScreen;
    const bad = enc.events.map((e) => {
      const b = (e as { boxes?: { patch?: unknown } }).boxes;
      return b && !Array.isArray(b) && b.patch ? { ...(e as object), boxes: { $ref: 1, patch: [[40, {}]] } } : e;
    });
    expect(() => decodeScreen({ ...enc, events: bad }, fail)).toThrow(/boxes\.patch holds \[40,\{\}\], expected \[index below 12, box\]/);
  });
});
