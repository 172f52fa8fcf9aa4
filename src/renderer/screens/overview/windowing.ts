/** Extra rows rendered above and below the viewport, so that Tab and quick scrolls find rows there. */
export const OVERSCAN = 10;

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
