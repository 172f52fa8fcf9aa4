import type { IncomingMessage } from 'node:http';
import { HttpError } from './errors';

/** Bodies larger than this are refused with 413: nothing a vendor accepts comes close. */
export const MAX_BODY_BYTES = 64 * 1024;

export type BodyKind = 'none' | 'form' | 'json' | 'multipart' | 'unsupported' | 'malformed';

export interface ParsedBody {
  kind: BodyKind;
  /** The media type without parameters, lower-cased ('' when absent). */
  mediaType: string;
  params: Map<string, string>;
  /** Names sent more than once: RFC 6749 §3.2 forbids repeating a parameter. */
  duplicates: string[];
  /** The parsed document of a JSON body, for callers that need more than string fields (admin API). */
  json?: Record<string, unknown>;
}

/** Reads the body, refusing (413) anything over MAX_BODY_BYTES without buffering it all. */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > MAX_BODY_BYTES) {
    req.resume();
    throw new HttpError(413, 'invalid_request', `The request body is larger than ${MAX_BODY_BYTES} bytes.`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) {
      req.resume();
      throw new HttpError(413, 'invalid_request', `The request body is larger than ${MAX_BODY_BYTES} bytes.`);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** Parameters of a query string or form body, noting repeated names. */
export function paramsFromSearch(search: URLSearchParams): {
  params: Map<string, string>;
  duplicates: string[];
} {
  const params = new Map<string, string>();
  const duplicates = new Set<string>();
  for (const [name, value] of search) {
    if (params.has(name)) duplicates.add(name);
    else params.set(name, value);
  }
  return { params, duplicates: [...duplicates] };
}

/**
 * Parses the body by its Content-Type. Each vendor then decides which kinds it accepts (Chimpy
 * JSON only, Taptouch form or multipart, …), so a wrong encoding gets that vendor's clear error.
 */
export async function parseBody(contentType: string | undefined, raw: Buffer): Promise<ParsedBody> {
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const empty = (kind: BodyKind): ParsedBody => ({ kind, mediaType, params: new Map(), duplicates: [] });
  if (raw.length === 0) return empty('none');

  if (mediaType === 'application/x-www-form-urlencoded') {
    return { kind: 'form', mediaType, ...paramsFromSearch(new URLSearchParams(raw.toString('utf8'))) };
  }

  if (mediaType === 'application/json') {
    let value: unknown;
    try {
      value = JSON.parse(raw.toString('utf8'));
    } catch {
      return empty('malformed');
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return empty('malformed');
    const params = new Map<string, string>();
    for (const [name, field] of Object.entries(value)) {
      if (typeof field === 'string') params.set(name, field);
      else if (typeof field === 'number' || typeof field === 'boolean') params.set(name, String(field));
    }
    return { kind: 'json', mediaType, params, duplicates: [], json: value as Record<string, unknown> };
  }

  if (mediaType === 'multipart/form-data') {
    // Node 20's fetch Request parses multipart itself: no extra dependency.
    let form: FormData;
    try {
      form = await new Request('http://sandbox.invalid/', {
        method: 'POST',
        headers: { 'content-type': contentType ?? '' },
        body: Uint8Array.from(raw),
      }).formData();
    } catch {
      return empty('malformed');
    }
    const params = new Map<string, string>();
    const duplicates = new Set<string>();
    for (const [name, value] of form.entries()) {
      if (typeof value !== 'string') continue; // file parts carry no OAuth parameter
      if (params.has(name)) duplicates.add(name);
      else params.set(name, value);
    }
    return { kind: 'multipart', mediaType, params, duplicates: [...duplicates] };
  }

  return empty('unsupported');
}
