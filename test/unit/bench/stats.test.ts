import { describe, expect, it } from 'vitest';
import { quantile, ratio, summarize } from '../../../bench/lib/stats';
import { renderTable } from '../../../bench/lib/table';

describe('bench statistics', () => {
  it('takes the median of odd and even sample counts', () => {
    expect(quantile([3, 1, 2], 0.5)).toBe(2);
    expect(quantile([4, 1, 3, 2], 0.5)).toBe(2.5);
  });

  it('interpolates p90 between closest ranks (R-7)', () => {
    const samples = Array.from({ length: 10 }, (_, i) => i + 1);
    expect(quantile(samples, 0.9)).toBeCloseTo(9.1);
    expect(summarize(samples)).toMatchObject({ n: 10, median: 5.5, min: 1, max: 10 });
  });

  it('refuses empty samples and out-of-range quantiles', () => {
    expect(() => quantile([], 0.5)).toThrow(RangeError);
    expect(() => quantile([1], 1.5)).toThrow(RangeError);
  });

  it('has no ratio without a baseline', () => {
    expect(ratio(2, 1)).toBe(2);
    expect(ratio(2, undefined)).toBeUndefined();
    expect(ratio(2, 0)).toBeUndefined();
  });

  it('pads table columns', () => {
    expect(
      renderTable([
        ['a', 'bb'],
        ['ccc', 'd'],
      ]),
    ).toBe('a    bb\n---  --\nccc  d');
  });
});
