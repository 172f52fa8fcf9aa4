import { timingSafeEqual } from 'node:crypto';
import { requireBearer } from '../bearer';
import { authenticateClient } from '../client-auth';
import { describeClient } from '../clients';
import type { RequestContext, SandboxState, VendorModule } from '../context';
import type { SandboxUser } from '../../../src/shared/sandbox-descriptor';
import { OAuthError } from '../errors';
import {
  bodyParams,
  mintAccessToken,
  narrowScopes,
  parseScope,
  requireGrantType,
  requireParam,
  sendTokenResponse,
  takeRefreshToken,
} from '../grants';
import { sendJson } from '../respond';
import type { ScopeInfo } from '../scopes';
import { describeScopes, rejectUnknownScopes } from '../scopes';
import type { Grant } from '../store';

/**
 * Chimpy POS (shared/seeds/002): {AUTHORIZATION_SERVICE_URI}/oauth/token with JSON bodies,
 * client_id + audience + password grant, a refresh token only with offline_access, JWT access
 * tokens, and a PoS API at {POS_API_URI}/api/v2/... that answers 401 once the token expired.
 * In the sandbox both URIs are {base}/chimpy.
 */

const PREFIX = '/chimpy';
/** Assumption: the page documents no lifetime; 24 h (the common default of this kind of service). */
const ACCESS_LIFETIME = 86400;
const GRANTS = ['password', 'refresh_token'] as const;
/** The AUTH_AUDIENCE of the sandbox tenant: an identifier, not a URL that is fetched. */
export const CHIMPY_AUDIENCE = 'https://pos-api.chimpy.sandbox';

const SCOPES: readonly ScopeInfo[] = [
  {
    name: 'offline_access',
    default: false,
    description: 'A refresh token for sliding sessions (renew without the password).',
  },
];

const USERS: readonly SandboxUser[] = [
  { username: 'manager@chimpy.sandbox', password: 'sbx_chimpy_pw_6d2a9f4c8e1b7a35' },
];

function samePassword(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export function createChimpy(state: SandboxState): VendorModule {
  const issuer = `${state.baseUrl}${PREFIX}/`;

  const mint = (grant: Grant, scopes: string[]): Promise<string> =>
    mintAccessToken(state, {
      grant,
      scopes,
      lifetimeSeconds: ACCESS_LIFETIME,
      jwtClaims: {
        iss: issuer,
        sub: grant.subject,
        aud: CHIMPY_AUDIENCE,
        azp: grant.client_id,
        scope: scopes.join(' '),
        gty: 'password',
      },
      attributes: { audience: CHIMPY_AUDIENCE },
    });

  const checkAudience = (audience: string | undefined): void => {
    if (audience !== undefined && audience !== CHIMPY_AUDIENCE) {
      throw new OAuthError(
        'invalid_request',
        `Unknown audience "${audience}"; this tenant's audience is ${CHIMPY_AUDIENCE}.`,
      );
    }
  };

  const token = async (ctx: RequestContext): Promise<void> => {
    const params = bodyParams(ctx.body, ['json'], 'Chimpy takes application/json token requests.');
    const grantType = requireGrantType(params, GRANTS);
    // The page's requests carry client_id only: the sandbox client is public.
    const { client } = authenticateClient(state, ctx, 'chimpy', params, { allowPublic: true });

    if (grantType === 'password') {
      checkAudience(requireParam(params, 'audience'));
      const username = requireParam(params, 'username');
      const password = requireParam(params, 'password');
      state.secrets.record('password', 'chimpy', password);
      const scopes = parseScope(params.get('scope')) ?? [];
      rejectUnknownScopes(SCOPES, scopes);
      const user = USERS.find((candidate) => candidate.username === username);
      if (user === undefined || !samePassword(password, user.password))
        throw new OAuthError('invalid_grant', 'Wrong username or password.');
      const grant = state.store.createGrant('chimpy', client.client_id, username, scopes, {
        audience: CHIMPY_AUDIENCE,
      });
      const accessToken = await mint(grant, scopes);
      // "scope": "offline_access" — "Optional: only if you implement refresh_token logic".
      const refresh = scopes.includes('offline_access')
        ? state.store.issueRefreshToken(grant, null).token
        : undefined;
      sendTokenResponse(ctx.res, {
        access_token: accessToken,
        refresh_token: refresh,
        expires_in: ACCESS_LIFETIME,
        token_type: 'Bearer',
      });
      return;
    }

    // The page's refresh request repeats the audience; checked when sent.
    checkAudience(params.get('audience'));
    const { grant } = takeRefreshToken(state, 'chimpy', client, params);
    const scopes = narrowScopes(grant, parseScope(params.get('scope')));
    const accessToken = await mint(grant, scopes);
    // Assumption: refresh tokens do not rotate (sliding session, the same refresh token keeps working).
    sendTokenResponse(ctx.res, {
      access_token: accessToken,
      expires_in: ACCESS_LIFETIME,
      token_type: 'Bearer',
    });
  };

  /** Assumed API call: GET /api/v2/stores (the page only shows /api/v2/...); any valid token. */
  const stores = (ctx: RequestContext): void => {
    requireBearer(state, ctx, 'chimpy');
    sendJson(ctx.res, 200, { stores: [{ id: 'sbx-store-1', name: 'Chimpy Sandbox Store' }] });
  };

  return {
    id: 'chimpy',
    routes: [
      { method: 'POST', path: `${PREFIX}/oauth/token`, kind: 'token', handle: token },
      { method: 'GET', path: `${PREFIX}/api/v2/stores`, kind: 'api', handle: stores },
    ],
    defaultClients: () => [
      { vendor: 'chimpy', client_id: 'sbx-chimpy', redirect_uris: [], name: 'POS Connect' },
    ],
    describe: () => ({
      id: 'chimpy',
      name: 'Chimpy POS',
      token_endpoint: `${state.baseUrl}${PREFIX}/oauth/token`,
      api_base_url: `${state.baseUrl}${PREFIX}`,
      test_call: { method: 'GET', path: '/api/v2/stores' },
      grant_types: [...GRANTS],
      scopes: describeScopes(SCOPES),
      clients: state.clients.ofVendor('chimpy').map(describeClient),
      users: USERS.map((user) => ({ ...user })),
      audience: CHIMPY_AUDIENCE,
      access_token_lifetime: ACCESS_LIFETIME,
      refresh_token_lifetime: null,
      jwks_uri: `${state.baseUrl}/.well-known/jwks.json`,
    }),
  };
}
