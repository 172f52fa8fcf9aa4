/** A plain-text table: the first row is the header, columns padded to their widest cell. */
export function renderTable(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  const line = (row: readonly string[]) =>
    row
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const [head, ...body] = rows;
  if (!head) return '';
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

export const ms = (value: number | undefined): string =>
  value === undefined ? '—' : `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`;
export const kb = (bytes: number): string => `${(bytes / 1000).toFixed(1)} kB`;
export const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
export const times = (value: number | undefined): string =>
  value === undefined ? '—' : `${value.toFixed(2)}×`;
