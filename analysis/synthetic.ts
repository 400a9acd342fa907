// Deterministic synthetic dataset: sessions of recorded event streams as the app would record
// them (layout events with AOI boxes from the shared page geometry, scroll, swipe, click and
// selection events, 30 Hz webcam-like gaze), handed over as columns or as the events. The scan
// path follows an F-pattern (top rows and left columns most looked at, with left-to-right runs
// along a row); gaze error is a participant bias +
// a per-fixation bias + per-sample jitter (≈150 px RMS in total by default) with bursts of lost
// face. Used by tests, the benchmark, the analysis view demo and the simulated gaze source.
import type { AnalysisDataset, AnalysisScreen, AnalysisSession } from './dataset.ts';
import { buildLayoutEvent, pageHeight, recgazePageSpec, RECGAZE_GENRES, type PageSpec } from '../core/layout/layout-boxes.ts';
import { createRng, type Rng } from './random.ts';
import { screenColumns } from './screen-columns.ts';
import type { AoiBox, GazeEvent, GazeSourceKind, RecordedEvent, TaskType } from '../core/events.ts';

export interface SyntheticOptions {
  participants: number;
  screens: number;
  secondsPerScreen?: number;
  hz?: number;
  seed?: number;
  /** RMS radial gaze error in px (participant bias + fixation bias + sample jitter). */
  noisePx?: number;
  /** Fraction of samples lost (no face), in bursts. */
  lossRate?: number;
  viewports?: { w: number; h: number }[];
  source?: GazeSourceKind;
  /** Keep the true fixations (target AOI and point) per screen, for tests. */
  withTruth?: boolean;
  /** Give each screen its event stream (JSON datasets, the export) instead of its columns. */
  events?: boolean;
}

export interface TrueFixation {
  t: number;
  durationMs: number;
  /** Viewport px of the point actually looked at (before noise). */
  x: number;
  y: number;
  box: AoiBox;
}

export interface SyntheticDataset {
  dataset: AnalysisDataset;
  /** truth[session][screen], when withTruth. */
  truth?: TrueFixation[][][];
  samples: number;
}

export const SYNTHETIC_VIEWPORTS = [
  { w: 1920, h: 969 },
  { w: 1536, h: 730 },
  { w: 1366, h: 657 },
  { w: 1440, h: 789 },
  { w: 1280, h: 593 },
];

/** RecGaze task type of the n-th screen (1-based) of `count`: ¾ free browsing, then semi-free, then direct search. */
export function syntheticTaskType(taskId: number, count: number): TaskType {
  if (count >= 40) return taskId <= 30 ? 'free_browsing' : taskId <= 35 ? 'semi_free' : 'direct_search';
  const f = taskId / count;
  return f <= 0.75 ? 'free_browsing' : f <= 0.875 ? 'semi_free' : 'direct_search';
}

/** Row genres (rotated per screen) and item ids (unique per screen × row × position, 1-based). */
export function syntheticRows(taskId: number): { genres: string[]; items: number[][] } {
  const n = RECGAZE_GENRES.length;
  const genres = RECGAZE_GENRES.map((_, r) => RECGAZE_GENRES[(r + taskId * 3) % n]!);
  const items = genres.map((_, r) => Array.from({ length: 15 }, (_, p) => ((((taskId - 1) * n + r) * 15 + p) % 6150) + 1));
  return { genres, items };
}

const ROW_WEIGHTS = Array.from({ length: 10 }, (_, r) => Math.exp(-r / 2.2));
const COLUMN_WEIGHTS = Array.from({ length: 5 }, (_, c) => Math.exp(-c / 1.6));

interface Segment {
  t0: number;
  t1: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** Fixation bias (0 during saccades). */
  bx: number;
  by: number;
}

interface ScreenSim {
  events: RecordedEvent[];
  truth: TrueFixation[];
  samples: number;
}

function simulateScreen(
  rng: Rng,
  spec: PageSpec,
  task: TaskType,
  durationMs: number,
  hz: number,
  noise: { participant: [number, number]; fixation: number; jitter: number },
  lossRate: number,
  source: GazeSourceKind,
): ScreenSim {
  const vw = spec.viewport.w;
  const vh = spec.viewport.h;
  const maxScroll = Math.max(0, pageHeight(spec) - vh);
  const offsets = spec.genres.map(() => 0);
  let scrollY = 0;
  const other: RecordedEvent[] = [buildLayoutEvent(spec, 0, 'load', 0, offsets)];
  let boxes = (other[0] as Extract<RecordedEvent, { kind: 'layout' }>).boxes;
  const segs: Segment[] = [];
  const truth: TrueFixation[] = [];
  const boxOf = (kind: AoiBox['kind'], row: number, column?: number) =>
    boxes.find((b) => b.kind === kind && b.row === row && (column === undefined || b.column === column))!;
  let t = 0;
  let gx = vw / 2;
  let gy = vh / 2;
  let row = 1;
  let column = 0;
  const end = durationMs - 400;
  const chosen = { row: 1 + rng.weighted(ROW_WEIGHTS.slice(0, spec.genres.length)), column: 1 + rng.weighted(COLUMN_WEIGHTS) };

  const fixate = (box: AoiBox, dur: number) => {
    const tx = box.x + box.w * (0.15 + 0.7 * rng.next());
    const ty = box.y + box.h * (0.15 + 0.7 * rng.next()) - scrollY;
    const sacc = 30 + Math.hypot(tx - gx, ty - gy) / 20;
    segs.push({ t0: t, t1: t + sacc, x0: gx, y0: gy, x1: tx, y1: ty, bx: 0, by: 0 });
    t += sacc;
    segs.push({ t0: t, t1: t + dur, x0: tx, y0: ty, x1: tx, y1: ty, bx: rng.normal() * noise.fixation, by: rng.normal() * noise.fixation });
    truth.push({ t, durationMs: dur, x: tx, y: ty, box });
    t += dur;
    gx = tx;
    gy = ty;
  };
  const scrollToRow = (r: number) => {
    const tile = boxOf('tile', r, 1);
    if (tile.y >= scrollY && tile.y + tile.h <= scrollY + vh) return;
    scrollY = Math.round(Math.min(maxScroll, Math.max(0, tile.y - vh * (0.2 + 0.3 * rng.next()))));
    other.push({ kind: 'wheel', t, dx: 0, dy: 100 });
    other.push({ kind: 'scroll', t, scrollY });
    other.push(buildLayoutEvent(spec, t, 'scroll', scrollY, offsets, boxes));
    t += 80;
  };
  const fixDur = () => Math.min(1200, 120 + -Math.log(1 - rng.next()) * 170);

  while (t < end) {
    const u = rng.next();
    if (column > 0 && column < 5 && u < 0.45) {
      column++; // read along the row
    } else if (u < 0.5) {
      row = Math.max(1, Math.min(spec.genres.length, row + (rng.next() < 0.7 ? 1 : -1)));
      column = 1 + rng.weighted(COLUMN_WEIGHTS);
    } else {
      row = 1 + rng.weighted(ROW_WEIGHTS.slice(0, spec.genres.length));
      column = 1 + rng.weighted(COLUMN_WEIGHTS);
    }
    scrollToRow(row);
    const v = rng.next();
    if (v < 0.06) {
      fixate(boxOf('title', row), fixDur());
      column = 0;
    } else if (v < 0.11) {
      const dir = rng.next() < 0.8 ? 'forward' : 'backward';
      fixate(boxOf(dir, row), fixDur());
      const off = (((offsets[row - 1]! + (dir === 'forward' ? 5 : -5)) % 15) + 15) % 15;
      offsets[row - 1] = off;
      other.push({ kind: 'click', t, x: gx, y: gy, button: 0 });
      other.push({ kind: 'swipe', t, row, direction: dir, source: 'arrow', page: Math.floor(off / 5) + 1, offset: off });
      const layout = buildLayoutEvent(spec, t, 'swipe', scrollY, offsets);
      boxes = layout.boxes;
      other.push(layout);
      column = 0;
    } else {
      fixate(boxOf('tile', row, column), fixDur());
    }
  }
  // Final choice (some direct searches are never completed, as in the original data).
  const completed = task !== 'direct_search' || rng.next() < 0.9;
  if (completed) {
    scrollToRow(chosen.row);
    const tile = boxOf('tile', chosen.row, chosen.column);
    fixate(tile, 300);
    other.push({ kind: 'click', t, x: gx, y: gy, button: 0 });
    other.push({
      kind: 'selection',
      t,
      row: chosen.row,
      position: tile.position!,
      column: chosen.column,
      page: Math.floor(offsets[chosen.row - 1]! / 5) + 1,
      movieId: tile.movieId!,
      x: gx,
      y: gy,
    });
  }
  const tEnd = Math.max(t, durationMs);

  // Gaze samples on a jittered clock, with bursts of lost face.
  const gaze: GazeEvent[] = [];
  const step = 1000 / hz;
  const burstStart = lossRate / 5; // mean burst length ≈ 5 samples
  let lostLeft = 0;
  let si = 0;
  const [pbx, pby] = noise.participant;
  for (let k = 0; ; k++) {
    const ts = Math.round((k * step + (k > 0 ? rng.normal() * 2 : 0)) * 10) / 10;
    if (ts > tEnd) break;
    if (lostLeft === 0 && rng.next() < burstStart) lostLeft = 1 + Math.floor(rng.next() * 9);
    if (lostLeft > 0) {
      lostLeft--;
      gaze.push({ kind: 'gaze', t: ts, x: null, y: null, source, lost: 'no-face' });
      continue;
    }
    while (si < segs.length - 1 && segs[si]!.t1 <= ts) si++;
    const s = segs[si];
    let x = gx;
    let y = gy;
    let bx = 0;
    let by = 0;
    if (s && ts >= s.t0) {
      const f = s.t1 > s.t0 ? Math.min(1, (ts - s.t0) / (s.t1 - s.t0)) : 1;
      x = s.x0 + (s.x1 - s.x0) * f;
      y = s.y0 + (s.y1 - s.y0) * f;
      bx = s.bx;
      by = s.by;
    } else if (s) {
      // a pause between segments (the page scrolling): the eye rests where the next saccade starts
      x = s.x0;
      y = s.y0;
    }
    gaze.push({
      kind: 'gaze',
      t: ts,
      x: Math.round(x + pbx + bx + rng.normal() * noise.jitter),
      y: Math.round(y + pby + by + rng.normal() * noise.jitter),
      source,
    });
  }
  // Merge (both in time order; non-gaze first at equal times so a layout precedes its samples).
  const events: RecordedEvent[] = new Array(gaze.length + other.length);
  let a = 0;
  let b = 0;
  for (let i = 0; i < events.length; i++) {
    if (b >= gaze.length || (a < other.length && other[a]!.t <= gaze[b]!.t)) events[i] = other[a++]!;
    else events[i] = gaze[b++]!;
  }
  return { events, truth, samples: gaze.length };
}

/** Noise split of the RMS radial error: participant bias 60, fixation bias 70, jitter 35 px per axis (≈139 px). */
function noiseScale(noisePx: number): number {
  return noisePx / Math.sqrt(2 * (60 * 60 + 70 * 70 + 35 * 35));
}

export interface SyntheticScreenOptions {
  spec: PageSpec;
  task?: TaskType;
  durationMs?: number;
  hz?: number;
  seed?: number;
  noisePx?: number;
  lossRate?: number;
  source?: GazeSourceKind;
}

/** One screen's event stream (and its true fixations) for a page spec, e.g. for a simulated gaze source. */
export function generateSyntheticScreen(options: SyntheticScreenOptions): { events: RecordedEvent[]; truth: TrueFixation[] } {
  const rng = createRng(options.seed ?? 1);
  const k = noiseScale(options.noisePx ?? 150);
  const bias: [number, number] = [rng.normal() * 60 * k, rng.normal() * 60 * k];
  const sim = simulateScreen(
    rng,
    options.spec,
    options.task ?? 'free_browsing',
    options.durationMs ?? 30000,
    options.hz ?? 30,
    { participant: bias, fixation: 70 * k, jitter: 35 * k },
    options.lossRate ?? 0.03,
    options.source ?? 'simulated',
  );
  return { events: sim.events, truth: sim.truth };
}

export function generateSyntheticDataset(options: SyntheticOptions): SyntheticDataset {
  const { participants, screens } = options;
  if (!(Number.isInteger(participants) && participants >= 1))
    throw new Error(`participants must be a positive integer, got ${participants}`);
  if (!(Number.isInteger(screens) && screens >= 1)) throw new Error(`screens must be a positive integer, got ${screens}`);
  const seconds = options.secondsPerScreen ?? 30;
  const hz = options.hz ?? 30;
  const rng = createRng(options.seed ?? 1);
  const noisePx = options.noisePx ?? 150;
  const k = noiseScale(noisePx);
  const viewports = options.viewports ?? SYNTHETIC_VIEWPORTS;
  const source = options.source ?? 'simulated';
  const sessions: AnalysisSession[] = [];
  const truth: TrueFixation[][][] = [];
  let samples = 0;
  for (let p = 0; p < participants; p++) {
    const viewport = viewports[p % viewports.length]!;
    const participantBias: [number, number] = [rng.normal() * 60 * k, rng.normal() * 60 * k];
    const sessionScreens: AnalysisScreen[] = [];
    const sessionTruth: TrueFixation[][] = [];
    for (let taskId = 1; taskId <= screens; taskId++) {
      const rows = syntheticRows(taskId);
      const spec = recgazePageSpec(viewport, rows.genres, rows.items);
      const task = syntheticTaskType(taskId, screens);
      const sim = simulateScreen(
        rng,
        spec,
        task,
        seconds * 1000,
        hz,
        { participant: participantBias, fixation: 70 * k, jitter: 35 * k },
        options.lossRate ?? 0.03,
        source,
      );
      samples += sim.samples;
      const sel = sim.events.find((e) => e.kind === 'selection');
      const screen: AnalysisScreen = {
        taskId,
        task,
        rows,
        selection: sel && sel.kind === 'selection' ? { row: sel.row, position: sel.position, movieId: sel.movieId, t: sel.t } : null,
      };
      if (options.events) screen.events = sim.events;
      else screen.columns = screenColumns(sim.events);
      sessionScreens.push(screen);
      if (options.withTruth) sessionTruth.push(sim.truth);
    }
    sessions.push({
      id: `synthetic-${p + 1}`,
      participantId: `P${String(p + 1).padStart(3, '0')}`,
      studyId: 'synthetic',
      gazeSource: source,
      origin: 'recorded',
      firstTask: p % 2 ? 'Semi_free_direct_search' : 'Free_browsing',
      validationAccuracyPx: noisePx,
      layout: { itemsPerRow: 15, visibleCount: 5, pageStep: 5 },
      screens: sessionScreens,
    });
    if (options.withTruth) truth.push(sessionTruth);
  }
  const out: SyntheticDataset = { dataset: { sessions }, samples };
  if (options.withTruth) out.truth = truth;
  return out;
}
