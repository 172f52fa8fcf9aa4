import { createAuthorizationEndpoint } from '../authorization';
import { requireBearer } from '../bearer';
import { authenticateClient } from '../client-auth';
import { describeClient } from '../clients';
import type { RequestContext, SandboxState, VendorModule } from '../context';
import { BearerError, OAuthError } from '../errors';
import type { MintOptions } from '../grants';
import {
  bodyParams,
  mintAccessToken,
  narrowScopes,
  parseScope,
  redeemCode,
  requireGrantType,
  sendTokenResponse,
  takeRefreshToken,
} from '../grants';
import { sendJson } from '../respond';
import type { ScopeInfo } from '../scopes';
import { describeScopes, rejectUnknownScopes, scopeDescription } from '../scopes';
import type { Grant } from '../store';

/**
 * Taptouch (shared/seeds/004): /auth/v2/authorize and /auth/v2/token, multipart (the page's curl
 * -F) or form bodies, scopes restricted per grant type, PKCE for public clients, JWT access tokens
 * for 2 days, refresh tokens single-use and usable for 4 days.
 */

const PREFIX = '/taptouch';
const ACCESS_LIFETIME = 172800; // "expires_in": 172800, "your token will last 2 days"
const REFRESH_LIFETIME = 4 * 24 * 60 * 60; // "you can refresh your token within 4 days"
const GRANTS = ['authorization_code', 'client_credentials', 'refresh_token'] as const;
const MERCHANT = 'owner@taptouch.sandbox';

const SCOPES: readonly ScopeInfo[] = [
  {
    name: 'integration.store',
    default: true,
    grant_types: ['authorization_code', 'client_credentials'],
    description: 'Permission to Store API',
  },
  {
    name: 'integration.order',
    default: false,
    grant_types: ['client_credentials'],
    description: 'Permission to Order API',
  },
  {
    name: 'integration.inventory',
    default: false,
    // The table says client_credentials only, but the authorization-code example response grants
    // "integration.store integration.inventory": both are accepted (as the app's definition says).
    grant_types: ['authorization_code', 'client_credentials'],
    description: 'Permission to Inventory API',
  },
];

/** Resolves the scopes a grant type may ask for ("Grand Type" column of the page's table). */
function scopesFor(
  grantType: 'authorization_code' | 'client_credentials',
  requested: string[] | null,
): string[] {
  // Assumption: no scope asked for means integration.store, the only scope both grants may have.
  if (requested === null) return ['integration.store'];
  rejectUnknownScopes(SCOPES, requested);
  const refused = requested.filter(
    (name) => !(SCOPES.find((scope) => scope.name === name)?.grant_types ?? []).includes(grantType),
  );
  if (refused.length > 0)
    throw new OAuthError(
      'invalid_scope',
      `${refused.join(' ')} cannot be requested with grant_type ${grantType}; use client_credentials.`,
    );
  return requested;
}

/** The envelope's error code for a bearer failure (an assumption: the codes are not documented). */
function envelopeCode(error: BearerError): string {
  if (error.error === 'insufficient_scope') return 'insufficient_scope';
  if (/revoked/i.test(error.description)) return 'token_revoked';
  if (/expired/i.test(error.description)) return 'token_expired';
  return error.error === 'invalid_request' ? 'invalid_request' : 'unauthorized';
}

export function createTaptouch(state: SandboxState): VendorModule {
  const issuer = `${state.baseUrl}${PREFIX}`;

  const authorize = createAuthorizationEndpoint(state, {
    vendor: 'taptouch',
    vendorName: 'Taptouch',
    path: `${PREFIX}/auth/v2/authorize`,
    redirectMatch: 'prefix', // "The base of the URI must match"
    stateRequired: false, // "state (optional)"
    echoesState: false, // the Quickstart's callback: "https://mysite.com/callback?code=AUTHORIZATION_CODE"
    pkce: 'required-for-public',
    subject: MERCHANT,
    resolveScopes: (_client, requested) => scopesFor('authorization_code', requested),
    describeScope: (name) => scopeDescription(SCOPES, name),
  });

  /** Claims shaped like the page's sample token: sub, aud (the client), scope as an array, iss. */
  const mint = (grant: Grant, scopes: string[]): Promise<string> => {
    const options: MintOptions = {
      grant,
      scopes,
      lifetimeSeconds: ACCESS_LIFETIME,
      jwtClaims: { iss: issuer, sub: grant.subject, aud: grant.client_id, scope: scopes },
    };
    return mintAccessToken(state, options);
  };

  const token = async (ctx: RequestContext): Promise<void> => {
    const params = bodyParams(
      ctx.body,
      ['multipart', 'form'],
      'Taptouch takes multipart/form-data or application/x-www-form-urlencoded.',
    );
    const grantType = requireGrantType(params, GRANTS);
    // Public clients (no secret) may use the code and refresh grants, with PKCE.
    const { client } = authenticateClient(state, ctx, 'taptouch', params, {
      allowPublic: grantType !== 'client_credentials',
    });

    if (grantType === 'authorization_code') {
      const grant = redeemCode(state, 'taptouch', client, params);
      const accessToken = await mint(grant, grant.scopes);
      const refresh = state.store.issueRefreshToken(grant, REFRESH_LIFETIME);
      sendTokenResponse(ctx.res, {
        access_token: accessToken,
        refresh_token: refresh.token,
        scope: grant.scopes.join(' '),
        token_type: 'Bearer',
        expires_in: ACCESS_LIFETIME,
      });
      return;
    }

    if (grantType === 'client_credentials') {
      const scopes = scopesFor('client_credentials', parseScope(params.get('scope')));
      const grant = state.store.createGrant('taptouch', client.client_id, client.client_id, scopes);
      const accessToken = await mint(grant, scopes);
      // Assumption: no refresh token for client_credentials (RFC 6749 §4.4.3); the client just asks again.
      sendTokenResponse(ctx.res, {
        access_token: accessToken,
        scope: scopes.join(' '),
        token_type: 'Bearer',
        expires_in: ACCESS_LIFETIME,
      });
      return;
    }

    // "The refresh token can only be used once": it is spent now and a new one, good for another
    // 4 days, comes back. Presenting a spent one revokes the grant (see takeRefreshToken).
    const { grant, record } = takeRefreshToken(state, 'taptouch', client, params);
    const scopes = narrowScopes(grant, parseScope(params.get('scope')));
    record.spent = true;
    const accessToken = await mint(grant, scopes);
    const refresh = state.store.issueRefreshToken(grant, REFRESH_LIFETIME);
    sendTokenResponse(ctx.res, {
      access_token: accessToken,
      refresh_token: refresh.token,
      scope: scopes.join(' '),
      token_type: 'Bearer',
      expires_in: ACCESS_LIFETIME,
    });
  };

  /** GET /integration/v1/stores, the page's own example call; needs integration.store. */
  const stores = (ctx: RequestContext): void => {
    try {
      requireBearer(state, ctx, 'taptouch', 'integration.store');
    } catch (error) {
      if (!(error instanceof BearerError)) throw error;
      // Taptouch's API pages answer errors in their {status:{ack,errors}} envelope, not RFC 6750's
      // WWW-Authenticate (assumed error codes; the pages do not list them).
      sendJson(ctx.res, error.status, {
        status: { ack: false, errors: [{ code: envelopeCode(error), message: error.description }] },
      });
      return;
    }
    sendJson(ctx.res, 200, { data: [{ id: 1001, name: 'Sandbox Store', timezone: 'Australia/Sydney' }] });
  };

  return {
    id: 'taptouch',
    routes: [
      { method: 'GET', path: `${PREFIX}/auth/v2/authorize`, kind: 'authorize', handle: authorize.get },
      { method: 'POST', path: `${PREFIX}/auth/v2/authorize`, kind: 'authorize', handle: authorize.post },
      { method: 'POST', path: `${PREFIX}/auth/v2/token`, kind: 'token', handle: token },
      { method: 'GET', path: `${PREFIX}/integration/v1/stores`, kind: 'api', handle: stores },
    ],
    defaultClients: () => [
      {
        vendor: 'taptouch',
        client_id: 'sbx-taptouch',
        client_secret: 'sbx_taptouch_secret_9a4e2c7f1b6d3e8a0c5f7b2d9e4a1c6f',
        redirect_uris: ['http://127.0.0.1:47813/callback'],
        name: 'POS Connect',
      },
      {
        vendor: 'taptouch',
        client_id: 'sbx-taptouch-public',
        redirect_uris: ['http://127.0.0.1:47813/callback'],
        name: 'POS Connect (public client, PKCE)',
      },
    ],
    describe: () => ({
      id: 'taptouch',
      name: 'Taptouch',
      authorization_endpoint: `${state.baseUrl}${PREFIX}/auth/v2/authorize`,
      token_endpoint: `${state.baseUrl}${PREFIX}/auth/v2/token`,
      api_base_url: `${state.baseUrl}${PREFIX}`,
      test_call: { method: 'GET', path: '/integration/v1/stores', scope: 'integration.store' },
      grant_types: [...GRANTS],
      scopes: describeScopes(SCOPES),
      clients: state.clients.ofVendor('taptouch').map(describeClient),
      access_token_lifetime: ACCESS_LIFETIME,
      refresh_token_lifetime: REFRESH_LIFETIME,
      jwks_uri: `${state.baseUrl}/.well-known/jwks.json`,
    }),
  };
}
