import { formatDuration } from '../../i18n/format';
import { collatorFor } from '../../store/selectors';

/**
 * Chromium's ICU builds its collation and unit-format data on first use: 20–90 ms for the first
 * Intl.Collator and 20–60 ms for the first unit NumberFormat on the bench machine, paid by the
 * overview's first sort and first countdown. Done while the window waits for the first list, that
 * time is off the path to a usable overview. (Both are cached: nothing is built twice.)
 */
export function warmUpOverviewFormats(locale: string): void {
  collatorFor(locale).compare('a', 'b');
  formatDuration(90_061_000, locale); // ICU loads the unit data once, for every unit
}
