/**
 * Where a JSON text stops being JSON, as a line and a column a person can go to. JSON.parse says
 * this only sometimes ("at position N" in some V8 messages, nothing in others), so the text is
 * scanned once by the grammar of RFC 8259 when JSON.parse has refused it.
 */

export interface JsonSyntaxProblem {
  /** 1-based, as editors count. */
  line: number;
  column: number;
  /** What was expected or found there, in plain words. */
  reason: string;
}

export function locateJsonSyntaxError(text: string): JsonSyntaxProblem | undefined {
  let at = 0;
  const fail = (reason: string): never => {
    throw new Located(at, reason);
  };
  const space = () => {
    while (at < text.length && ' \t\n\r'.includes(text[at]!)) at++;
  };
  const literal = (word: string) => {
    for (const char of word) {
      if (text[at] !== char) fail(`expected ${word}`);
      at++;
    }
  };
  const string = () => {
    at++; // the opening quote
    for (;;) {
      if (at >= text.length) fail('a text value is not closed with "');
      const char = text[at]!;
      if (char === '"') {
        at++;
        return;
      }
      if (char < ' ') fail('a line break or control character inside a text value');
      if (char === '\\') {
        at++;
        const escape = text[at];
        if (escape === 'u') {
          for (let i = 1; i <= 4; i++) if (!/[0-9a-fA-F]/.test(text[at + i] ?? '')) fail('a bad \\u escape');
          at += 5;
          continue;
        }
        if (escape === undefined || !'"\\/bfnrt'.includes(escape)) fail('a bad escape after \\');
      }
      at++;
    }
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(at, at + 400));
    if (!match) fail('a bad number');
    at += match![0].length;
  };
  const value = (): void => {
    space();
    const char = text[at];
    if (char === undefined) fail('the file ends where a value was expected');
    if (char === '{') return object();
    if (char === '[') return array();
    if (char === '"') return string();
    if (char === 't') return literal('true');
    if (char === 'f') return literal('false');
    if (char === 'n') return literal('null');
    if (char === '-' || (char! >= '0' && char! <= '9')) return number();
    fail(`unexpected ${JSON.stringify(char)}`);
  };
  const object = () => {
    at++;
    space();
    if (text[at] === '}') {
      at++;
      return;
    }
    for (;;) {
      space();
      if (text[at] !== '"') fail(text[at] === '}' ? 'a comma before }' : 'expected a "quoted" field name');
      string();
      space();
      if (text[at] !== ':') fail('expected : after the field name');
      at++;
      value();
      space();
      if (text[at] === ',') {
        at++;
        continue;
      }
      if (text[at] === '}') {
        at++;
        return;
      }
      fail('expected , or } after a value');
    }
  };
  const array = () => {
    at++;
    space();
    if (text[at] === ']') {
      at++;
      return;
    }
    for (;;) {
      value();
      space();
      if (text[at] === ',') {
        at++;
        continue;
      }
      if (text[at] === ']') {
        at++;
        return;
      }
      fail('expected , or ] after a value');
    }
  };

  try {
    if (text.charCodeAt(0) === 0xfeff) at = 1;
    value();
    space();
    if (at < text.length) fail('more text after the end of the JSON value');
    return undefined;
  } catch (error) {
    if (!(error instanceof Located)) throw error;
    return { ...lineAndColumn(text, error.offset), reason: error.reason };
  }
}

class Located {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {}
}

/** 1-based line and column of a 0-based offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * JSON.parse that says where the text goes wrong. The engine's own message is not passed on: recent
 * engines quote the text around the error, and a credentials file's text holds a client secret.
 */
export type JsonParseResult = { ok: true; value: unknown } | { ok: false; line: number; column: number };

export function parseJsonText(text: string): JsonParseResult {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    // Should the scanner accept what JSON.parse refused, the end of the text is the place to look.
    const problem = locateJsonSyntaxError(text) ?? lineAndColumn(text, text.length);
    return { ok: false, line: problem.line, column: problem.column };
  }
}
