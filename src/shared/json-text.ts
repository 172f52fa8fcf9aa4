/**
 * JSON.parse that says where the text goes wrong, as a line and a column a person can find in an
 * editor. The engine's own message is not passed on: recent engines quote the text around the
 * error, and a credentials file's text holds a client secret.
 */
export type JsonParseResult = { ok: true; value: unknown } | { ok: false; line: number; column: number };

export function parseJsonText(text: string): JsonParseResult {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const message = error instanceof Error ? error.message : '';
    const lineColumn = /line (\d+) column (\d+)/.exec(message);
    if (lineColumn) return { ok: false, line: Number(lineColumn[1]), column: Number(lineColumn[2]) };
    const position = /position (\d+)/.exec(message);
    // "Unexpected end of JSON input" names no position: the text ended too soon.
    return { ok: false, ...lineAndColumn(text, position ? Number(position[1]) : text.length) };
  }
}

/** 1-based line and column of a 0-based offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}
