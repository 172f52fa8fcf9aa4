/** Order statistics for the bench: medians and p90 over raw samples, no smoothing, no outlier removal. */

export interface Summary {
  n: number;
  median: number;
  p90: number;
  min: number;
  max: number;
}

/**
 * The q-quantile (0..1) by linear interpolation between closest ranks (the "R-7" / Excel method,
 * the one numpy uses by default).
 */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) throw new RangeError('no samples');
  if (!(q >= 0 && q <= 1)) throw new RangeError('q must be within 0..1');
  const sorted = [...samples].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sorted[lower] as number;
  const high = sorted[upper] as number;
  return low + (high - low) * (position - lower);
}

export function summarize(samples: readonly number[]): Summary {
  return {
    n: samples.length,
    median: quantile(samples, 0.5),
    p90: quantile(samples, 0.9),
    min: Math.min(...samples),
    max: Math.max(...samples),
  };
}

/** Ratio of medians; undefined without a baseline. */
export function ratio(subject: number, baseline: number | undefined): number | undefined {
  if (baseline === undefined || baseline <= 0) return undefined;
  return subject / baseline;
}
