/**
 * The tests' own leak scanner, shared by the integration and browser tests. It does not use the
 * app's redaction code: it decodes whatever it is given (percent escapes in any case, HTML
 * entities, JSON escapes, line breaks, and every base64, base64url or hex run) and looks for each
 * secret as is in every decoded form. A gap in the app's redaction therefore shows here as a leak.
 */

export interface KnownSecret {
  kind: string;
  vendor: string;
  value: string;
}

/** Secrets shorter than this are not scanned for (they would match ordinary text). */
const MIN_SCANNED = 6;

function percentDecoded(text: string): string {
  return text.replace(/(%[0-9a-fA-F]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

function htmlDecoded(text: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (entity, name: string) => {
    if (name.startsWith('#x')) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
    return named[name.toLowerCase()] ?? entity;
  });
}

function jsonUnescaped(text: string): string {
  return text.replace(/\\(u[0-9a-fA-F]{4}|["\\/bfnrt])/g, (_m, escape: string) => {
    if (escape.startsWith('u')) return String.fromCharCode(Number.parseInt(escape.slice(1), 16));
    return ({ b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' } as Record<string, string>)[escape] ?? escape;
  });
}

function linesJoined(text: string): string {
  return text.replace(/\r?\n[ \t]*/g, '');
}

/** Every base64/base64url and hex run of the text, decoded. */
function binaryRuns(text: string): string[] {
  const out: string[] = [];
  for (const run of text.match(/[A-Za-z0-9+/_-]{8,}={0,2}/g) ?? []) {
    out.push(Buffer.from(run, 'base64').toString('latin1'));
    if (/^[0-9a-fA-F]+$/.test(run) && run.length % 2 === 0)
      out.push(Buffer.from(run, 'hex').toString('latin1'));
  }
  return out;
}

/** The text in every decoded form the scanner searches. */
export function decodedForms(text: string): string[] {
  const full = linesJoined(jsonUnescaped(htmlDecoded(percentDecoded(text))));
  const forms = [text, percentDecoded(text), htmlDecoded(text), jsonUnescaped(text), linesJoined(text), full];
  return [...forms, ...binaryRuns(text).concat(binaryRuns(full))];
}

/** "where: kind (vendor) abcd…" for every secret found in a place, in any form. */
export function findLeaks(secrets: readonly KnownSecret[], places: Record<string, string>): string[] {
  const hits: string[] = [];
  const scanned = secrets.filter((secret) => secret.value.length >= MIN_SCANNED);
  for (const [where, text] of Object.entries(places)) {
    const forms = decodedForms(text);
    for (const secret of scanned) {
      // Decoded bytes are read as latin1: a non-ASCII secret is looked for in that form too.
      const asLatin1 = Buffer.from(secret.value, 'utf8').toString('latin1');
      if (forms.some((form) => form.includes(secret.value) || form.includes(asLatin1))) {
        hits.push(`${where}: ${secret.kind} (${secret.vendor}) ${secret.value.slice(0, 4)}…`);
      }
    }
  }
  return hits;
}
