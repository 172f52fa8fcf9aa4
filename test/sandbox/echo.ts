import type { RequestContext } from './context';

/**
 * The "echo" fault: a vendor that hands back what it received, so a leak scan has something to
 * find. The answer holds the request's headers and body as they came, and every secret the request
 * carried (bearer token, Basic credentials, client_secret, refresh_token, code, code_verifier,
 * password) in every encoding a careless server or proxy might use: as is, base64, base64url, hex
 * (both cases), `Basic base64(id:secret)`, percent-encoded in upper and lower case, form-encoded,
 * JSON with `\/` escapes, HTML entities (named and numeric), and split across two lines.
 *
 * Written without the app's code on purpose: the encodings here are the test's own, so a gap in
 * the app's redaction shows as a leak instead of being shared by both sides.
 */

const SECRET_FIELDS = ['client_secret', 'refresh_token', 'code', 'code_verifier', 'password', 'access_token'];

function percent(value: string, lower: boolean): string {
  const bytes = Buffer.from(value, 'utf8');
  let out = '';
  for (const byte of bytes) {
    const hex = byte.toString(16).padStart(2, '0');
    out += `%${lower ? hex : hex.toUpperCase()}`;
  }
  return out;
}

function htmlEntities(value: string, numeric: boolean): string {
  return [...value]
    .map((char) => {
      if (/[A-Za-z0-9]/.test(char)) return char;
      if (numeric) return `&#x${char.codePointAt(0)!.toString(16).toUpperCase()};`;
      return (
        ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' } as Record<string, string>)[
          char
        ] ?? `&#${char.codePointAt(0)};`
      );
    })
    .join('');
}

/** One secret in every encoding the echo uses, by name. */
export function echoEncodings(value: string): Record<string, string> {
  const middle = Math.floor(value.length / 2);
  return {
    raw: value,
    base64: Buffer.from(value).toString('base64'),
    base64url: Buffer.from(value).toString('base64url'),
    hex: Buffer.from(value).toString('hex'),
    HEX: Buffer.from(value).toString('hex').toUpperCase(),
    percentUpper: percent(value, false),
    percentLower: percent(value, true),
    form: new URLSearchParams({ v: value }).toString().slice(2),
    jsonSlashEscaped: JSON.stringify(value).slice(1, -1).replace(/\//g, '\\/'),
    htmlNamed: htmlEntities(value, false),
    htmlNumeric: htmlEntities(value, true),
    splitAcrossLines: `${value.slice(0, middle)}\n    ${value.slice(middle)}`,
  };
}

/** The secrets one request carried: [label, value, client id for Basic]. */
export function secretsOfRequest(ctx: RequestContext): { label: string; value: string; id?: string }[] {
  const out: { label: string; value: string; id?: string }[] = [];
  const authorization = ctx.req.headers.authorization ?? '';
  const bearer = /^Bearer\s+(\S+)/i.exec(authorization)?.[1];
  if (bearer) out.push({ label: 'bearer', value: bearer });
  const basic = /^Basic\s+(\S+)/i.exec(authorization)?.[1];
  if (basic) {
    const decoded = Buffer.from(basic, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) {
      const id = decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' '));
      out.push({
        label: 'basic secret',
        value: decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' ')),
        id,
      });
    }
  }
  const clientId = ctx.body.params.get('client_id') ?? ctx.query.params.get('client_id');
  for (const field of SECRET_FIELDS) {
    const value = ctx.body.params.get(field) ?? ctx.query.params.get(field);
    if (value) out.push({ label: field, value, ...(clientId ? { id: clientId } : {}) });
  }
  return out;
}

/**
 * The echo text. With `padTo`, the first secret starts 8 characters before that offset, so a
 * client that cuts the body there keeps the beginning of a token unless it redacts first.
 */
export function echoText(ctx: RequestContext, rawBody: string, padTo?: number): string {
  const secrets = secretsOfRequest(ctx);
  const lines: string[] = [];
  const first = secrets[0];
  if (padTo !== undefined && first) lines.push(`${'.'.repeat(Math.max(0, padTo - 8))}${first.value}`);
  lines.push(`${ctx.req.method ?? 'GET'} ${ctx.url.pathname}${ctx.url.search}`);
  for (const [name, value] of Object.entries(ctx.req.headers)) lines.push(`${name}: ${String(value)}`);
  lines.push('', rawBody, '');
  for (const secret of secrets) {
    for (const [encoding, form] of Object.entries(echoEncodings(secret.value))) {
      lines.push(`${secret.label} ${encoding}: ${form}`);
    }
    if (secret.id !== undefined) {
      lines.push(
        `${secret.label} as Basic: Basic ${Buffer.from(`${secret.id}:${secret.value}`).toString('base64')}`,
      );
    }
  }
  return lines.join('\n');
}
