import { AppError } from '../../shared/errors';
import type { GrantType, ProviderDefinition } from '../../shared/providers/provider-schema';
import { findScopeProblem } from '../../shared/providers/scope-rules';

/**
 * The scope rules of src/shared/providers/scope-rules.ts as typed errors for main: connect calls
 * this before any request, so a scope the grant cannot ask for never reaches the vendor.
 */
export function assertScopesAllowed(
  provider: ProviderDefinition,
  grant: GrantType,
  scopes: readonly string[],
  extraScopes: readonly string[] = [],
): void {
  const found = findScopeProblem(provider, grant, scopes, extraScopes);
  if (!found) return;
  const { scope } = found;
  if (found.problem === 'syntax') {
    throw new AppError({
      code: 'INVALID_SCOPE',
      message: `"${scope}" is not a valid scope name: use printable characters without spaces, quotes or backslashes.`,
      detail: `scope ${JSON.stringify(scope)} is not an RFC 6749 scope-token`,
      params: { scope },
    });
  }
  if (found.problem === 'unknown') {
    throw new AppError({
      code: 'INVALID_SCOPE',
      message: `${provider.name} does not list the scope "${scope}". Add it as an extra scope if you are sure the vendor grants it.`,
      detail: `scope ${scope} not in the catalogue and not given as an extra scope`,
      params: { scope },
    });
  }
  const { verdict } = found;
  throw new AppError({
    code: 'INVALID_SCOPE',
    message:
      verdict.reason === 'access-level'
        ? `The scope "${scope}" gives ${verdict.accessLevel} access, which ${provider.name} does not allow with this way of connecting.`
        : `The scope "${scope}" cannot be requested with this way of connecting.`,
    detail: `scope ${scope} (${verdict.reason === 'access-level' ? `access level ${verdict.accessLevel}` : 'scope grants'}) allows ${verdict.grants.join(', ')}; not ${grant}`,
    params: { scope, grant },
  });
}

/**
 * A refused scope request (invalid_scope) that asked for scopes the vendor must approve first:
 * the error names them, since that is the likely cause (SumUp's "payments", POS Pro's support tier).
 */
export function withApprovalHint(
  provider: ProviderDefinition,
  requested: readonly string[],
  error: unknown,
): unknown {
  if (!(error instanceof AppError) || error.code !== 'INVALID_SCOPE' || error.params?.scope !== undefined)
    return error;
  const needingApproval = provider.scopes
    .filter((scope) => scope.needsApproval && requested.includes(scope.name))
    .map((scope) => scope.name);
  if (needingApproval.length === 0) return error;
  const data = error.toData();
  return new AppError({
    ...data,
    message: `${data.message} ${provider.name} must approve your client for: ${needingApproval.join(', ')}.`,
    detail: `${data.detail ?? ''}; requested scopes needing the vendor's approval: ${needingApproval.join(' ')}`,
    params: { ...data.params, scope: needingApproval.join(' ') },
  });
}
