import { AppError } from '../../shared/errors';
import type { ConnectInput } from '../../shared/models';
import type { ProviderDefinition } from '../../shared/providers/provider-schema';
import { withApprovalHint } from './scope-rules';

/**
 * A failure while making a connection, told for that moment. The OAuth engine words its errors for
 * any moment ("no longer accepts this sign-in or renewal: reconnect"); at a first connect there is
 * nothing to reconnect, so the same protocol error gets a `situation` (the renderer's translation
 * context, errors.<CODE>_<situation>) and an English message that fits.
 */
export function explainConnectFailure(
  provider: ProviderDefinition,
  input: Pick<ConnectInput, 'grant' | 'scopes' | 'extraScopes'>,
  error: unknown,
): unknown {
  const asked = [...input.scopes, ...(input.extraScopes ?? [])];
  const hinted = withApprovalHint(provider, asked, error);
  if (!(hinted instanceof AppError)) return hinted;
  const data = hinted.toData();
  const params = { ...data.params };

  if (data.code === 'INVALID_GRANT' && input.grant === 'password') {
    // The password grant's invalid_grant is the vendor refusing the account (RFC 6749 §5.2), and the
    // connection-level parameters sent with it (PowerEPOS's organisation code) are part of that account.
    const sentWith = provider.extraParams.filter(
      (param) => param.level === 'connection' && param.sendWith?.includes('password'),
    );
    const field = sentWith[0]?.label;
    // The window names the field in its own language (wizard.params.<vendor>.<name>), this is the English.
    const fieldParam = sentWith[0]?.name;
    return new AppError({
      ...data,
      message: `${provider.name} says the username or password is wrong${field ? ` (or the ${field})` : ''}. Check them and try again.`,
      params: {
        ...params,
        situation: field ? 'signInField' : 'signIn',
        vendor: provider.name,
        ...(field ? { field } : {}),
        ...(fieldParam ? { fieldParam, providerId: provider.id } : {}),
      },
    });
  }
  if (data.code === 'INVALID_GRANT' && input.grant === 'authorization_code') {
    return new AppError({
      ...data,
      message: `${provider.name} refused the sign-in it had just approved (the code was not accepted). Start again; if it keeps happening, check the provider app's settings.`,
      params: { ...params, situation: 'code', vendor: provider.name },
    });
  }
  if (data.code === 'INVALID_SCOPE' && params.scope === undefined) {
    const scope = refusedScopes(provider, asked, String(params.vendorReason ?? data.detail ?? ''));
    if (scope)
      return new AppError({
        ...data,
        message: `${provider.name} refused the permission “${scope}”. Remove it, or ask ${provider.name} to enable it, then try again.`,
        params: { ...params, scope },
      });
  }
  if (data.code === 'INVALID_CLIENT') {
    return new AppError({
      ...data,
      message: `${provider.name} did not recognise the provider app's client ID or client secret. Check the provider app, then try again.`,
      params: { ...params, situation: 'connect', vendor: provider.name },
    });
  }
  return hinted;
}

/**
 * Which of the asked scopes were refused: those the vendor's reason names; else those typed by
 * hand (outside the catalogue, the likeliest culprits); else all of them.
 */
export function refusedScopes(
  provider: ProviderDefinition,
  asked: readonly string[],
  reason: string,
): string | undefined {
  // Words as the vendor wrote them, less the punctuation around them (a scope may hold dots).
  const words = new Set(
    reason
      .split(/[\s"'“”‘’,;()[\]]+/)
      .map((word) => word.replace(/^[.:]+|[.:]+$/g, ''))
      .filter(Boolean),
  );
  const named = asked.filter((scope) => words.has(scope));
  if (named.length > 0) return named.join(' ');
  const typed = asked.filter((scope) => !provider.scopes.some((known) => known.name === scope));
  if (typed.length > 0) return typed.join(' ');
  return asked.length > 0 ? asked.join(' ') : undefined;
}
