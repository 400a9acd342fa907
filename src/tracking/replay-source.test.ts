import { afterEach, describe, expect, it, vi } from 'vitest';
import type { GazeSample } from './gaze-source.ts';
import { parseGazeTrace, ReplayGazeSource, traceLoopMs } from './replay-source.ts';

describe('parseGazeTrace()', () => {
  it('reads t,x,y rows with or without a header, empty x/y as lost', () => {
    expect(parseGazeTrace('t,x,y\n0,10,20\n50,,\n100,30.5,40\n')).toEqual([
      { t: 0, x: 10, y: 20 },
      { t: 50, x: null, y: null },
      { t: 100, x: 30.5, y: 40 },
    ]);
    expect(parseGazeTrace('0,1,2\r\n10,3,4')).toHaveLength(2);
  });
  it('names the bad line', () => {
    expect(() => parseGazeTrace('t,x,y\n0,1,2\n10,abc,4')).toThrow(/line 3: x is not a number: "abc"/);
    expect(() => parseGazeTrace('0,1,2\n10,1')).toThrow(/line 2: expected 3 columns/);
    expect(() => parseGazeTrace('0,1,2\n10,1,2\n5,1,2')).toThrow(/line 3: t goes backwards/);
    expect(() => parseGazeTrace('0,1,2\n10,,2')).toThrow(/line 2: x and y must both be given/);
  });
  it('needs two samples', () => {
    expect(() => parseGazeTrace('t,x,y\n0,1,2')).toThrow(/at least 2 samples/);
  });
});

describe('traceLoopMs()', () => {
  it('adds one mean interval after the last sample', () => {
    expect(traceLoopMs(parseGazeTrace('0,0,0\n50,0,0\n100,0,0'))).toBe(150);
  });
});

describe('ReplayGazeSource', () => {
  afterEach(() => vi.useRealTimers());

  it('plays the trace in time and loops', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const source = new ReplayGazeSource({ text: 't,x,y\n1000,10,20\n1050,,\n1100,30,40' });
    const got: GazeSample[] = [];
    source.subscribe((s) => got.push(s));
    const t0 = performance.now();
    await source.start();
    expect(source.status()).toEqual({ state: 'running', faceVisible: true, calibrated: true });
    await vi.advanceTimersByTimeAsync(0);
    expect(got.map((s) => s.x)).toEqual([10]);
    await vi.advanceTimersByTimeAsync(100);
    expect(got.map((s) => s.x)).toEqual([10, null, 30]);
    expect(got[1]?.lost).toBe('no-face');
    // loop length 150 ms: the first sample comes again at +150
    await vi.advanceTimersByTimeAsync(50);
    expect(got.map((s) => s.x)).toEqual([10, null, 30, 10]);
    expect(got.map((s) => Math.round(s.t - t0))).toEqual([0, 50, 100, 150]);
    expect(got.every((s) => s.source === 'replay')).toBe(true);
    await source.stop();
    await vi.advanceTimersByTimeAsync(500);
    expect(got).toHaveLength(4);
  });

  it('fails with the parse message, naming the line', async () => {
    const source = new ReplayGazeSource({ text: '0,1,2\nx' });
    await source.start();
    const s = source.status();
    expect(s.state).toBe('failed');
    if (s.state === 'failed') {
      expect(s.reason).toBe('trace-failed');
      expect(s.message).toMatch(/line 2/);
    }
  });

  it('fails clearly without a trace', async () => {
    const source = new ReplayGazeSource({});
    await source.start();
    const s = source.status();
    expect(s.state === 'failed' && s.message).toMatch(/replayUrl/);
  });
});
