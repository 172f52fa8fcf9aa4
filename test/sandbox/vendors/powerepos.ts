import { timingSafeEqual } from 'node:crypto';
import { requireBearer } from '../bearer';
import { authenticateClient } from '../client-auth';
import { describeClient } from '../clients';
import type { RequestContext, SandboxState, VendorModule } from '../context';
import type { SandboxUser } from '../../../src/shared/sandbox-descriptor';
import { BearerError, OAuthError } from '../errors';
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
 * PowerEPOS DES (shared/seeds/003): a password grant for a service account at
 * /authorisation/token with org_id, scope "des offline_access", expires_in 28800, and a response
 * carrying svc (the DES service URI) and org_id. The access token is a JWT whose `svc` claim
 * (PowerEPOS's AuthServerClaims: Service = "svc", OrganisationCode = "org_id") holds the service
 * URI THIS token is for; it can change (admin API), and new tokens then announce the new one. The
 * admin API can also make answers name another organisation (a misrouted token), which the app
 * must refuse.
 */

const PREFIX = '/powerepos';
const ACCESS_LIFETIME = 28800; // "expires_in": 28800
const GRANTS = ['password', 'refresh_token'] as const;

const SCOPES: readonly ScopeInfo[] = [
  { name: 'des', default: true, description: 'Data Exchange Service (DES). Not for sales or configuration.' },
  {
    name: 'offline_access',
    default: false,
    description: 'A refresh token, to renew without the service account password.',
  },
];

const SERVICE_ACCOUNTS: readonly Required<SandboxUser>[] = [
  { username: 'svc-sandbox-001', password: 'sbx_powerepos_pw_4f8a2c6e1d9b7f30', org_id: 'ORG-SBX-001' },
  { username: 'svc-sandbox-002', password: 'sbx_powerepos_pw_7b1d5e9c3a6f2e84', org_id: 'ORG-SBX-002' },
];

/** Assumed DES call: GET {service URI}status, needs des. */
const STATUS = 'status';

function samePassword(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export interface PowerEposModule extends VendorModule {
  /** Changes the service URI new tokens announce, for one organisation or for all. */
  setServiceUri(serviceUri: string, orgId?: string): void;
  /** Makes token answers name another organisation (null: the one asked for again). */
  setAnsweredOrg(orgId: string | null): void;
}

export function createPowerEpos(state: SandboxState): PowerEposModule {
  const issuer = `${state.baseUrl}${PREFIX}`;
  let globalOverride: string | undefined;
  /** When set, answers name this organisation whatever was asked for (admin API). */
  let answeredOrg: string | undefined;
  const orgOverrides = new Map<string, string>();

  const serviceUriFor = (orgId: string): string =>
    orgOverrides.get(orgId) ??
    globalOverride ??
    `${state.baseUrl}${PREFIX}/des/${encodeURIComponent(orgId)}/`;

  /** Mints a token for the org's current service URI and answers with svc and org_id. */
  const answer = async (
    ctx: RequestContext,
    grant: Grant,
    scopes: string[],
    refreshToken: string | undefined,
  ): Promise<void> => {
    const orgId = grant.attributes.org_id ?? '';
    const service = serviceUriFor(orgId);
    const accessToken = await mintAccessToken(state, {
      grant,
      scopes,
      lifetimeSeconds: ACCESS_LIFETIME,
      jwtClaims: {
        iss: issuer,
        sub: grant.subject,
        aud: grant.client_id,
        org_id: answeredOrg ?? orgId,
        svc: service,
        scope: scopes.join(' '),
      },
      attributes: { service, org_id: orgId },
    });
    sendTokenResponse(ctx.res, {
      token_type: 'Bearer',
      access_token: accessToken,
      expires_in: ACCESS_LIFETIME,
      refresh_token: refreshToken,
      svc: service,
      org_id: answeredOrg ?? orgId,
    });
  };

  const token = async (ctx: RequestContext): Promise<void> => {
    const params = bodyParams(
      ctx.body,
      ['form'],
      'PowerEPOS takes application/x-www-form-urlencoded token requests.',
    );
    const grantType = requireGrantType(params, GRANTS);
    const { client } = authenticateClient(state, ctx, 'powerepos', params, { allowPublic: false });

    if (grantType === 'password') {
      const orgId = requireParam(params, 'org_id');
      const username = requireParam(params, 'username');
      const password = requireParam(params, 'password');
      state.secrets.record('password', 'powerepos', password);
      const scopes = parseScope(params.get('scope')) ?? [];
      rejectUnknownScopes(SCOPES, scopes);
      if (!scopes.includes('des')) throw new OAuthError('invalid_scope', 'scope must include "des".');
      const account = SERVICE_ACCOUNTS.find((candidate) => candidate.username === username);
      if (account === undefined || !samePassword(password, account.password)) {
        throw new OAuthError('invalid_grant', 'The service account ID or password is wrong.');
      }
      if (account.org_id !== orgId)
        throw new OAuthError(
          'invalid_grant',
          `The service account does not belong to organisation ${orgId}.`,
        );
      const grant = state.store.createGrant('powerepos', client.client_id, username, scopes, {
        org_id: orgId,
      });
      // "offline_access" is what earns a refresh token.
      const refresh = scopes.includes('offline_access')
        ? state.store.issueRefreshToken(grant, null).token
        : undefined;
      await answer(ctx, grant, scopes, refresh);
      return;
    }

    const { grant } = takeRefreshToken(state, 'powerepos', client, params);
    const orgId = params.get('org_id');
    if (orgId !== undefined && orgId !== grant.attributes.org_id) {
      throw new OAuthError('invalid_grant', 'The refresh token belongs to another organisation.');
    }
    const scopes = narrowScopes(grant, parseScope(params.get('scope')));
    // Assumption (page silent): refresh tokens do not rotate; none comes back and the old one stays valid.
    await answer(ctx, grant, scopes, undefined);
  };

  /** Any GET …/status under a service URI: the token must have been issued for that service URI. */
  const status = (ctx: RequestContext): void => {
    const serviceUri = `${state.baseUrl}${ctx.url.pathname.slice(0, -STATUS.length)}`;
    const record = requireBearer(state, ctx, 'powerepos', 'des');
    if (record.attributes.service !== serviceUri) {
      throw new BearerError(
        'powerepos',
        'invalid_token',
        'This token was issued for another DES service URI; use the one in its service claim.',
      );
    }
    sendJson(ctx.res, 200, { status: 'ok', org_id: record.attributes.org_id, service: serviceUri });
  };

  return {
    id: 'powerepos',
    routes: [
      { method: 'POST', path: `${PREFIX}/authorisation/token`, kind: 'token', handle: token },
      {
        method: 'GET',
        path: (pathname) => pathname.startsWith(`${PREFIX}/`) && pathname.endsWith(`/${STATUS}`),
        kind: 'api',
        handle: status,
      },
    ],
    defaultClients: () => [
      {
        vendor: 'powerepos',
        client_id: 'sbx-powerepos',
        client_secret: 'sbx_powerepos_secret_3e9b7d1a5c2f8e46b0a4d6c8e1f3a5b7',
        redirect_uris: [],
        name: 'POS Connect',
      },
    ],
    describe: () => ({
      id: 'powerepos',
      name: 'PowerEPOS',
      token_endpoint: `${state.baseUrl}${PREFIX}/authorisation/token`,
      api_base_url: serviceUriFor(SERVICE_ACCOUNTS[0]?.org_id ?? ''),
      test_call: { method: 'GET', path: `/${STATUS}`, scope: 'des' },
      grant_types: [...GRANTS],
      scopes: describeScopes(SCOPES),
      clients: state.clients.ofVendor('powerepos').map(describeClient),
      users: SERVICE_ACCOUNTS.map((account) => ({ ...account })),
      access_token_lifetime: ACCESS_LIFETIME,
      refresh_token_lifetime: null,
      jwks_uri: `${state.baseUrl}/.well-known/jwks.json`,
    }),
    setServiceUri(serviceUri, orgId) {
      if (orgId === undefined) {
        globalOverride = serviceUri;
        orgOverrides.clear();
      } else {
        orgOverrides.set(orgId, serviceUri);
      }
    },
    setAnsweredOrg(orgId) {
      answeredOrg = orgId ?? undefined;
    },
    reset() {
      answeredOrg = undefined;
      globalOverride = undefined;
      orgOverrides.clear();
    },
  };
}
