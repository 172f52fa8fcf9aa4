/** Dates and durations through Intl, in the current language. */

export function formatDateTime(iso: string | undefined, language: string): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'medium' }).format(date);
}

// Building an Intl formatter costs far more than using one, and every live countdown formats twice
// a second: one formatter per language and options, kept.
const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(language: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${language}\n${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(language, options);
    numberFormats.set(key, format);
  }
  return format;
}

const UNITS = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1000],
] as const;

/** "2d 3h", "59m 12s", "12s": the two largest non-zero units. */
export function formatDuration(ms: number, language: string): string {
  let rest = Math.max(0, Math.floor(Math.abs(ms) / 1000) * 1000);
  const parts: string[] = [];
  for (const [unit, size] of UNITS) {
    const value = Math.floor(rest / size);
    rest -= value * size;
    if (value > 0 || (parts.length === 0 && unit === 'second')) {
      parts.push(numberFormat(language, { style: 'unit', unit, unitDisplay: 'narrow' }).format(value));
    }
    if (parts.length === 2) break;
    if (parts.length === 1 && value === 0) break;
  }
  return parts.join(' ');
}

/** A coarse duration for screen readers: "about 3 hours". */
export function formatCoarseDuration(ms: number, language: string): string {
  const abs = Math.abs(ms);
  for (const [unit, size] of UNITS) {
    if (abs >= size || unit === 'second') {
      const value = Math.round(abs / size);
      return numberFormat(language, { style: 'unit', unit, unitDisplay: 'long' }).format(value);
    }
  }
  return '';
}

export function formatNumber(value: number, language: string): string {
  return numberFormat(language, {}).format(value);
}
