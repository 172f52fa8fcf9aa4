import { timingSafeEqual } from 'node:crypto';
import type { ClientRecord } from './clients';
import type { RequestContext, SandboxState } from './context';
import type { SandboxVendorId } from '../../src/shared/sandbox-descriptor';
import { OAuthError } from './errors';

export interface AuthenticatedClient {
  client: ClientRecord;
  /** The client used HTTP Basic, so later invalid_client errors must be 401 + WWW-Authenticate. */
  basic: boolean;
}

/** RFC 6749 §2.3.1: id and secret are form-urlencoded before base64, so decode them that way. */
function formDecode(text: string): string {
  return decodeURIComponent(text.replaceAll('+', ' '));
}

function parseBasic(header: string | undefined, realm: string): { id: string; secret: string } | undefined {
  if (header === undefined) return undefined;
  const match = /^basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (match === null) return undefined;
  const decoded = Buffer.from(match[1] ?? '', 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0)
    throw new OAuthError('invalid_client', 'The Basic credentials are not client_id:client_secret.', realm);
  try {
    return { id: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
  } catch {
    throw new OAuthError(
      'invalid_client',
      'The Basic credentials are not form-urlencoded (RFC 6749 §2.3.1).',
      realm,
    );
  }
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Authenticates the client at a token endpoint from HTTP Basic or from the parameters (body, or
 * query string for SumUp POS Pro). A client with a registered secret must present it; a public
 * client (no secret) presents only its client_id, and only where `allowPublic`.
 */
export function authenticateClient(
  state: SandboxState,
  ctx: RequestContext,
  vendor: SandboxVendorId,
  params: Map<string, string>,
  options: { allowPublic: boolean },
): AuthenticatedClient {
  const realm = vendor;
  const basic = parseBasic(ctx.req.headers.authorization, realm);
  const paramId = params.get('client_id');
  const paramSecret = params.get('client_secret');
  state.secrets.record('client_secret', vendor, basic?.secret);
  state.secrets.record('client_secret', vendor, paramSecret);

  if (basic !== undefined && paramSecret !== undefined) {
    throw new OAuthError(
      'invalid_request',
      'Use one client authentication method: HTTP Basic or client_secret, not both (RFC 6749 §2.3).',
    );
  }
  if (basic !== undefined && paramId !== undefined && paramId !== basic.id) {
    throw new OAuthError('invalid_request', 'client_id differs from the one in the Basic credentials.');
  }
  const clientId = basic?.id ?? paramId;
  if (clientId === undefined || clientId === '')
    throw new OAuthError('invalid_request', 'client_id is missing.');

  const realmIfBasic = basic === undefined ? undefined : realm;
  const client = state.clients.get(vendor, clientId);
  if (client === undefined)
    throw new OAuthError('invalid_client', `Unknown client "${clientId}".`, realmIfBasic);

  const secret = basic?.secret ?? paramSecret;
  if (client.client_secret === undefined) {
    if (!options.allowPublic)
      throw new OAuthError(
        'unauthorized_client',
        'This grant needs a confidential client (with a client secret).',
      );
    if (secret !== undefined && secret !== '')
      throw new OAuthError(
        'invalid_client',
        'This public client has no secret; do not send one.',
        realmIfBasic,
      );
  } else if (secret === undefined || secret === '') {
    throw new OAuthError(
      'invalid_client',
      'Client authentication is missing: send client_secret or HTTP Basic credentials.',
      realmIfBasic,
    );
  } else if (!sameSecret(secret, client.client_secret)) {
    throw new OAuthError('invalid_client', 'The client secret is wrong.', realmIfBasic);
  }
  return { client, basic: basic !== undefined };
}
