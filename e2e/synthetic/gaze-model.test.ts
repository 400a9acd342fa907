import { describe, expect, it } from 'vitest';
import {
  angleBetween,
  applyAffine,
  DEFAULT_SETUP,
  eyeInHead,
  HEAD_AT_REST,
  headState,
  headTransform,
  paintEyes,
  viewportToWorld,
  worldToViewport,
  type FaceGeometry,
  type Framing,
} from './gaze-model.ts';

const eye = (cx: number) => ({
  contour: Array.from({ length: 16 }, (_, i) => ({
    x: cx + 10 * Math.cos((i / 16) * 2 * Math.PI),
    y: 100 + 3 * Math.sin((i / 16) * 2 * Math.PI),
  })),
  iris: { x: cx, y: 100 },
  irisRadius: 4,
});
// Eyes 63 px apart: 10 photo px per cm.
const FACE: FaceGeometry = { width: 512, height: 512, eyes: [eye(200), eye(263)] };
const FRAMING: Framing = { width: 640, height: 480, zoom: 2, eyesAt: { x: 320, y: 200 } };
const W = 1920;
const camera = { x: 0, y: 0, z: 0 };

describe('viewportToWorld()', () => {
  it('puts the viewport centre below the camera and round-trips', () => {
    const w = viewportToWorld({ x: W / 2, y: 0 }, W, DEFAULT_SETUP);
    expect(w.x).toBeCloseTo(0);
    expect(w.y).toBeCloseTo(DEFAULT_SETUP.viewportTopCm);
    const p = worldToViewport(viewportToWorld({ x: 123, y: 456 }, W, DEFAULT_SETUP), W, DEFAULT_SETUP);
    expect(p.x).toBeCloseTo(123);
    expect(p.y).toBeCloseTo(456);
  });
});

describe('paintEyes()', () => {
  it('leaves the photo iris in place when the eyes look into the camera from the rest pose', () => {
    const [r, l] = paintEyes(FACE, DEFAULT_SETUP, HEAD_AT_REST, camera);
    expect(r.iris.x).toBeCloseTo(200);
    expect(r.iris.y).toBeCloseTo(100);
    expect(l.iris.x).toBeCloseTo(263);
  });

  it('moves the iris to the picture right when the eyes look at the screen left (the picture is not mirrored)', () => {
    const left = paintEyes(FACE, DEFAULT_SETUP, HEAD_AT_REST, viewportToWorld({ x: 100, y: 400 }, W, DEFAULT_SETUP));
    const right = paintEyes(FACE, DEFAULT_SETUP, HEAD_AT_REST, viewportToWorld({ x: 1820, y: 400 }, W, DEFAULT_SETUP));
    expect(left[0].iris.x).toBeGreaterThan(right[0].iris.x + 5);
    // ±23° of eye rotation with a 1.2-cm eyeball at 10 px/cm: about 2 × 4.7 px.
    expect(left[0].iris.x - right[0].iris.x).toBeCloseTo(2 * 12 * Math.sin(Math.atan(860 / DEFAULT_SETUP.pxPerCm / 60)), 0);
  });

  it('moves the iris down when the eyes look lower on the screen', () => {
    const top = paintEyes(FACE, DEFAULT_SETUP, HEAD_AT_REST, viewportToWorld({ x: W / 2, y: 0 }, W, DEFAULT_SETUP));
    const bottom = paintEyes(FACE, DEFAULT_SETUP, HEAD_AT_REST, viewportToWorld({ x: W / 2, y: 900 }, W, DEFAULT_SETUP));
    expect(bottom[0].iris.y).toBeGreaterThan(top[0].iris.y + 3);
  });
});

describe('eyeInHead()', () => {
  it('turns the eyes against a head turn that keeps the target', () => {
    const target = viewportToWorld({ x: W / 2, y: 400 }, W, DEFAULT_SETUP);
    const rest = headState(HEAD_AT_REST, DEFAULT_SETUP);
    const turned = headState({ ...HEAD_AT_REST, yaw: 5 }, DEFAULT_SETUP);
    const a = eyeInHead(rest, rest.eyes, target);
    const b = eyeInHead(turned, turned.eyes, target);
    // 5° of head yaw, less the small parallax of the eyes swinging round the neck.
    expect(a.yaw - b.yaw).toBeGreaterThan(4);
    expect(a.yaw - b.yaw).toBeLessThan(6.5);
  });
});

describe('headTransform()', () => {
  const mid = { x: 231.5, y: 100 };
  it('maps the eyes to the framing at rest, scaled by the zoom', () => {
    const m = headTransform(FACE, DEFAULT_SETUP, FRAMING, HEAD_AT_REST);
    expect(applyAffine(m, mid)).toEqual({ x: expect.closeTo(320), y: expect.closeTo(200) });
    expect(applyAffine(m, { x: mid.x + 10, y: mid.y }).x - 320).toBeCloseTo(20);
  });

  it('moves the face to the picture left when the head moves right, and shrinks it when it moves back', () => {
    const m = headTransform(FACE, DEFAULT_SETUP, FRAMING, { ...HEAD_AT_REST, x: 3 });
    // f = 2 · 10 px/cm · 60 cm: 3 cm is 60 px at the eyes' distance.
    expect(applyAffine(m, mid).x).toBeCloseTo(320 - 60, 0);
    const far = headTransform(FACE, DEFAULT_SETUP, FRAMING, { ...HEAD_AT_REST, z: 6 });
    expect(far[0]).toBeCloseTo((2 * 60) / 66);
  });
});

describe('angleBetween()', () => {
  it('is about 1° for the px of 1° at the screen centre', () => {
    const pxPerDeg = DEFAULT_SETUP.pxPerCm * 2 * 60 * Math.tan(Math.PI / 360);
    const c = { x: W / 2, y: 300 };
    expect(angleBetween(c, { x: c.x + pxPerDeg, y: c.y }, W, DEFAULT_SETUP)).toBeCloseTo(1, 1);
  });
});
