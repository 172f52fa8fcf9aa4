/**
 * The one secret-removal routine of the main process. Everything that leaves the OAuth engine as
 * text goes through it: error messages and details, logs, history lines, test-call answers,
 * diagnostic reports, redacted URLs. One vendor (SumUp POS Pro) puts client_secret and code in the
 * token URL's query string, so URLs are never printed as they are.
 *
 * A secret is found however the text carries it:
 * - as is, URL-encoded (`%2F` or `%2f`), form-encoded (`+`), JSON-escaped (`\"`, `\/`, `\uXXXX`),
 *   as HTML entities (`&amp;`, `&#x2F;`, `&#47;`), or split across lines: these are decodings, so
 *   the text is searched a second time through a decoded view whose every character knows the
 *   range of the original it came from;
 * - base64 and base64url at any alignment (so `Basic base64(id:secret)` is caught by the secret's
 *   own encoding, whatever the id's length), and hex in either case: these are encodings, added as
 *   extra needles when the secret is registered;
 * - and, whatever the secret, every `Basic`/`Bearer` credential and every value of a secret
 *   parameter (`code=…`, `"refresh_token": "…"`) is removed by pattern.
 * Text is cut only after it is redacted ({@link SecretRegistry.truncate}), so a cut never leaves
 * the beginning of a token behind.
 */

export const REDACTED = '[redacted]';

/** Parameter names whose values are secrets wherever they appear (query, fragment, form text, JSON). */
export const SECRET_PARAMS: readonly string[] = [
  'client_secret',
  'code',
  'refresh_token',
  'access_token',
  'password',
  'code_verifier',
  'id_token',
  'assertion',
  'client_assertion',
  'state',
  'token',
  'device_code',
  'session_secret',
];

const SECRET_PARAM_SET = new Set(SECRET_PARAMS);

/** Secrets shorter than this are not searched for in free text: they would shred the text. */
export const MIN_SECRET_LENGTH = 4;

/**
 * A value a person typed (a password) shorter than this is registered only once the vendor
 * accepted it: a wrong "nope" must not turn every "nope" of every later response into [redacted].
 * The request that carried it still scrubs its own errors of it.
 */
export const TYPED_SECRET_FLOOR = 8;

/** Encoded needles (base64, hex) shorter than this are not searched: random text would match. */
const MIN_ENCODED_LENGTH = 8;

// ---- secret parameters by name -----------------------------------------------------------------

function redactParamString(raw: string): string {
  if (raw === '') return raw;
  return raw
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      let name: string;
      try {
        name = decodeURIComponent(pair.slice(0, eq).replace(/\+/g, ' '));
      } catch {
        name = pair.slice(0, eq);
      }
      return SECRET_PARAM_SET.has(name.toLowerCase()) ? `${pair.slice(0, eq)}=${REDACTED}` : pair;
    })
    .join('&');
}

/**
 * The URL with the values of secret parameters replaced by "[redacted]", in the query and in the
 * fragment, and with any user-info password removed. Text that is not a URL is redacted as free
 * text.
 */
export function redactUrl(url: string | URL): string {
  const text = typeof url === 'string' ? url : url.href;
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return redactParams(text);
  }
  let out = `${parsed.protocol}//`;
  if (parsed.username !== '' || parsed.password !== '') {
    out += parsed.password !== '' ? `${parsed.username}:${REDACTED}@` : `${parsed.username}@`;
  }
  out += `${parsed.host}${parsed.pathname}`;
  if (parsed.search !== '') out += `?${redactParamString(parsed.search.slice(1))}`;
  if (parsed.hash !== '') out += `#${redactParamString(parsed.hash.slice(1))}`;
  return out;
}

const NAMES = SECRET_PARAMS.join('|');
/** `name=value`, `name="value"` (quotes kept, value gone) in URLs, forms and free text. */
const PARAM_IN_TEXT = new RegExp(`(^|[?&#=\\s"'(,;])(${NAMES})=("[^"]*"|'[^']*'|[^&#\\s"'<>),;]*)`, 'gi');
/**
 * `"name": "value"` in JSON text, escaped quotes inside the value included. Only names that are
 * always secret: "code" and "state" are also an error's code and a connection's state.
 */
const JSON_NAMES = SECRET_PARAMS.filter((name) => !['code', 'state', 'token'].includes(name)).join('|');
const PARAM_IN_JSON = new RegExp(`("(?:${JSON_NAMES})"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, 'gi');
/** HTTP credentials: `Basic <token68>` and `Bearer <token68>`, whoever issued them. */
const CREDENTIAL = /\b(Basic|Bearer)(\s+)([A-Za-z0-9\-._~+/]+=*)/gi;

function requote(value: string): string {
  const quote = value[0];
  return quote === '"' || quote === "'" ? `${quote}${REDACTED}${quote}` : REDACTED;
}

/** Every secret parameter and credential in free text (URLs, form bodies, JSON, headers) redacted. */
export function redactParams(text: string): string {
  return text
    .replace(PARAM_IN_TEXT, (_m, lead: string, name: string, value: string) =>
      value === REDACTED || value === '' ? _m : `${lead}${name}=${requote(value)}`,
    )
    .replace(PARAM_IN_JSON, (_m, key: string) => `${key}"${REDACTED}"`)
    .replace(CREDENTIAL, (m: string, scheme: string, space: string, value: string, at: number, all: string) =>
      // Words ("Bearer authentication") and auth-params (`Bearer realm="x"`) are not credentials.
      value.length < 8 || (/^[A-Za-z]+$/.test(value) && value.length < 20) || all[at + m.length] === '"'
        ? m
        : `${scheme}${space}${REDACTED}`,
    );
}

// ---- needles: a secret's encoded forms ---------------------------------------------------------

/**
 * The parts of base64(x) that depend only on `secret`, for x holding the secret at each of the
 * three byte alignments: whatever precedes it (`id:` in Basic credentials), one of these is a
 * substring of the encoding.
 */
function base64Cores(bytes: Buffer): string[] {
  const out: string[] = [];
  for (let shift = 0; shift < 3; shift += 1) {
    const usable = bytes.subarray(shift);
    const whole = usable.subarray(0, usable.length - (usable.length % 3));
    if (whole.length === 0) continue;
    out.push(whole.toString('base64'), whole.toString('base64url'));
  }
  return out;
}

/** Every form a secret is searched in (decodings are handled by the decoded view). */
export function secretNeedles(secret: string): string[] {
  const out = new Set<string>([secret]);
  const uri = encodeURIComponent(secret);
  out.add(uri);
  out.add(uri.replace(/%20/g, '+'));
  out.add(new URLSearchParams({ s: secret }).toString().slice(2));
  const bytes = Buffer.from(secret, 'utf8');
  const encoded = [...base64Cores(bytes), bytes.toString('hex'), bytes.toString('hex').toUpperCase()];
  for (const form of encoded) if (form.length >= MIN_ENCODED_LENGTH) out.add(form);
  return [...out].filter((needle) => needle.length >= MIN_SECRET_LENGTH);
}

// ---- the decoded view ---------------------------------------------------------------------------

interface DecodedView {
  text: string;
  /** For each character of `text`, where it starts and ends in the original. */
  from: number[];
  to: number[];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", sol: '/' };
const JSON_ESCAPES: Record<string, string> = {
  '/': '/',
  '"': '"',
  '\\': '\\',
  "'": "'",
  t: '\t',
  b: '',
  f: '',
};
const MAY_BE_ENCODED = /[\\%&\r\n]/;

/**
 * The text with percent escapes (any case), JSON escapes, HTML entities and line breaks (with the
 * indentation after them) decoded away, one level deep.
 */
function decodedView(text: string): DecodedView | undefined {
  if (!MAY_BE_ENCODED.test(text)) return undefined;
  let out = '';
  const from: number[] = [];
  const to: number[] = [];
  const emit = (char: string, start: number, end: number) => {
    out += char;
    for (let k = 0; k < char.length; k += 1) {
      from.push(start);
      to.push(end);
    }
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\r' || c === '\n' || (c === '\\' && (text[i + 1] === 'n' || text[i + 1] === 'r'))) {
      // A line break: the secret may continue on the next line, after its indentation.
      i += c === '\\' ? 2 : 1;
      while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i += 1;
      continue;
    }
    if (c === '\\') {
      const next = text[i + 1];
      if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
        emit(String.fromCharCode(Number.parseInt(text.slice(i + 2, i + 6), 16)), i, i + 6);
        i += 6;
        continue;
      }
      if (next !== undefined && next in JSON_ESCAPES) {
        emit(JSON_ESCAPES[next]!, i, i + 2);
        i += 2;
        continue;
      }
    } else if (c === '%' && /^[0-7][0-9a-fA-F]$/.test(text.slice(i + 1, i + 3))) {
      emit(String.fromCharCode(Number.parseInt(text.slice(i + 1, i + 3), 16)), i, i + 3);
      i += 3;
      continue;
    } else if (c === '&') {
      const entity = /^&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,6});/.exec(text.slice(i, i + 12));
      const name = entity?.[1];
      const char =
        name === undefined
          ? undefined
          : name.startsWith('#x') || name.startsWith('#X')
            ? safeCodePoint(Number.parseInt(name.slice(2), 16))
            : name.startsWith('#')
              ? safeCodePoint(Number.parseInt(name.slice(1), 10))
              : ENTITIES[name.toLowerCase()];
      if (entity && char !== undefined) {
        emit(char, i, i + entity[0].length);
        i += entity[0].length;
        continue;
      }
    }
    emit(c, i, i + 1);
    i += 1;
  }
  return { text: out, from, to };
}

function safeCodePoint(code: number): string | undefined {
  return code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
}

/** `%2f` as `%2F`: same length, so positions stay those of the original. */
function upperPercent(text: string): string {
  return text.includes('%') ? text.replace(/%[0-9a-f]{2}/gi, (escape) => escape.toUpperCase()) : text;
}

// ---- finding many needles at once -------------------------------------------------------------

/**
 * Finds many fixed strings in a text in one pass. Needles are indexed by their last characters
 * (12 for long ones, 4 for short ones): tokens often share a beginning (every JWT starts "eyJhbGci")
 * but rarely an end, so each position of the text costs two map look-ups however many secrets a
 * long-running app has seen.
 */
const LONG_KEY = 12;

class NeedleIndex {
  readonly #long = new Map<string, string[]>();
  readonly #short = new Map<string, string[]>();
  #count = 0;

  get empty(): boolean {
    return this.#count === 0;
  }

  add(needle: string): void {
    if (needle.length < MIN_SECRET_LENGTH) return;
    const [map, key] =
      needle.length >= LONG_KEY
        ? [this.#long, needle.slice(-LONG_KEY)]
        : [this.#short, needle.slice(-MIN_SECRET_LENGTH)];
    const list = map.get(key) ?? [];
    if (!list.includes(needle)) {
      list.push(needle);
      this.#count += 1;
    }
    map.set(key, list);
  }

  /** Every [start, end) where a needle occurs. */
  find(text: string): [number, number][] {
    const ranges: [number, number][] = [];
    if (this.#count === 0) return ranges;
    for (let end = MIN_SECRET_LENGTH; end <= text.length; end += 1) {
      const short = this.#short.get(text.slice(end - MIN_SECRET_LENGTH, end));
      const long = end >= LONG_KEY ? this.#long.get(text.slice(end - LONG_KEY, end)) : undefined;
      for (const candidates of [short, long]) {
        if (!candidates) continue;
        for (const needle of candidates) {
          if (text.endsWith(needle, end)) ranges.push([end - needle.length, end]);
        }
      }
    }
    return ranges;
  }
}

/** The ranges of the original text where a needle occurs, as is or through the decoded view. */
function findSecrets(text: string, index: NeedleIndex): [number, number][] {
  if (index.empty) return [];
  const ranges = index.find(upperPercent(text));
  const view = decodedView(text);
  if (view) {
    for (const [start, end] of index.find(view.text)) ranges.push([view.from[start]!, view.to[end - 1]!]);
  }
  return ranges;
}

function replaceRanges(text: string, ranges: [number, number][]): string {
  if (ranges.length === 0) return text;
  ranges.sort((x, y) => x[0] - y[0]);
  let out = '';
  let cursor = 0;
  let [start, stop] = ranges[0]!;
  for (const [from, to] of ranges.slice(1)) {
    if (from <= stop) stop = Math.max(stop, to);
    else {
      out += text.slice(cursor, start) + REDACTED;
      cursor = stop;
      [start, stop] = [from, to];
    }
  }
  return out + text.slice(cursor, start) + REDACTED + text.slice(stop);
}

function indexOf(secrets: Iterable<string | undefined | null>): NeedleIndex {
  const index = new NeedleIndex();
  for (const secret of secrets) {
    if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) continue;
    secretNeedles(secret).forEach((needle) => index.add(needle));
  }
  return index;
}

function redactWith(text: string, index: NeedleIndex): string {
  return redactParams(replaceRanges(text, findSecrets(text, index)));
}

/** A structured value with every string (and key) redacted, field by field: never re-parsed. */
function redactValueWith<T>(value: T, redact: (text: string) => string): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => redactValueWith(item, redact)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[redact(key)] = redactValueWith(item, redact);
    return out as T;
  }
  return value;
}

/** The first `limit` characters of already-redacted text, never ending inside a "[redacted]" mark. */
function cut(text: string, limit: number): string {
  if (text.length <= limit) return text;
  let out = text.slice(0, limit);
  const open = out.lastIndexOf('[');
  if (open >= 0 && REDACTED.startsWith(out.slice(open)) && out.length - open < REDACTED.length) {
    out = out.slice(0, open);
  }
  return out;
}

/**
 * The text with the given secrets (in every form above) and every secret parameter and credential
 * removed. For one-off lists (the secrets of one request); long-lived ones go in a SecretRegistry.
 */
export function redactText(text: string, secrets: Iterable<string | undefined | null> = []): string {
  return redactWith(text, indexOf(secrets));
}

/** The text redacted of the given secrets, then cut to `limit` characters (never the reverse). */
export function truncateRedacted(
  text: string,
  limit: number,
  secrets: Iterable<string | undefined | null> = [],
): string {
  return cut(redactText(text, secrets), limit);
}

/**
 * The secrets one process knows (tokens, client secrets, accepted passwords), for scrubbing
 * everything that leaves the main process: register each secret when it is read or received,
 * redact every line before it is written. Held in memory only, like the values it protects. The
 * encoded forms of each secret are worked out once, when it is added, not on every line.
 */
export class SecretRegistry {
  readonly #secrets = new Set<string>();
  #index: NeedleIndex | undefined;

  /** Secrets a vendor issued or the vault holds (tokens, client secrets, an accepted password). */
  add(...secrets: (string | undefined | null)[]): this {
    for (const secret of secrets) {
      if (typeof secret === 'string' && secret.length >= MIN_SECRET_LENGTH && !this.#secrets.has(secret)) {
        this.#secrets.add(secret);
        if (this.#index) secretNeedles(secret).forEach((needle) => this.#index?.add(needle));
      }
    }
    return this;
  }

  /**
   * A value a person typed that the vendor has not accepted yet: registered only from
   * TYPED_SECRET_FLOOR characters. Call add() once the vendor accepted it.
   */
  addTyped(value: string | undefined): this {
    return value !== undefined && value.length >= TYPED_SECRET_FLOOR ? this.add(value) : this;
  }

  delete(secret: string): void {
    if (this.#secrets.delete(secret)) this.#index = undefined;
  }

  get size(): number {
    return this.#secrets.size;
  }

  #needles(): NeedleIndex {
    this.#index ??= indexOf(this.#secrets);
    return this.#index;
  }

  /** Whether the text contains any registered secret, in any form. */
  leaks(text: string): boolean {
    return findSecrets(text, this.#needles()).length > 0;
  }

  redact(text: string, extra: Iterable<string | undefined | null> = []): string {
    const once = redactWith(text, this.#needles());
    const more = [...extra];
    return more.length > 0 ? redactText(once, more) : once;
  }

  /** A structured value (a history event, a report) redacted string by string, never re-parsed. */
  redactValue<T>(value: T, extra: Iterable<string | undefined | null> = []): T {
    const more = [...extra];
    return redactValueWith(value, (text) => this.redact(text, more));
  }

  /** Redacted first, then cut: a body cut at `limit` never ends with the start of a token. */
  truncate(text: string, limit: number): string {
    return cut(this.redact(text), limit);
  }

  redactUrl(url: string | URL): string {
    return this.redact(redactUrl(url));
  }

  clear(): void {
    this.#secrets.clear();
    this.#index = undefined;
  }
}
