// The worker engine's model variants (EngineOptions.variants), scored against the truth: every
// variant saw the same frames and calibration clicks in one pilot, so their differences are the
// accuracy steps' own. Per variant: error on the carousel screens, precision, the error at the
// validation targets, and the screens' error after an affine correction fitted on the validation
// targets' samples. Pure.
import type { RecordedEvent } from '../../core/events.ts';
import { applyAffine, fitAffine, type PointPair } from '../../src/tracking/worker-engine/affine.ts';
import type { EngineBenchSample } from '../../src/tracking/worker-engine/bench-hook.ts';
import type { TruthFrame } from './protocol.ts';
import {
  dwells,
  frameIndexAt,
  sampleErrors,
  screenOffset,
  summariseErrors,
  type ErrorSummary,
  type SampleError,
  type TruthDocument,
} from './truth.ts';

export interface VariantScore {
  name: string;
  errors: ErrorSummary;
  /** Mean absolute horizontal and vertical error on the screens (px). */
  meanAbsDx: number | null;
  meanAbsDy: number | null;
  /** Mean over rested dwells of the samples' SD around their own mean (px). */
  precisionPx: number | null;
  /** Mean over validation targets of the samples' mean distance from the target (px). */
  validationPx: number | null;
  /** Screen errors after an affine correction fitted on the validation targets' samples; null when it could not be fitted. */
  affine: ErrorSummary | null;
}

const SETTLE = { settleMs: 600, jumpPx: 30 };

/** Page-time windows of the recorded screens (each screen's first to last event, shifted by its clock offset). */
export function screenWindows(doc: TruthDocument, screens: Map<number, RecordedEvent[]>): [number, number][] {
  const out: [number, number][] = [];
  for (const events of screens.values()) {
    const cursor = events.filter((e): e is Extract<RecordedEvent, { kind: 'cursor' }> => e.kind === 'cursor');
    const offset = screenOffset(doc.pointer, cursor);
    if (offset === null || !events.length) continue;
    const ts = events.map((e) => e.t);
    out.push([Math.min(...ts) + offset, Math.max(...ts) + offset]);
  }
  return out;
}

/** Mean per-dwell SD of the errors: rested samples grouped by the truth point (a jump of more than `jumpPx` starts a new dwell). */
export function precisionPx(errors: readonly SampleError[], minSamples = 3, jumpPx = SETTLE.jumpPx): number | null {
  const sds: number[] = [];
  let group: SampleError[] = [];
  const flush = () => {
    if (group.length >= minSamples) {
      const mx = group.reduce((s, e) => s + e.dx, 0) / group.length;
      const my = group.reduce((s, e) => s + e.dy, 0) / group.length;
      sds.push(Math.sqrt(group.reduce((s, e) => s + (e.dx - mx) ** 2 + (e.dy - my) ** 2, 0) / group.length));
    }
    group = [];
  };
  for (const e of errors) {
    const last = group.at(-1);
    if (last && Math.hypot(e.truth.x - last.truth.x, e.truth.y - last.truth.y) > jumpPx) flush();
    group.push(e);
  }
  flush();
  return sds.length ? sds.reduce((s, v) => s + v, 0) / sds.length : null;
}

/** Validation dots as the eyes rested on them: the last rest of ≥ 1 s within 10 px of each target, before `before`. */
export function validationRests(
  frames: readonly TruthFrame[],
  targets: readonly { x: number; y: number }[],
  before: number,
): { target: { x: number; y: number }; start: number; end: number }[] {
  const rests = dwells(frames, 30).filter(
    (d) => d.label === 'dot' && d.x !== null && d.y !== null && d.end - d.start > 1000 && d.end <= before,
  );
  return targets.flatMap((target) => {
    const rest = rests.filter((d) => Math.hypot(d.x! - target.x, d.y! - target.y) < 10).at(-1);
    return rest ? [{ target, start: rest.start, end: rest.end }] : [];
  });
}

type Point = { t: number; x: number; y: number };

export function scoreVariants(
  names: readonly string[],
  samples: readonly EngineBenchSample[],
  doc: TruthDocument,
  windows: readonly [number, number][],
  validationTargets: readonly { x: number; y: number }[],
  tile: { width: number; height: number },
): VariantScore[] {
  const firstScreen = Math.min(...windows.map((w) => w[0]));
  const rests = validationRests(doc.frames, validationTargets, firstScreen);
  const onScreens = (t: number) => windows.some(([a, b]) => t >= a && t <= b);
  const series = (i: number): Point[] =>
    samples.flatMap((s) => {
      const p = i < 0 ? (s.x !== null && s.y !== null ? { x: s.x, y: s.y } : null) : s.variants[i];
      return p ? [{ t: s.t, x: p.x, y: p.y }] : [];
    });
  return [-1, ...names.map((_, i) => i)].map((i) => {
    const all = series(i);
    const screen = all.filter((p) => onScreens(p.t));
    const errors = sampleErrors(screen, doc.frames, SETTLE);
    const pairs: PointPair[] = rests.flatMap((r) =>
      all
        .filter((p) => p.t >= r.start + SETTLE.settleMs && p.t <= r.end)
        .map((p) => ({ x: p.x, y: p.y, targetX: r.target.x, targetY: r.target.y })),
    );
    const perTarget = rests.map((r) => {
      const own = pairs.filter((p) => p.targetX === r.target.x && p.targetY === r.target.y);
      return own.length ? own.reduce((s, p) => s + Math.hypot(p.x - p.targetX, p.y - p.targetY), 0) / own.length : null;
    });
    const known = perTarget.filter((v): v is number => v !== null);
    const fit = fitAffine(pairs);
    return {
      name: i < 0 ? "the app's model" : names[i]!,
      errors: summariseErrors(errors, tile),
      meanAbsDx: errors.length ? errors.reduce((s, e) => s + Math.abs(e.dx), 0) / errors.length : null,
      meanAbsDy: errors.length ? errors.reduce((s, e) => s + Math.abs(e.dy), 0) / errors.length : null,
      precisionPx: precisionPx(errors),
      validationPx: known.length ? known.reduce((s, v) => s + v, 0) / known.length : null,
      affine: fit
        ? summariseErrors(
            sampleErrors(
              screen.map((p) => ({ t: p.t, ...applyAffine(fit, p.x, p.y) })),
              doc.frames,
              SETTLE,
            ),
            tile,
          )
        : null,
    };
  });
}

export interface Agreement {
  /** Least-squares slope of the estimate on the truth, and their correlation. */
  slope: number | null;
  r: number | null;
}

function agreement(pairs: readonly [number, number][]): Agreement {
  const n = pairs.length;
  if (n < 3) return { slope: null, r: null };
  const mt = pairs.reduce((s, p) => s + p[0], 0) / n;
  const me = pairs.reduce((s, p) => s + p[1], 0) / n;
  let stt = 0;
  let see = 0;
  let ste = 0;
  for (const [t, e] of pairs) {
    stt += (t - mt) ** 2;
    see += (e - me) ** 2;
    ste += (t - mt) * (e - me);
  }
  return { slope: stt > 0 ? ste / stt : null, r: stt > 0 && see > 0 ? ste / Math.sqrt(stt * see) : null };
}

/**
 * How the engine's head pose follows the painted head's: yaw and pitch (engine degrees on truth
 * degrees; the engine's yaw is positive to the viewer's left, the truth's to their right), and
 * the face centre in the picture (fraction of the frame per truth cm).
 */
export function poseAgreement(
  samples: readonly EngineBenchSample[],
  frames: readonly TruthFrame[],
): { yaw: Agreement; pitch: Agreement; x: Agreement; y: Agreement } {
  const pairs = {
    yaw: [] as [number, number][],
    pitch: [] as [number, number][],
    x: [] as [number, number][],
    y: [] as [number, number][],
  };
  const deg = 180 / Math.PI;
  for (const s of samples) {
    const f = frames[frameIndexAt(frames, s.t)];
    if (!s.pose || !f) continue;
    pairs.yaw.push([f.head.yaw, s.pose[0]! * deg]);
    pairs.pitch.push([f.head.pitch, s.pose[1]! * deg]);
    pairs.x.push([f.head.x, s.pose[3]!]);
    pairs.y.push([f.head.y, s.pose[4]!]);
  }
  return { yaw: agreement(pairs.yaw), pitch: agreement(pairs.pitch), x: agreement(pairs.x), y: agreement(pairs.y) };
}
