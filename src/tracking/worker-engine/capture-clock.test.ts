import { describe, expect, it } from 'vitest';
import { CaptureClock } from './capture-clock.ts';

describe('CaptureClock', () => {
  it('maps frame timestamps onto the receiver clock by the smallest delivery delay', () => {
    const c = new CaptureClock();
    const base = 3_700_000_000; // µs on the camera clock
    // Receiver clock = camera clock − 3,690,000 ms; frames arrive 2–40 ms after capture.
    const recv = (capUs: number, delay: number) => capUs / 1000 - 3_690_000 + delay;
    expect(c.captureTime(base, recv(base, 10))).toBeCloseTo(recv(base, 10), 6); // first frame: no better estimate yet
    expect(c.captureTime(base + 33_000, recv(base + 33_000, 2))).toBeCloseTo(recv(base + 33_000, 0) + 2, 6);
    // A frame that waited 40 ms is still stamped near its capture, not its arrival.
    expect(c.captureTime(base + 66_000, recv(base + 66_000, 40))).toBeCloseTo(recv(base + 66_000, 0) + 2, 6);
  });

  it('falls back to the receive time without a usable timestamp, and restarts after a backwards jump', () => {
    const c = new CaptureClock();
    expect(c.captureTime(0, 123)).toBe(123);
    expect(c.captureTime(undefined, 124)).toBe(124);
    c.captureTime(5_000_000, 1000);
    expect(c.captureTime(1_000_000, 1100)).toBe(1100);
  });
});
