// Position-based click models on the carousel click log. Every screen shows every cell (row ×
// position) once; a "position" of the model is a cell, an item is a movie.
//  - PBM: P(click) = θ_position · α_item with examination latent, fitted by EM.
//  - OEPBM: examination observed (the cell was fixated): P(click | E=1) = α_item and
//    P(click | E=0) = ε (a click without a recorded fixation: tracking loss or peripheral choice).
// Both report the click log-likelihood of the log they were fitted on.
import { examinedCells, type GridShape, type ScreenFixations } from './metrics.ts';

export interface ClickLog {
  positions: number;
  items: number;
  /** Item keys by index (movie ids, or task:row:position when the id is unknown). */
  itemKeys: string[];
  position: Int32Array;
  item: Int32Array;
  clicked: Uint8Array;
  /** Observed examination (cell fixated). */
  examined: Uint8Array;
}

export interface ClickImpressionInput {
  position: number;
  item: number;
  clicked: boolean;
  examined?: boolean;
}

/** Builds a click log from plain impressions (position and item are 0-based indices). */
export function clickLogFromImpressions(imps: readonly ClickImpressionInput[]): ClickLog {
  let positions = 0;
  let items = 0;
  for (const i of imps) {
    positions = Math.max(positions, i.position + 1);
    items = Math.max(items, i.item + 1);
  }
  return {
    positions,
    items,
    itemKeys: Array.from({ length: items }, (_, i) => String(i)),
    position: Int32Array.from(imps, (i) => i.position),
    item: Int32Array.from(imps, (i) => i.item),
    clicked: Uint8Array.from(imps, (i) => (i.clicked ? 1 : 0)),
    examined: Uint8Array.from(imps, (i) => (i.examined ? 1 : 0)),
  };
}

/**
 * One impression per cell per screen with a selection (screens without one carry no click
 * information). Item ids come from `items[row][position]` when given, else from the fixation
 * labels, else task:row:position.
 */
export function buildClickLog(
  screens: readonly ScreenFixations[],
  shape: GridShape,
  itemsOf?: (s: ScreenFixations) => number[][] | undefined,
): ClickLog {
  const cells = shape.rows * shape.positions;
  const keyIndex = new Map<string, number>();
  // the same as keyIndex for movie ids, without building a string per impression
  const movieIndex = new Map<number, number>();
  const pos: number[] = [];
  const item: number[] = [];
  const clicked: number[] = [];
  const examined: number[] = [];
  for (const s of screens) {
    if (!s.selection) continue;
    const ex = examinedCells(s, shape);
    const grid = itemsOf?.(s);
    const seenIds = new Map<number, number>();
    for (const f of s.fixations) {
      const a = f.aoi;
      if (a.type === 'Movie' && a.movieId !== undefined && a.row !== undefined && a.position !== undefined)
        seenIds.set((a.row - 1) * shape.positions + (a.position - 1), a.movieId);
    }
    const selCell = (s.selection.row - 1) * shape.positions + (s.selection.position - 1);
    for (let c = 0; c < cells; c++) {
      const r = Math.floor(c / shape.positions);
      const p = c % shape.positions;
      const id = grid?.[r]?.[p] ?? seenIds.get(c);
      let k = id !== undefined ? movieIndex.get(id) : undefined;
      if (k === undefined) {
        const key = id !== undefined ? `m${id}` : `${s.taskId}:${r + 1}:${p + 1}`;
        k = keyIndex.get(key);
        if (k === undefined) {
          k = keyIndex.size;
          keyIndex.set(key, k);
        }
        if (id !== undefined) movieIndex.set(id, k);
      }
      pos.push(c);
      item.push(k);
      clicked.push(c === selCell ? 1 : 0);
      examined.push(ex[c]!);
    }
  }
  return {
    positions: cells,
    items: keyIndex.size,
    itemKeys: [...keyIndex.keys()],
    position: Int32Array.from(pos),
    item: Int32Array.from(item),
    clicked: Uint8Array.from(clicked),
    examined: Uint8Array.from(examined),
  };
}

const EPS = 1e-9;
const clampP = (p: number) => (p < EPS ? EPS : p > 1 - EPS ? 1 - EPS : p);

/** Click log-likelihood of a PBM with the given parameters. */
export function pbmLogLikelihood(log: ClickLog, theta: ArrayLike<number>, alpha: ArrayLike<number>): number {
  let ll = 0;
  for (let i = 0; i < log.clicked.length; i++) {
    const p = clampP(theta[log.position[i]!]! * alpha[log.item[i]!]!);
    ll += log.clicked[i] ? Math.log(p) : Math.log(1 - p);
  }
  return ll;
}

export interface ClickModelFit {
  model: 'PBM' | 'OEPBM';
  logLikelihood: number;
  /** Log-likelihood per impression (comparable across logs). */
  meanLogLikelihood: number;
  impressions: number;
  clicks: number;
  /** Examination probability per position (PBM: fitted; OEPBM: observed rate). */
  theta: Float64Array;
  alpha: Float64Array;
  /** OEPBM: click probability without observed examination. */
  epsilon?: number;
  iterations: number;
  /** PBM: whether EM stopped on the tolerance rather than the iteration cap. */
  converged: boolean;
  /** PBM: log-likelihood after each EM iteration (non-decreasing). */
  trace?: number[];
}

export interface PbmOptions {
  maxIterations?: number;
  /** Stop when an iteration improves the log-likelihood by less than this fraction of it. */
  relativeTolerance?: number;
}

/**
 * PBM with latent examination, fitted by expectation–maximisation. The E-step pass also yields
 * the log-likelihood of the current parameters, so each iteration reads the log once.
 */
export function fitPbm(log: ClickLog, options: PbmOptions = {}): ClickModelFit {
  const maxIter = options.maxIterations ?? 100;
  const tol = options.relativeTolerance ?? 1e-6;
  const n = log.clicked.length;
  const { position, item, clicked } = log;
  // EM only needs, per (position, item) pair, how often it was clicked and not: a study shows the
  // same items in the same cells to every participant, so there are far fewer pairs than impressions.
  const pairOf = new Map<number, number>();
  const pairPos: number[] = [];
  const pairItem: number[] = [];
  const pairClicks: number[] = [];
  const pairSkips: number[] = [];
  for (let i = 0; i < n; i++) {
    const key = item[i]! * log.positions + position[i]!;
    let k = pairOf.get(key);
    if (k === undefined) {
      k = pairPos.length;
      pairOf.set(key, k);
      pairPos.push(position[i]!);
      pairItem.push(item[i]!);
      pairClicks.push(0);
      pairSkips.push(0);
    }
    if (clicked[i]) pairClicks[k]!++;
    else pairSkips[k]!++;
  }
  const m = pairPos.length;
  const theta = new Float64Array(log.positions).fill(0.5);
  const alpha = new Float64Array(log.items).fill(0.5);
  const posN = new Float64Array(log.positions);
  const itemN = new Float64Array(log.items);
  for (let i = 0; i < n; i++) {
    posN[position[i]!]!++;
    itemN[item[i]!]!++;
  }
  const thetaNum = new Float64Array(log.positions);
  const alphaNum = new Float64Array(log.items);
  const trace: number[] = [];
  let iter = 0;
  let converged = false;
  while (iter < maxIter) {
    thetaNum.fill(0);
    alphaNum.fill(0);
    let ll = 0;
    for (let j = 0; j < m; j++) {
      const k = pairPos[j]!;
      const d = pairItem[j]!;
      const th = theta[k]!;
      const al = alpha[d]!;
      const p = clampP(th * al);
      const c = pairClicks[j]!;
      const s = pairSkips[j]!;
      if (c) {
        ll += c * Math.log(p);
        thetaNum[k] = thetaNum[k]! + c;
        alphaNum[d] = alphaNum[d]! + c;
      }
      if (s) {
        const denom = 1 - p;
        ll += s * Math.log(denom);
        thetaNum[k] = thetaNum[k]! + (s * (th * (1 - al))) / denom;
        alphaNum[d] = alphaNum[d]! + (s * ((1 - th) * al)) / denom;
      }
    }
    const prev = trace[trace.length - 1];
    trace.push(ll);
    if (prev !== undefined && ll - prev < tol * Math.abs(ll)) {
      converged = true;
      break;
    }
    for (let k = 0; k < log.positions; k++) theta[k] = posN[k]! > 0 ? thetaNum[k]! / posN[k]! : 0;
    for (let d = 0; d < log.items; d++) alpha[d] = itemN[d]! > 0 ? alphaNum[d]! / itemN[d]! : 0;
    iter++;
  }
  const ll = pbmLogLikelihood(log, theta, alpha);
  trace.push(ll);
  let clicks = 0;
  for (let i = 0; i < n; i++) clicks += clicked[i]!;
  return {
    model: 'PBM',
    logLikelihood: ll,
    meanLogLikelihood: n ? ll / n : NaN,
    impressions: n,
    clicks,
    theta,
    alpha,
    iterations: iter,
    converged,
    trace,
  };
}

/** Observed-examination PBM: maximum-likelihood α per item over examined impressions, ε over the rest. */
export function fitOepbm(log: ClickLog): ClickModelFit {
  const n = log.clicked.length;
  const exN = new Float64Array(log.items);
  const exClicks = new Float64Array(log.items);
  const posN = new Float64Array(log.positions);
  const posEx = new Float64Array(log.positions);
  let unexN = 0;
  let unexClicks = 0;
  let clicks = 0;
  for (let i = 0; i < n; i++) {
    const c = log.clicked[i]!;
    clicks += c;
    posN[log.position[i]!]!++;
    if (log.examined[i]) {
      posEx[log.position[i]!]!++;
      exN[log.item[i]!]!++;
      exClicks[log.item[i]!] = exClicks[log.item[i]!]! + c;
    } else {
      unexN++;
      unexClicks += c;
    }
  }
  const alpha = exN.map((m, d) => (m > 0 ? exClicks[d]! / m : 0));
  const epsilon = unexN > 0 ? unexClicks / unexN : 0;
  let ll = 0;
  for (let i = 0; i < n; i++) {
    const p = clampP(log.examined[i] ? alpha[log.item[i]!]! : epsilon);
    ll += log.clicked[i] ? Math.log(p) : Math.log(1 - p);
  }
  const theta = posN.map((m, k) => (m > 0 ? posEx[k]! / m : 0));
  return {
    model: 'OEPBM',
    logLikelihood: ll,
    meanLogLikelihood: n ? ll / n : NaN,
    impressions: n,
    clicks,
    theta,
    alpha,
    epsilon,
    iterations: 1,
    converged: true,
  };
}
