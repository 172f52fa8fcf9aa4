import type { ProviderDefinition } from '../../shared/providers/provider-schema';

/**
 * Vendor encodings of a token request. oauth4webapi always builds an
 * application/x-www-form-urlencoded body (RFC 6749 §4.1.3); its `customFetch` hook hands that body
 * to us just before it goes out, and this module re-encodes it the way the vendor wants, without
 * touching what the library decided to send (parameters, client authentication header).
 *
 * - form: unchanged (RFC 6749).
 * - query: every parameter, client_secret and code included, in the URL query string of a POST
 *   with an empty body (SumUp POS Pro's documented curl). The URL must then be redacted wherever
 *   it is shown (see security/redact.ts).
 * - json: one JSON object of string values, Content-Type: application/json (Chimpy).
 * - multipart: multipart/form-data, one part per parameter (Taptouch's curl -F examples).
 */

export type TokenEncoding = ProviderDefinition['tokenRequest']['encoding'];

export interface OutgoingRequest {
  url: string;
  init: RequestInit;
}

function formParams(body: RequestInit['body']): URLSearchParams | undefined {
  if (body instanceof URLSearchParams) return body;
  if (typeof body === 'string') return new URLSearchParams(body);
  return undefined;
}

/** The same request, its form body re-encoded for the vendor. Non-form bodies pass through. */
export function reencodeRequest(encoding: TokenEncoding, url: string, init: RequestInit): OutgoingRequest {
  const params = formParams(init.body);
  if (encoding === 'form' || params === undefined) return { url, init };
  const headers = new Headers(init.headers);
  switch (encoding) {
    case 'query': {
      const target = new URL(url);
      for (const [name, value] of params) target.searchParams.append(name, value);
      // The vendor's own example keeps the form content type on the empty-bodied POST.
      return { url: target.href, init: { ...init, headers, body: null } };
    }
    case 'json': {
      const object: Record<string, string> = {};
      for (const [name, value] of params) object[name] = value;
      headers.set('content-type', 'application/json');
      return { url, init: { ...init, headers, body: JSON.stringify(object) } };
    }
    case 'multipart': {
      const form = new FormData();
      for (const [name, value] of params) form.append(name, value);
      // fetch writes the multipart content type with its boundary.
      headers.delete('content-type');
      return { url, init: { ...init, headers, body: form } };
    }
  }
}
