import { describe, expect, it } from 'vitest';
import { DEFAULT_SETUP } from '../gaze-model.ts';
import { DEFAULT_LOOK, DEFAULT_STATE, type CameraConfig } from '../protocol.ts';
import { prng } from './face-renderer.ts';
import { ParticipantEngine, type PageView } from './participant-engine.ts';

const config = (state: Partial<CameraConfig['state']> = {}): CameraConfig => ({
  photoBase64: '',
  face: { width: 1, height: 1, eyes: [] as unknown as CameraConfig['face']['eyes'] },
  framing: { width: 640, height: 480, zoom: 1, eyesAt: { x: 320, y: 190 } },
  setup: DEFAULT_SETUP,
  look: DEFAULT_LOOK,
  fps: 30,
  seed: 1,
  dotSelector: '.gaze-dot',
  state: { ...DEFAULT_STATE, tremorDeg: 0, ...state },
});

const view = (over: Partial<PageView> = {}): PageView => ({
  dot: null,
  target: { x: 100, y: 100 },
  targetLabel: 'point',
  scan: [],
  width: 1920,
  height: 945,
  ...over,
});

describe('ParticipantEngine.frame()', () => {
  it('looks at a dot on screen before the scanpath and the target', () => {
    const e = new ParticipantEngine(config(), prng(1), 0);
    e.setView(view({ dot: { p: { x: 960, y: 470 }, label: 'Calibration point 1 of 9' }, scan: [{ x: 5, y: 5 }] }));
    e.startScan(1, [{ dwellMs: 1000, label: 'tile' }], 0);
    expect(e.frame(10)).toMatchObject({ x: 960, y: 470, label: 'Calibration point 1 of 9' });
    e.setView(view({ scan: [{ x: 5, y: 5 }] }));
    expect(e.frame(20)).toMatchObject({ x: 5, y: 5, label: 'tile' });
  });

  it('walks the scanpath by its dwell times, reports its end, then returns to the target', () => {
    const e = new ParticipantEngine(config(), prng(1), 0);
    e.setView(
      view({
        scan: [
          { x: 1, y: 1 },
          { x: 2, y: 2 },
        ],
      }),
    );
    e.startScan(
      7,
      [
        { dwellMs: 500, label: 'a' },
        { dwellMs: 500, label: 'b' },
      ],
      1000,
    );
    expect(e.frame(1400)).toMatchObject({ label: 'a', finished: [] });
    expect(e.frame(1600)).toMatchObject({ label: 'b', x: 2 });
    expect(e.frame(2001)).toMatchObject({ label: 'point', x: 100, finished: [7] });
  });

  it('closes the lids in a blink and reports no gaze while they are mostly closed', () => {
    const e = new ParticipantEngine(config({ blinkMs: 150 }), prng(1), 0);
    e.setView(view());
    e.blink(0);
    expect(e.frame(50)).toMatchObject({ x: null, y: null });
    expect(e.frame(50).closure).toBeCloseTo(1, 5);
    expect(e.frame(200)).toMatchObject({ x: 100, closure: 0 });
  });

  it('sways the head around its pose and looks below the screen when away', () => {
    const e = new ParticipantEngine(
      config({ head: { ...DEFAULT_STATE.head, x: 1 }, sway: { amplitude: { yaw: 5 }, periodMs: 4000 } }),
      prng(1),
      0,
    );
    e.setView(view({ target: null, targetLabel: 'away' }));
    const f = e.frame(1000);
    expect(f.head.x).toBe(1);
    expect(f.head.yaw).toBeCloseTo(5);
    expect(f.x).toBeNull();
    expect(f.input.target.y).toBeGreaterThan(DEFAULT_SETUP.viewportTopCm + 945 / DEFAULT_SETUP.pxPerCm);
  });
});
