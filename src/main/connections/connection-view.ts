import type { ConnectionDetail, ConnectionSummary, Settings, TokenPreview } from '../../shared/models';
import type { ProviderDefinition } from '../../shared/providers/provider-schema';
import { decodeJwtUnverified, maskToken, tokenEnds } from '../oauth/jwt';
import { renewalKind } from '../../shared/renewal';
import { deriveState } from './connection-state';
import { isSaneDate } from './refresh-policy';
import type { ConnectionRecord, ConnectionSecrets } from '../ports';

/**
 * What the renderer sees of a connection: metadata, masked previews and decoded JWT claims. The
 * raw tokens never leave this file's inputs.
 */

/** A date fit to show; one out of range (a vendor's nonsense lifetime in an old record) is left out, never thrown. */
const iso = (ms: number | undefined) => (isSaneDate(ms) ? new Date(ms).toISOString() : undefined);

export function toSummary(
  record: ConnectionRecord,
  provider: ProviderDefinition | undefined,
  context: { now: number; settings: Settings; refreshing: boolean; canRenew: boolean },
): ConnectionSummary {
  const { state, attention } = deriveState(
    {
      stored: record.state,
      refreshing: context.refreshing,
      lastRefreshFailed: record.lastRefreshFailed,
      ...(record.accessTokenExpiresAt !== undefined
        ? { accessTokenExpiresAt: record.accessTokenExpiresAt }
        : {}),
      ...(record.refreshTokenExpiresAt !== undefined
        ? { refreshTokenExpiresAt: record.refreshTokenExpiresAt }
        : {}),
      canRenew: context.canRenew,
    },
    {
      now: context.now,
      refreshLeadMs: context.settings.refreshLeadSeconds * 1000,
      refreshTokenWarningMs: context.settings.refreshTokenWarningHours * 3600_000,
    },
  );
  const summary: ConnectionSummary = {
    id: record.id,
    providerId: record.providerId,
    providerName: provider?.name ?? record.providerId,
    appId: record.appId,
    label: record.label,
    grant: record.grant,
    environment: record.environment,
    state,
    hasRefreshToken: record.hasRefreshToken,
    renewal: renewalKind(record),
    requestedScopes: record.requestedScopes,
    extraScopes: record.extraScopes ?? [],
    grantedScopes: record.grantedScopes,
    scopesSource: record.scopesSource,
    createdAt: iso(record.createdAt) ?? new Date(0).toISOString(),
    attention,
  };
  if (record.stateReason) summary.stateReason = record.stateReason;
  const accessAt = iso(record.accessTokenExpiresAt);
  const refreshAt = iso(record.refreshTokenExpiresAt);
  const lastRefresh = iso(record.lastRefreshAt);
  if (accessAt) summary.accessTokenExpiresAt = accessAt;
  if (refreshAt) summary.refreshTokenExpiresAt = refreshAt;
  if (lastRefresh) summary.lastRefreshAt = lastRefresh;
  if (record.apiBaseUrl) summary.apiBaseUrl = record.apiBaseUrl;
  return summary;
}

function maskedPreview(token: string): TokenPreview {
  const ends = tokenEnds(token);
  return { masked: maskToken(token), ...(ends ? { ends } : {}), length: token.length };
}

export function tokenPreview(token: string, expiresAt?: number): TokenPreview {
  const preview = maskedPreview(token);
  const at = iso(expiresAt);
  if (at) preview.expiresAt = at;
  const jwt = decodeJwtUnverified(token);
  if (jwt) preview.jwt = jwt;
  return preview;
}

export function toDetail(
  summary: ConnectionSummary,
  record: ConnectionRecord,
  secrets: ConnectionSecrets | undefined,
  history: ConnectionDetail['history'],
): ConnectionDetail {
  const detail: ConnectionDetail = {
    ...summary,
    params: record.params,
    keepsPassword: record.keepsPassword,
    history: [...history].reverse(),
  };
  if (secrets) {
    detail.accessToken = tokenPreview(secrets.accessToken, record.accessTokenExpiresAt);
    if (secrets.refreshToken) {
      // A refresh token is opaque to its client: show only that it exists, never its claims.
      const preview = maskedPreview(secrets.refreshToken);
      const at = iso(record.refreshTokenExpiresAt);
      if (at) preview.expiresAt = at;
      detail.refreshToken = preview;
    }
  }
  if (record.lastTokenResponse) {
    detail.lastTokenResponse = {
      at: iso(record.lastTokenResponse.at) ?? new Date(0).toISOString(),
      status: record.lastTokenResponse.status,
      body: record.lastTokenResponse.body,
    };
  }
  return detail;
}
