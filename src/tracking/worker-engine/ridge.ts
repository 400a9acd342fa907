// Ridge regression from feature vectors to one screen coordinate. Pure.
//
// `standardise: false` with no intercept is WebGazer's ridge (util_regression.ridge, λ = 1e-5 on raw
// equalised pixels); `standardise: true` centres the target and scales each feature to unit
// variance first, so features of different units (pixels, radians, fractions) can be mixed.

export interface RidgeOptions {
  lambda: number;
  standardise: boolean;
}

export interface RidgeFit {
  /** Prediction for one feature vector (same length as the training vectors). */
  predict(features: ArrayLike<number>): number;
}

/** Solves (A + λI) b = v in place for symmetric positive semi-definite A; raises λ ×10 until Cholesky succeeds (as WebGazer). */
function solveRidge(a: Float64Array, v: Float64Array, p: number, lambda: number): Float64Array {
  let k = lambda;
  for (let attempt = 0; attempt < 40; attempt++, k = k > 0 ? k * 10 : 1e-8) {
    const l = new Float64Array(p * p);
    let ok = true;
    for (let i = 0; i < p && ok; i++) {
      for (let j = 0; j <= i; j++) {
        let sum = a[i * p + j]! + (i === j ? k : 0);
        for (let m = 0; m < j; m++) sum -= l[i * p + m]! * l[j * p + m]!;
        if (i === j) {
          if (!(sum > 1e-12)) {
            ok = false;
            break;
          }
          l[i * p + i] = Math.sqrt(sum);
        } else l[i * p + j] = sum / l[j * p + j]!;
      }
    }
    if (!ok) continue;
    const y = new Float64Array(p);
    for (let i = 0; i < p; i++) {
      let sum = v[i]!;
      for (let m = 0; m < i; m++) sum -= l[i * p + m]! * y[m]!;
      y[i] = sum / l[i * p + i]!;
    }
    const b = new Float64Array(p);
    for (let i = p - 1; i >= 0; i--) {
      let sum = y[i]!;
      for (let m = i + 1; m < p; m++) sum -= l[m * p + i]! * b[m]!;
      b[i] = sum / l[i * p + i]!;
    }
    return b;
  }
  throw new Error('ridge regression: the system could not be solved');
}

/** Fits one ridge model per target column (e.g. screen x and y) on the same rows. */
export function fitRidge(rows: readonly ArrayLike<number>[], targets: readonly (readonly number[])[], options: RidgeOptions): RidgeFit[] {
  const n = rows.length;
  if (n === 0) throw new Error('ridge regression needs at least one sample');
  const p = rows[0]!.length;
  const mean = new Float64Array(p);
  const scale = new Float64Array(p).fill(1);
  if (options.standardise) {
    for (const r of rows) for (let j = 0; j < p; j++) mean[j]! += r[j]! / n;
    for (let j = 0; j < p; j++) {
      let ss = 0;
      for (const r of rows) ss += (r[j]! - mean[j]!) ** 2;
      const sd = Math.sqrt(ss / n);
      scale[j] = sd > 1e-9 ? 1 / sd : 0;
    }
  }
  const x = new Float64Array(n * p);
  rows.forEach((r, i) => {
    for (let j = 0; j < p; j++) x[i * p + j] = (r[j]! - mean[j]!) * scale[j]!;
  });
  const xtx = new Float64Array(p * p);
  for (let i = 0; i < n; i++)
    for (let a = 0; a < p; a++) {
      const xa = x[i * p + a]!;
      if (xa === 0) continue;
      for (let b = 0; b <= a; b++) xtx[a * p + b]! += xa * x[i * p + b]!;
    }
  for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) xtx[b * p + a] = xtx[a * p + b]!;
  return targets.map((column) => {
    if (column.length !== n) throw new Error('ridge regression: targets and rows differ in length');
    const offset = options.standardise ? column.reduce((s, v) => s + v, 0) / n : 0;
    const xty = new Float64Array(p);
    for (let i = 0; i < n; i++) for (let a = 0; a < p; a++) xty[a]! += x[i * p + a]! * (column[i]! - offset);
    const coef = solveRidge(xtx, xty, p, options.lambda);
    return {
      predict(features: ArrayLike<number>): number {
        let sum = offset;
        for (let j = 0; j < p; j++) sum += (features[j]! - mean[j]!) * scale[j]! * coef[j]!;
        return sum;
      },
    };
  });
}
