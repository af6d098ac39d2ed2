/** A per-question logistic layer over the engine's own features (see features.ts). */
export interface ExtractiveModel {
  version: number;
  /** Feature names in weight order; a model whose names differ from FEATURE_NAMES is ignored. */
  features: string[];
  /** Per question number: weights (same order as `features`), bias and decision threshold. */
  questions: Record<string, { w: number[]; b: number; cut?: number }>;
}

/** Probability of "yes" for question `cq`, or undefined when the model does not cover it. */
export function modelProbability(model: ExtractiveModel, cq: number, x: number[]): number | undefined {
  const q = model.questions[String(cq)];
  if (!q || q.w.length !== x.length) return undefined;
  let z = q.b;
  for (let j = 0; j < x.length; j++) z += q.w[j] * x[j];
  return sigmoid(z);
}

/** Decision threshold on the probability for question `cq` (0.5 unless the model says otherwise). */
export function modelCut(model: ExtractiveModel, cq: number): number {
  return model.questions[String(cq)]?.cut ?? 0.5;
}

/** Options of `fitLogistic`. */
export interface FitOptions {
  iterations: number;
  l2: number;
  learningRate: number;
}

/**
 * L2-regularised logistic regression by full-batch gradient descent with Adam, zero initial
 * weights and a fixed iteration count: the same data always give the same weights.
 *
 * @example fitLogistic([[0],[1]], [0,1], { iterations: 200, l2: 0, learningRate: 0.1 })
 */
export function fitLogistic(X: number[][], y: number[], opts: FitOptions): { w: number[]; b: number } {
  const d = X[0]?.length ?? 0;
  const p = d + 1;
  const w = new Float64Array(p);
  const m = new Float64Array(p);
  const v = new Float64Array(p);
  const g = new Float64Array(p);
  const n = Math.max(1, X.length);
  for (let t = 1; t <= opts.iterations; t++) {
    g.fill(0);
    for (let i = 0; i < X.length; i++) {
      const xi = X[i];
      let z = w[d];
      for (let j = 0; j < d; j++) z += w[j] * xi[j];
      const err = sigmoid(z) - y[i];
      for (let j = 0; j < d; j++) g[j] += err * xi[j];
      g[d] += err;
    }
    for (let j = 0; j < p; j++) {
      const grad = g[j] / n + (j < d ? opts.l2 * w[j] : 0);
      m[j] = 0.9 * m[j] + 0.1 * grad;
      v[j] = 0.999 * v[j] + 0.001 * grad * grad;
      const mh = m[j] / (1 - 0.9 ** t);
      const vh = v[j] / (1 - 0.999 ** t);
      w[j] -= (opts.learningRate * mh) / (Math.sqrt(vh) + 1e-8);
    }
  }
  return { w: Array.from(w.subarray(0, d)), b: w[d] };
}

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}
