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
 * The secrets one process knows (tokens, client secrets, passwords), for scrubbing log lines and
 * reports: register each secret when it is read or received, redact every line before it is
 * written. It holds secrets in memory only, like the values it protects.
 */
export class SecretRegistry {
  readonly #secrets = new Set<string>();

  add(...secrets: (string | undefined | null)[]): this {
    for (const secret of secrets) {
      if (typeof secret === 'string' && secret.length >= MIN_SECRET_LENGTH) this.#secrets.add(secret);
    }
    return this;
  }

  delete(secret: string): void {
    this.#secrets.delete(secret);
  }

  get size(): number {
    return this.#secrets.size;
  }

  /** Whether the text contains any registered secret, as is or escaped. */
  leaks(text: string): boolean {
    for (const secret of this.#secrets) {
      if (variants(secret).some((v) => text.includes(v))) return true;
    }
    return false;
  }

  redact(text: string): string {
    return redactText(text, this.#secrets);
  }

  redactUrl(url: string | URL): string {
    return redactText(redactUrl(url), this.#secrets);
  }

  clear(): void {
    this.#secrets.clear();
  }
}
