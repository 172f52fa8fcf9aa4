import { createAuthorizationEndpoint } from '../authorization';
import { requireBearer } from '../bearer';
import { authenticateClient } from '../client-auth';
import type { ClientRecord } from '../clients';
import { describeClient } from '../clients';
import type { RequestContext, SandboxState, VendorModule } from '../context';
import { OAuthError } from '../errors';
import {
  mintAccessToken,
  narrowScopes,
  parseScope,
  answerCodeWithOpaqueTokens,
  redeemCode,
  rejectDuplicates,
  requireGrantType,
  sendTokenResponse,
  takeRefreshToken,
} from '../grants';
import { sendJson } from '../respond';
import type { ScopeInfo } from '../scopes';
import { defaultScopes, describeScopes, rejectUnknownScopes, scopeDescription } from '../scopes';

/**
 * SumUp POS Pro, ex-Tiller (shared/seeds/000): /login and /oauth2/authorize, and a token endpoint
 * that reads every parameter — client_secret and code included — from the QUERY STRING of a POST.
 * Access 60 minutes, refresh 60 days, exact redirect URI, two scope tiers.
 */

const PREFIX = '/sumup-pos-pro';
const ACCESS_LIFETIME = 60 * 60; // "expires in 60 minutes"
const REFRESH_LIFETIME = 60 * 24 * 60 * 60; // "a refresh_token that expires in 60 days"
const GRANTS = ['authorization_code', 'refresh_token'] as const;
const MERCHANT = 'manager@pos-pro.sandbox';

/** "enabled by default" (default: true) and "enabled by support" (default: false) tiers. */
const SCOPES: readonly ScopeInfo[] = [
  { name: 'order/write', default: true, description: 'Order API: create and change orders.' },
  { name: 'order/read', default: true, description: 'Order API: read orders.' },
  { name: 'purchase-request/write', default: true, description: 'Purchase Request API.' },
  { name: 'store/read', default: false, description: 'Store API (enabled by SumUp POS Pro support).' },
  { name: 'location/read', default: false, description: 'Location API (enabled by SumUp POS Pro support).' },
  { name: 'catalog/read', default: false, description: 'Catalog API (enabled by SumUp POS Pro support).' },
];

function rejectSupportTier(client: ClientRecord, requested: readonly string[]): void {
  const refused = requested.filter(
    (name) => !defaultScopes(SCOPES).includes(name) && !(client.enabled_scopes ?? []).includes(name),
  );
  if (refused.length > 0) {
    throw new OAuthError(
      'invalid_scope',
      `${refused.join(' ')} must be enabled for this application by SumUp POS Pro support first.`,
    );
  }
}

export function createSumUpPosPro(state: SandboxState): VendorModule {
  const authorize = createAuthorizationEndpoint(state, {
    vendor: 'sumup-pos-pro',
    vendorName: 'SumUp POS Pro',
    path: `${PREFIX}/oauth2/authorize`,
    redirectMatch: 'exact', // "It MUST be the same one you set in your tech configuration"
    stateRequired: false,
    pkce: 'optional',
    subject: MERCHANT,
    resolveScopes(client, requested) {
      if (requested === null) return defaultScopes(SCOPES);
      rejectUnknownScopes(SCOPES, requested);
      rejectSupportTier(client, requested);
      return requested;
    },
    describeScope: (name) => scopeDescription(SCOPES, name),
  });

  const token = async (ctx: RequestContext): Promise<void> => {
    const params = ctx.query.params;
    if (!params.has('grant_type') && ctx.body.params.size > 0) {
      throw new OAuthError(
        'invalid_request',
        'SumUp POS Pro reads token parameters from the query string of the POST only; they were found only in the request body.',
      );
    }
    rejectDuplicates(ctx.query.duplicates);
    const grantType = requireGrantType(params, GRANTS);
    const { client } = authenticateClient(state, ctx, 'sumup-pos-pro', params, { allowPublic: false });

    if (grantType === 'authorization_code') {
      const grant = redeemCode(state, 'sumup-pos-pro', client, params);
      await answerCodeWithOpaqueTokens(state, ctx.res, grant, {
        accessSeconds: ACCESS_LIFETIME,
        refreshSeconds: REFRESH_LIFETIME,
      });
      return;
    }

    // Assumption (the page is silent): refresh tokens do not rotate; the response carries none
    // and the one the client has stays valid until its 60 days are up.
    const { grant } = takeRefreshToken(state, 'sumup-pos-pro', client, params);
    const scopes = narrowScopes(grant, parseScope(params.get('scope')));
    const accessToken = await mintAccessToken(state, { grant, scopes, lifetimeSeconds: ACCESS_LIFETIME });
    sendTokenResponse(ctx.res, {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: ACCESS_LIFETIME,
      scope: scopes.join(' '),
    });
  };

  /** Assumed API call: GET /api/v1/orders (the Order API), needs order/read. */
  const orders = (ctx: RequestContext): void => {
    requireBearer(state, ctx, 'sumup-pos-pro', 'order/read');
    sendJson(ctx.res, 200, {
      orders: [{ id: 'sbx-order-1', status: 'CLOSED', total: 12.5, currency: 'EUR' }],
    });
  };

  return {
    id: 'sumup-pos-pro',
    routes: [
      { method: 'GET', path: `${PREFIX}/login`, kind: 'authorize', handle: authorize.get },
      { method: 'GET', path: `${PREFIX}/oauth2/authorize`, kind: 'authorize', handle: authorize.get },
      { method: 'POST', path: `${PREFIX}/oauth2/authorize`, kind: 'authorize', handle: authorize.post },
      { method: 'POST', path: `${PREFIX}/oauth2/token`, kind: 'token', handle: token },
      { method: 'GET', path: `${PREFIX}/api/v1/orders`, kind: 'api', handle: orders },
    ],
    defaultClients: () => [
      {
        vendor: 'sumup-pos-pro',
        client_id: 'sbx-pos-pro',
        client_secret: 'sbx_pospro_secret_2d7f4a9c1e8b3f605a2c7e9d4b1f8a36',
        redirect_uris: ['http://127.0.0.1:47812/callback'],
        name: 'POS Connect',
        enabled_scopes: [], // no support-tier scope enabled
      },
    ],
    describe: () => ({
      id: 'sumup-pos-pro',
      name: 'SumUp POS Pro',
      authorization_endpoint: `${state.baseUrl}${PREFIX}/oauth2/authorize`,
      login_endpoint: `${state.baseUrl}${PREFIX}/login`,
      token_endpoint: `${state.baseUrl}${PREFIX}/oauth2/token`,
      api_base_url: `${state.baseUrl}${PREFIX}`,
      test_call: { method: 'GET', path: '/api/v1/orders', scope: 'order/read' },
      grant_types: [...GRANTS],
      scopes: describeScopes(SCOPES),
      clients: state.clients.ofVendor('sumup-pos-pro').map(describeClient),
      access_token_lifetime: ACCESS_LIFETIME,
      refresh_token_lifetime: REFRESH_LIFETIME,
    }),
  };
}
