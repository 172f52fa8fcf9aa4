/**
 * Secret removal for anything that leaves the OAuth engine as text: error messages and details,
 * logs, diagnostic reports, redacted URLs. One vendor (SumUp POS Pro) puts client_secret and code
 * in the token URL's query string, so URLs are never printed as they are.
 */

export const REDACTED = '[redacted]';

/** Parameter names whose values are secrets wherever they appear (query, fragment, form text). */
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
];

const SECRET_PARAM_SET = new Set(SECRET_PARAMS);

/** Secrets shorter than this are not searched for in free text: they would shred the text. */
const MIN_SECRET_LENGTH = 4;

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
 * The URL with the values of secret parameters (client_secret, code, refresh_token, access_token,
 * password, code_verifier, id_token, assertion, state, ...) replaced by "[redacted]", in the query
 * and in the fragment, and with any user-info password removed. Text that is not a URL is
 * redacted as free text (every `name=value` of a secret parameter).
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

const PARAM_IN_TEXT = new RegExp(`(^|[?&#\\s"'(,;])(${SECRET_PARAMS.join('|')})=([^&#\\s"'<>),;]*)`, 'gi');

/** Every `secret_param=value` in free text (URLs embedded in a message, a form body) redacted. */
export function redactParams(text: string): string {
  return text.replace(PARAM_IN_TEXT, (_m, lead: string, name: string) => `${lead}${name}=${REDACTED}`);
}

function variants(secret: string): string[] {
  const out = new Set<string>([secret]);
  const uri = encodeURIComponent(secret);
  out.add(uri);
  out.add(uri.replace(/%20/g, '+'));
  out.add(new URLSearchParams({ s: secret }).toString().slice(2));
  out.add(JSON.stringify(secret).slice(1, -1));
  return [...out];
}

/**
 * The text with every listed secret (and its URL-, form- and JSON-escaped forms) replaced by
 * "[redacted]", and every secret URL parameter redacted too. Secrets shorter than 4 characters are
 * ignored (redacting "a" would destroy the message and protects nothing).
 */
export function redactText(text: string, secrets: Iterable<string | undefined | null> = []): string {
  const needles = new Set<string>();
  for (const secret of secrets) {
    if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) continue;
    for (const v of variants(secret)) if (v.length >= MIN_SECRET_LENGTH) needles.add(v);
  }
  let out = text;
  for (const needle of [...needles].sort((a, b) => b.length - a.length)) {
    out = out.split(needle).join(REDACTED);
  }
  return redactParams(out);
}

/**
 * Finds many fixed strings in a text in one pass. Needles are indexed by their last characters
 * (12 for long ones, 4 for short ones): tokens often share a beginning (every JWT starts "eyJhbGci")
 * but rarely an end, so each position of the text costs two map look-ups however many secrets a
 * long-running app has seen. Overlapping matches are redacted as one range.
 */
const LONG_KEY = 12;

class NeedleIndex {
  readonly #long = new Map<string, string[]>();
  readonly #short = new Map<string, string[]>();

  add(needle: string): void {
    if (needle.length < MIN_SECRET_LENGTH) return;
    const [map, key] =
      needle.length >= LONG_KEY
        ? [this.#long, needle.slice(-LONG_KEY)]
        : [this.#short, needle.slice(-MIN_SECRET_LENGTH)];
    const list = map.get(key) ?? [];
    if (!list.includes(needle)) list.push(needle);
    map.set(key, list);
  }

  /** The text with every needle replaced; `undefined` when nothing matched. */
  replace(text: string, replacement: string): string | undefined {
    const ranges: [number, number][] = [];
    for (let end = MIN_SECRET_LENGTH; end <= text.length; end += 1) {
      const candidates = [...(this.#short.get(text.slice(end - MIN_SECRET_LENGTH, end)) ?? [])];
      if (end >= LONG_KEY) candidates.push(...(this.#long.get(text.slice(end - LONG_KEY, end)) ?? []));
      for (const needle of candidates) {
        if (text.endsWith(needle, end)) ranges.push([end - needle.length, end]);
      }
    }
    if (ranges.length === 0) return undefined;
    ranges.sort((x, y) => x[0] - y[0]);
    let out = '';
    let cursor = 0;
    let [start, stop] = ranges[0]!;
    for (const [from, to] of ranges.slice(1)) {
      if (from <= stop) stop = Math.max(stop, to);
      else {
        out += text.slice(cursor, start) + replacement;
        cursor = stop;
        [start, stop] = [from, to];
      }
    }
    return out + text.slice(cursor, start) + replacement + text.slice(stop);
  }
}

/**
 * The secrets one process knows (tokens, client secrets, passwords), for scrubbing log lines and
 * reports: register each secret when it is read or received, redact every line before it is
 * written. It holds secrets in memory only, like the values it protects. The escaped forms of each
 * secret are worked out once, when it is added, not on every line.
 */
export class SecretRegistry {
  readonly #secrets = new Set<string>();
  #index: NeedleIndex | undefined;

  add(...secrets: (string | undefined | null)[]): this {
    for (const secret of secrets) {
      if (typeof secret === 'string' && secret.length >= MIN_SECRET_LENGTH && !this.#secrets.has(secret)) {
        this.#secrets.add(secret);
        if (this.#index) variants(secret).forEach((variant) => this.#index?.add(variant));
      }
    }
    return this;
  }

  delete(secret: string): void {
    if (this.#secrets.delete(secret)) this.#index = undefined;
  }

  get size(): number {
    return this.#secrets.size;
  }

  #needles(): NeedleIndex {
    if (!this.#index) {
      const index = new NeedleIndex();
      for (const secret of this.#secrets) variants(secret).forEach((variant) => index.add(variant));
      this.#index = index;
    }
    return this.#index;
  }

  /** Whether the text contains any registered secret, as is or escaped. */
  leaks(text: string): boolean {
    return this.#needles().replace(text, REDACTED) !== undefined;
  }

  redact(text: string): string {
    return redactParams(this.#needles().replace(text, REDACTED) ?? text);
  }

  redactUrl(url: string | URL): string {
    return this.redact(redactUrl(url));
  }

  clear(): void {
    this.#secrets.clear();
    this.#index = undefined;
  }
}
