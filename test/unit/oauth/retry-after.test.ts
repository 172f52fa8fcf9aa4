import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../../src/main/oauth/errors';

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');

  it.each([
    ['30', 30],
    [' 0 ', 0],
    ['Wed, 01 Jan 2025 00:01:30 GMT', 90],
    ['Tue, 31 Dec 2024 23:00:00 GMT', 0],
  ])('%s → %s seconds', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });

  it.each([null, undefined, '', '-5', '1.5', 'soon', '12abc'])('%s → undefined', (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });
});
