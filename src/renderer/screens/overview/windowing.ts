/**
 * Extra rows rendered above and below the viewport, so that Tab and quick scrolls find rows there.
 * Each costs render time on every keystroke and page switch: a few are enough for Tab (the focused
 * row is scrolled into view, which renders the next ones).
 */
export const OVERSCAN = 5;

export interface RowRange {
  /** First row rendered (inclusive) and the one after the last. */
  start: number;
  end: number;
  /** Rows not rendered above and below: their height is kept by spacers. */
  before: number;
  after: number;
}

/** Which of `count` rows of equal height to render for a viewport scrolled to `scrollTop`. */
export function visibleRange(options: {
  count: number;
  rowHeight: number;
  scrollTop: number;
  viewportHeight: number;
  overscan?: number;
}): RowRange {
  const { count, rowHeight, scrollTop, viewportHeight, overscan = OVERSCAN } = options;
  const firstVisible = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const lastVisible = Math.ceil((Math.max(0, scrollTop) + Math.max(0, viewportHeight)) / rowHeight);
  const start = Math.min(count, Math.max(0, firstVisible - overscan));
  const end = Math.min(count, Math.max(start, lastVisible + overscan));
  return { start, end, before: start, after: count - end };
}

/**
 * The range widened to keep the row that has the keyboard focus, and the rows around it, rendered:
 * Tab reaches the next row before the scroll it causes is measured. The rows in view always win: a
 * focused row scrolled far away (with the wheel) is let go.
 */
export function withFocusedRow(
  range: RowRange,
  focused: number | null,
  count: number,
  overscan = OVERSCAN,
): RowRange {
  if (focused === null || focused < 0 || focused >= count) return range;
  const around = { start: Math.max(0, focused - overscan), end: Math.min(count, focused + overscan + 1) };
  const near = around.start <= range.end + overscan && around.end >= range.start - overscan;
  if (!near) return range;
  const start = Math.min(range.start, around.start);
  const end = Math.max(range.end, around.end);
  return { start, end, before: start, after: count - end };
}
