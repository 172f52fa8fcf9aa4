import { createAuthorizationEndpoint } from '../authorization';
import { requireBearer } from '../bearer';
import { authenticateClient } from '../client-auth';
import { describeClient } from '../clients';
import type { RequestContext, SandboxState, VendorModule } from '../context';
import { OAuthError } from '../errors';
import {
  bodyParams,
  mintAccessToken,
  narrowScopes,
  parseScope,
  redeemCode,
  requireGrantType,
  requireParam,
  sendTokenResponse,
  takeRefreshToken,
} from '../grants';
import { sendJson } from '../respond';
import type { ScopeInfo } from '../scopes';
import { defaultScopes, describeScopes, rejectUnknownScopes, scopeDescription } from '../scopes';
import type { Grant } from '../store';

/**
 * A standards-following provider, the model for a user-defined "sixth vendor": RFC 8414 metadata,
 * PKCE S256 required (RFC 9700 §2.1.1), iss on every authorization response (RFC 9207), any
 * loopback port (RFC 8252 §7.3), refresh tokens that rotate on every use with reuse detection
 * (RFC 9700 §4.14.2), RFC 7009 revocation.
 */

const PREFIX = '/generic';
const REFRESH_LIFETIME = 30 * 24 * 60 * 60;
const GRANTS = ['authorization_code', 'refresh_token', 'client_credentials'] as const;
const USER = 'user@generic.sandbox';

const SCOPES: readonly ScopeInfo[] = [
  { name: 'profile', default: true, description: 'Read your profile.' },
  { name: 'orders.read', default: false, description: 'Read your orders.' },
];

export function createGeneric(state: SandboxState): VendorModule {
  const issuer = `${state.baseUrl}${PREFIX}`;
  const url = (path: string): string => `${issuer}${path}`;

  const authorize = createAuthorizationEndpoint(state, {
    vendor: 'generic',
    vendorName: 'Generic OAuth provider',
    path: `${PREFIX}/authorize`,
    redirectMatch: 'loopback-any-port',
    stateRequired: false,
    pkce: 'required',
    issuer,
    subject: USER,
    resolveScopes(_client, requested) {
      if (requested === null) return defaultScopes(SCOPES);
      rejectUnknownScopes(SCOPES, requested);
      return requested;
    },
    describeScope: (name) => scopeDescription(SCOPES, name),
  });

  const mint = (grant: Grant, scopes: string[]): Promise<string> =>
    mintAccessToken(state, {
      grant,
      scopes,
      lifetimeSeconds: state.generic.accessTokenLifetime,
      // RFC 9068 claims.
      jwtClaims: {
        iss: issuer,
        sub: grant.subject,
        aud: `${issuer}/api`,
        client_id: grant.client_id,
        scope: scopes.join(' '),
      },
    });

  const token = async (ctx: RequestContext): Promise<void> => {
    const params = bodyParams(
      ctx.body,
      ['form'],
      'Send application/x-www-form-urlencoded (RFC 6749 §4.1.3).',
    );
    const grantType = requireGrantType(params, GRANTS);
    const { client } = authenticateClient(state, ctx, 'generic', params, {
      allowPublic: grantType !== 'client_credentials',
    });

    if (grantType === 'client_credentials') {
      const scopes = parseScope(params.get('scope')) ?? defaultScopes(SCOPES);
      rejectUnknownScopes(SCOPES, scopes);
      const grant = state.store.createGrant('generic', client.client_id, client.client_id, scopes);
      sendTokenResponse(ctx.res, {
        access_token: await mint(grant, scopes),
        token_type: 'Bearer',
        expires_in: state.generic.expiresIn ?? state.generic.accessTokenLifetime,
        scope: scopes.join(' '),
      });
      return;
    }

    let grant: Grant;
    let scopes: string[];
    if (grantType === 'authorization_code') {
      grant = redeemCode(state, 'generic', client, params);
      scopes = grant.scopes;
    } else {
      const taken = takeRefreshToken(state, 'generic', client, params);
      grant = taken.grant;
      scopes = narrowScopes(grant, parseScope(params.get('scope')));
      taken.record.spent = true; // rotates on every use
    }
    const accessToken = await mint(grant, scopes);
    const refresh = state.store.issueRefreshToken(grant, REFRESH_LIFETIME);
    sendTokenResponse(ctx.res, {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: state.generic.expiresIn ?? state.generic.accessTokenLifetime,
      refresh_token: refresh.token,
      scope: scopes.join(' '),
    });
  };

  /** RFC 7009: a refresh token revokes its grant, an access token only itself; unknown tokens are fine. */
  const revoke = (ctx: RequestContext): void => {
    const params = bodyParams(ctx.body, ['form'], 'Send application/x-www-form-urlencoded (RFC 7009 §2.1).');
    const { client } = authenticateClient(state, ctx, 'generic', params, { allowPublic: true });
    const value = requireParam(params, 'token');
    state.secrets.record(
      params.get('token_type_hint') === 'access_token' ? 'access_token' : 'refresh_token',
      'generic',
      value,
    );
    const refresh = state.store.refreshToken(value);
    const access = state.store.accessToken(value);
    const owner = refresh?.client_id ?? access?.client_id;
    if (owner !== undefined && owner !== client.client_id) {
      throw new OAuthError('unauthorized_client', 'This token was issued to another client.');
    }
    if (refresh !== undefined && refresh.vendor === 'generic') state.store.revokeGrant(refresh.grant_id);
    else if (access !== undefined && access.vendor === 'generic') state.store.dropAccessToken(value);
    sendJson(ctx.res, 200, {});
  };

  const metadata = (ctx: RequestContext): void => {
    sendJson(ctx.res, 200, {
      issuer,
      authorization_endpoint: url('/authorize'),
      token_endpoint: url('/token'),
      revocation_endpoint: url('/revoke'),
      jwks_uri: `${state.baseUrl}/.well-known/jwks.json`,
      response_types_supported: ['code'],
      response_modes_supported: ['query'],
      grant_types_supported: [...GRANTS],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
      revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
      scopes_supported: SCOPES.map((scope) => scope.name),
      authorization_response_iss_parameter_supported: true,
    });
  };

  const me = (ctx: RequestContext): void => {
    const record = requireBearer(state, ctx, 'generic', 'profile');
    sendJson(ctx.res, 200, {
      sub: state.store.grant(record.grant_id)?.subject ?? USER,
      name: 'Generic Sandbox User',
    });
  };

  return {
    id: 'generic',
    routes: [
      {
        method: 'GET',
        path: `${PREFIX}/.well-known/oauth-authorization-server`,
        kind: 'meta',
        handle: metadata,
      },
      { method: 'GET', path: `${PREFIX}/.well-known/openid-configuration`, kind: 'meta', handle: metadata },
      // RFC 8414 §3.1 puts the well-known segment before the issuer's path; discovery clients
      // (oauth4webapi with algorithm 'oauth2') look there.
      {
        method: 'GET',
        path: `/.well-known/oauth-authorization-server${PREFIX}`,
        kind: 'meta',
        handle: metadata,
      },
      { method: 'GET', path: `${PREFIX}/authorize`, kind: 'authorize', handle: authorize.get },
      { method: 'POST', path: `${PREFIX}/authorize`, kind: 'authorize', handle: authorize.post },
      { method: 'POST', path: `${PREFIX}/token`, kind: 'token', handle: token },
      { method: 'POST', path: `${PREFIX}/revoke`, kind: 'revoke', handle: revoke },
      { method: 'GET', path: `${PREFIX}/api/me`, kind: 'api', handle: me },
    ],
    defaultClients: () => [
      {
        vendor: 'generic',
        client_id: 'sbx-generic-public',
        redirect_uris: ['http://127.0.0.1/callback'],
        name: 'POS Connect (public)',
      },
      {
        vendor: 'generic',
        client_id: 'sbx-generic-confidential',
        client_secret: 'sbx_generic_secret_1c7e5a3f9d2b8e6a4c0f2d7b5e9a3c1f',
        redirect_uris: ['http://127.0.0.1/callback'],
        name: 'POS Connect (confidential)',
      },
    ],
    describe: () => ({
      id: 'generic',
      name: 'Generic OAuth provider',
      authorization_endpoint: url('/authorize'),
      token_endpoint: url('/token'),
      revocation_endpoint: url('/revoke'),
      api_base_url: issuer,
      test_call: { method: 'GET', path: '/api/me', scope: 'profile' },
      grant_types: [...GRANTS],
      scopes: describeScopes(SCOPES),
      clients: state.clients.ofVendor('generic').map(describeClient),
      access_token_lifetime: state.generic.accessTokenLifetime,
      refresh_token_lifetime: REFRESH_LIFETIME,
      metadata_url: url('/.well-known/oauth-authorization-server'),
      issuer,
      jwks_uri: `${state.baseUrl}/.well-known/jwks.json`,
    }),
  };
}
