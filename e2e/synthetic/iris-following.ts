// Does MediaPipe see what was painted? Sweeps the eyes over the screen (and the head over a few
// poses), runs the refined face mesh on every frame and compares its iris landmarks with the
// painted iris centres.
import type { Browser } from 'playwright-core';
import type { HeadPose } from './gaze-model.ts';
import { irisCentres } from './face-landmarks.ts';
import { openMeshProbe } from './mesh-probe.ts';
import { cameraConfig, type SyntheticParticipantOptions } from './participant.ts';
import { DEFAULT_STATE } from './protocol.ts';

export interface IrisFollowing {
  frames: number;
  /** Frames in which MediaPipe found the face. */
  found: number;
  /** Median distance between a detected and the painted iris centre (camera px). */
  medianErrorPx: number;
  /** Detected against painted iris displacement (from each eye's mean), both eyes: slope and correlation. */
  gainX: number;
  rX: number;
  gainY: number;
  rY: number;
  /** Range of the painted iris centres over the sweep (camera px). */
  rangeX: number;
  rangeY: number;
}

function fit(painted: number[], detected: number[]): { gain: number; r: number } {
  const n = painted.length;
  const mp = painted.reduce((s, v) => s + v, 0) / n;
  const md = detected.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (painted[i]! - mp) * (detected[i]! - md);
    sxx += (painted[i]! - mp) ** 2;
    syy += (detected[i]! - md) ** 2;
  }
  return { gain: sxy / sxx, r: sxy / Math.sqrt(sxx * syy) };
}

const POSES: Partial<HeadPose>[] = [{}, { x: 3 }, { x: -3, z: 3 }, { yaw: 5 }, { pitch: -5, roll: 3 }];

export async function measureIrisFollowing(browser: Browser, options: SyntheticParticipantOptions = {}): Promise<IrisFollowing> {
  const probe = await openMeshProbe(browser, cameraConfig(options));
  try {
    // Displacements are taken per eye and pose, so head moves do not count as iris movement.
    const groups = new Map<string, { px: number[]; py: number[]; dx: number[]; dy: number[] }>();
    const errors: number[] = [];
    let frames = 0;
    let found = 0;
    for (const [p, pose] of POSES.entries())
      for (const fy of [0.05, 0.35, 0.65, 0.95])
        for (const fx of [0.05, 0.3, 0.5, 0.7, 0.95]) {
          const state = {
            ...DEFAULT_STATE,
            ...options.state,
            tremorDeg: 0,
            head: { ...DEFAULT_STATE.head, ...pose },
            target: { kind: 'point' as const, x: fx * 1920, y: fy * 945 },
          };
          const { truth, landmarks } = await probe.detectFrame(state);
          frames++;
          if (!landmarks) continue;
          found++;
          irisCentres(landmarks).forEach((d, eye) => {
            const painted = truth.irises[eye]!;
            errors.push(Math.hypot(d.x - painted.x, d.y - painted.y));
            const key = `${p}:${eye}`;
            const g = groups.get(key) ?? { px: [], py: [], dx: [], dy: [] };
            g.px.push(painted.x);
            g.py.push(painted.y);
            g.dx.push(d.x);
            g.dy.push(d.y);
            groups.set(key, g);
          });
        }
    const centred = (xs: number[]) => {
      const m = xs.reduce((s, v) => s + v, 0) / xs.length;
      return xs.map((v) => v - m);
    };
    const all = { px: [] as number[], py: [] as number[], dx: [] as number[], dy: [] as number[] };
    for (const g of groups.values()) {
      all.px.push(...centred(g.px));
      all.py.push(...centred(g.py));
      all.dx.push(...centred(g.dx));
      all.dy.push(...centred(g.dy));
    }
    const x = fit(all.px, all.dx);
    const y = fit(all.py, all.dy);
    errors.sort((a, b) => a - b);
    const range = (v: number[]) => Math.max(...v) - Math.min(...v);
    return {
      frames,
      found,
      medianErrorPx: errors[Math.floor(errors.length / 2)] ?? NaN,
      gainX: x.gain,
      rX: x.r,
      gainY: y.gain,
      rY: y.r,
      rangeX: range(all.px),
      rangeY: range(all.py),
    };
  } finally {
    await probe.close();
  }
}
