import { createAuthorizationEndpoint } from '../authorization';
import { requireBearer } from '../bearer';
import { authenticateClient } from '../client-auth';
import type { ClientRecord } from '../clients';
import { describeClient } from '../clients';
import type { RequestContext, SandboxState, VendorModule } from '../context';
import { OAuthError } from '../errors';
import {
  bodyParams,
  mintAccessToken,
  narrowScopes,
  parseScope,
  answerCodeWithOpaqueTokens,
  redeemCode,
  requireGrantType,
  sendTokenResponse,
  takeRefreshToken,
} from '../grants';
import { sendJson } from '../respond';
import type { ScopeInfo } from '../scopes';
import { defaultScopes, describeScopes, rejectUnknownScopes, scopeDescription } from '../scopes';

/**
 * SumUp (shared/seeds/001): https://api.sumup.com/authorize and /token, form bodies, state
 * required, default scopes when none are asked for, vetted scopes only for vetted clients, no
 * refresh token for client_credentials, refresh tokens that "may" rotate.
 */

const PREFIX = '/sumup';
const ACCESS_LIFETIME = 3599; // expires_in in the page's examples
const GRANTS = ['authorization_code', 'client_credentials', 'refresh_token'] as const;
const MERCHANT = 'merchant@sumup.sandbox';

const SCOPES: readonly ScopeInfo[] = [
  {
    name: 'transactions.history',
    default: true,
    description: 'View transactions and transaction history for the merchant user.',
  },
  {
    name: 'user.app-settings',
    default: true,
    description: 'View and modify SumUp mobile app settings for the merchant user.',
  },
  { name: 'user.profile_readonly', default: true, description: 'View profile details of the merchant user.' },
  { name: 'user.profile', default: false, description: 'Modify profile details of the merchant user.' },
  {
    name: 'user.subaccounts',
    default: false,
    description: 'View and modify sub-account profiles for the merchant user.',
  },
  {
    name: 'user.payout-settings',
    default: false,
    description: 'View and modify payout settings for the merchant user.',
  },
  {
    name: 'products',
    default: false,
    description: "View and modify products, shelves, prices, and VAT rates in the merchant's product store.",
  },
  {
    name: 'payments',
    default: false,
    vetted: true,
    description: 'Create and process payment checkouts. Requires manual verification by SumUp.',
  },
  {
    name: 'payment_instruments',
    default: false,
    vetted: true,
    description: 'Save customers and tokenize their payment cards. Requires manual verification by SumUp.',
  },
];
const VETTED = SCOPES.filter((scope) => scope.vetted === true).map((scope) => scope.name);
/**
 * Granted though not in the page's table: its own example asks for and is granted "customers"
 * (assumed to be a merchant-level scope; the app asks for it only as a typed extra scope).
 */
const UNLISTED: readonly ScopeInfo[] = [
  { name: 'customers', default: false, description: "Stored customers (from the page's example request)." },
];
const KNOWN: readonly ScopeInfo[] = [...SCOPES, ...UNLISTED];

/** Refuses vetted scopes to a client SumUp has not verified. */
function rejectUnvetted(client: ClientRecord, requested: readonly string[]): void {
  const refused = requested.filter((name) => VETTED.includes(name));
  if (refused.length > 0 && client.vetted !== true) {
    throw new OAuthError(
      'invalid_scope',
      `${refused.join(' ')} need SumUp's manual verification, which this client does not have.`,
    );
  }
}

/** The downloadable client-credentials JSON, exactly as on SumUp's page. */
export function sumupCredentialsJson(client: ClientRecord, index: number): Record<string, unknown> {
  return {
    id: `CCSBX${String(index + 1).padStart(3, '0')}`,
    name: client.name,
    client_id: client.client_id,
    client_secret: client.client_secret,
    application_type: 'web',
    redirect_uris: client.redirect_uris,
  };
}

export function createSumUp(state: SandboxState): VendorModule {
  const authorize = createAuthorizationEndpoint(state, {
    vendor: 'sumup',
    vendorName: 'SumUp',
    path: `${PREFIX}/authorize`,
    redirectMatch: 'exact',
    stateRequired: true,
    pkce: 'optional',
    subject: MERCHANT,
    resolveScopes(client, requested) {
      if (requested === null) return defaultScopes(SCOPES);
      rejectUnknownScopes(KNOWN, requested);
      rejectUnvetted(client, requested);
      return requested;
    },
    describeScope: (name) => scopeDescription(KNOWN, name),
  });

  const token = async (ctx: RequestContext): Promise<void> => {
    const params = bodyParams(
      ctx.body,
      ['form'],
      'SumUp takes application/x-www-form-urlencoded token requests.',
    );
    const grantType = requireGrantType(params, GRANTS);
    const { client } = authenticateClient(state, ctx, 'sumup', params, { allowPublic: false });

    if (grantType === 'authorization_code') {
      const grant = redeemCode(state, 'sumup', client, params);
      await answerCodeWithOpaqueTokens(state, ctx.res, grant, {
        accessSeconds: ACCESS_LIFETIME,
        refreshSeconds: null,
      });
      return;
    }

    if (grantType === 'client_credentials') {
      // No user: merchant-level scopes make no sense; only the (vetted) feature scopes may be asked for.
      const requested = parseScope(params.get('scope')) ?? [];
      rejectUnknownScopes(KNOWN, requested);
      const merchantLevel = requested.filter((name) => !VETTED.includes(name));
      if (merchantLevel.length > 0) {
        throw new OAuthError(
          'invalid_scope',
          `client_credentials tokens have no merchant user; cannot grant ${merchantLevel.join(' ')}.`,
        );
      }
      rejectUnvetted(client, requested);
      const grant = state.store.createGrant('sumup', client.client_id, client.client_id, requested);
      const accessToken = await mintAccessToken(state, {
        grant,
        scopes: requested,
        lifetimeSeconds: ACCESS_LIFETIME,
      });
      // "This flow does not return a refresh token."
      sendTokenResponse(ctx.res, {
        access_token: accessToken,
        token_type: 'Bearer',
        expires_in: ACCESS_LIFETIME,
        scope: requested.length > 0 ? requested.join(' ') : undefined,
      });
      return;
    }

    const { grant, record } = takeRefreshToken(state, 'sumup', client, params);
    const scopes = narrowScopes(grant, parseScope(params.get('scope')));
    const accessToken = await mintAccessToken(state, { grant, scopes, lifetimeSeconds: ACCESS_LIFETIME });
    // "may also return a new refresh token": deterministic here, every second refresh of a grant
    // rotates. Without rotation the response has no refresh_token and the old one stays valid.
    let newRefresh: string | undefined;
    if (grant.refreshes % 2 === 0) {
      record.spent = true;
      newRefresh = state.store.issueRefreshToken(grant, null).token;
    }
    // The page's refresh response has no scope field; the scope is unchanged (RFC 6749 §5.1).
    sendTokenResponse(ctx.res, {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: ACCESS_LIFETIME,
      refresh_token: newRefresh,
    });
  };

  /** Assumed API call: GET /v0.1/me (SumUp's merchant profile), needs user.profile_readonly. */
  const me = (ctx: RequestContext): void => {
    const record = requireBearer(state, ctx, 'sumup', 'user.profile_readonly');
    const grant = state.store.grant(record.grant_id);
    sendJson(ctx.res, 200, {
      account: { username: grant?.subject ?? MERCHANT, type: 'normal' },
      merchant_profile: { merchant_code: 'MSBX0001', company_name: 'Sandbox Café', country: 'GB' },
    });
  };

  return {
    id: 'sumup',
    routes: [
      { method: 'GET', path: `${PREFIX}/authorize`, kind: 'authorize', handle: authorize.get },
      { method: 'POST', path: `${PREFIX}/authorize`, kind: 'authorize', handle: authorize.post },
      { method: 'POST', path: `${PREFIX}/token`, kind: 'token', handle: token },
      { method: 'GET', path: `${PREFIX}/v0.1/me`, kind: 'api', handle: me },
    ],
    defaultClients: () => [
      {
        vendor: 'sumup',
        client_id: 'sbx-sumup-vetted',
        client_secret: 'sbx_sumup_vetted_secret_5c1f0e7a9b2d4c68a3e1f09b7d2c4e6a',
        redirect_uris: ['http://127.0.0.1:47811/callback'],
        name: 'POS Connect (vetted)',
        vetted: true,
      },
      {
        vendor: 'sumup',
        client_id: 'sbx-sumup-unvetted',
        client_secret: 'sbx_sumup_unvetted_secret_8e3b6d1f2a7c4e90b5d8a1c3f6e2b7d4',
        redirect_uris: ['http://127.0.0.1:47811/callback'],
        name: 'POS Connect (not vetted)',
        vetted: false,
      },
    ],
    describe: () => ({
      id: 'sumup',
      name: 'SumUp',
      authorization_endpoint: `${state.baseUrl}${PREFIX}/authorize`,
      token_endpoint: `${state.baseUrl}${PREFIX}/token`,
      api_base_url: `${state.baseUrl}${PREFIX}`,
      test_call: { method: 'GET', path: '/v0.1/me', scope: 'user.profile_readonly' },
      grant_types: [...GRANTS],
      scopes: describeScopes(SCOPES),
      clients: state.clients.ofVendor('sumup').map((client, index) => ({
        ...describeClient(client),
        vetted: client.vetted === true,
        credentials_json: sumupCredentialsJson(client, index),
      })),
      access_token_lifetime: ACCESS_LIFETIME,
      refresh_token_lifetime: null,
    }),
  };
}
