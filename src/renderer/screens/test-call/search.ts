export interface Segment {
  text: string;
  match: boolean;
}

/** Splits text around case-insensitive occurrences of query. */
export function splitMatches(text: string, query: string): { segments: Segment[]; count: number } {
  if (!query) return { segments: [{ text, match: false }], count: 0 };
  const lower = text.toLowerCase();
  const needle = query.toLowerCase();
  const segments: Segment[] = [];
  let count = 0;
  let from = 0;
  for (;;) {
    const at = lower.indexOf(needle, from);
    if (at < 0) break;
    if (at > from) segments.push({ text: text.slice(from, at), match: false });
    segments.push({ text: text.slice(at, at + needle.length), match: true });
    count += 1;
    from = at + needle.length;
  }
  if (from < text.length) segments.push({ text: text.slice(from), match: false });
  return { segments, count };
}

/** Only the lines that contain the query. */
export function matchingLines(text: string, query: string): string {
  if (!query) return text;
  const needle = query.toLowerCase();
  return text
    .split('\n')
    .filter((line) => line.toLowerCase().includes(needle))
    .join('\n');
}
