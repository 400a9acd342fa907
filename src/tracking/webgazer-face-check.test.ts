import { describe, expect, it } from 'vitest';
import { checkFace, faceBox } from './webgazer-face-check.ts';

describe('faceBox()', () => {
  it('returns the landmark bounding box as fractions of the frame', () => {
    expect(
      faceBox(
        [
          [160, 120, 0],
          [320, 360, 0],
          [200, 200, 0],
        ],
        640,
        480,
      ),
    ).toEqual({ x: 0.25, y: 0.25, w: 0.25, h: 0.5 });
  });
  it('is null without landmarks', () => {
    expect(faceBox([], 640, 480)).toBeNull();
  });
});

describe('checkFace()', () => {
  it('tells no face, too far, too close, off-centre and ok apart', () => {
    expect(checkFace(null).placement).toBe('no-face');
    expect(checkFace({ x: 0.45, y: 0.45, w: 0.1, h: 0.1 }).placement).toBe('too-far');
    expect(checkFace({ x: 0.1, y: 0.1, w: 0.8, h: 0.8 }).placement).toBe('too-close');
    expect(checkFace({ x: 0.0, y: 0.3, w: 0.3, h: 0.4 }).placement).toBe('off-centre');
    expect(checkFace({ x: 0.35, y: 0.3, w: 0.3, h: 0.4 }).placement).toBe('ok');
  });
});
