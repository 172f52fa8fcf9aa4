import type { GrantType, ProviderDefinition, ScopeDefinition } from './provider-schema';
import { SCOPE_TOKEN } from './scope-token';

/**
 * Which scopes a grant may ask for, read from the definition's data: a scope's own `grants` and
 * its access level's grants (`accessLevels`). One set of rules for the wizard (disabled with the
 * reason, defaults per grant) and for main (connect refuses what the grant cannot ask for).
 */

export type ScopeVerdict =
  | { allowed: true }
  /** The scope's own grant list excludes the grant (Taptouch's "Grand Type" column). */
  | { allowed: false; reason: 'grant'; grants: GrantType[] }
  /** Its access level excludes the grant (SumUp: no merchant scope with client credentials). */
  | { allowed: false; reason: 'access-level'; accessLevel: string; grants: GrantType[] };

export function scopeVerdict(
  provider: Pick<ProviderDefinition, 'accessLevels'>,
  scope: ScopeDefinition,
  grant: GrantType | undefined,
): ScopeVerdict {
  if (grant === undefined) return { allowed: true };
  if (scope.grants && !scope.grants.includes(grant)) {
    return { allowed: false, reason: 'grant', grants: scope.grants };
  }
  const levelGrants = scope.accessLevel !== undefined ? provider.accessLevels[scope.accessLevel] : undefined;
  if (levelGrants && !levelGrants.includes(grant)) {
    return {
      allowed: false,
      reason: 'access-level',
      accessLevel: scope.accessLevel ?? '',
      grants: levelGrants,
    };
  }
  return { allowed: true };
}

/** Scopes pre-selected for a grant: the defaults and the required ones that grant may ask for. */
export function defaultScopesFor(provider: ProviderDefinition, grant: GrantType | undefined): string[] {
  return provider.scopes
    .filter((scope) => (scope.default || scope.required) && scopeVerdict(provider, scope, grant).allowed)
    .map((scope) => scope.name);
}

/** RFC 6749 §3.3 scope-token: printable ASCII without space, double quote or backslash. */
export function isScopeToken(value: string): boolean {
  return SCOPE_TOKEN.test(value);
}

/** Free text ("customers  payments.read") as scope names; order kept, duplicates dropped. */
export function splitScopes(text: string): string[] {
  return [...new Set(text.split(/\s+/).filter((part) => part !== ''))];
}

export type ScopeProblem =
  | { scope: string; problem: 'syntax' }
  | { scope: string; problem: 'unknown' }
  | { scope: string; problem: 'not-allowed'; verdict: Exclude<ScopeVerdict, { allowed: true }> };

/**
 * The first problem with a request: catalogue scopes must be allowed for the grant; a scope
 * outside the catalogue is accepted only when the person typed it as an extra scope, and every
 * scope must be an RFC 6749 scope-token. Providers without a catalogue accept any valid token.
 */
export function findScopeProblem(
  provider: ProviderDefinition,
  grant: GrantType,
  scopes: readonly string[],
  extraScopes: readonly string[] = [],
): ScopeProblem | undefined {
  for (const name of [...scopes, ...extraScopes]) {
    if (!isScopeToken(name)) return { scope: name, problem: 'syntax' };
    const scope = provider.scopes.find((candidate) => candidate.name === name);
    if (!scope) {
      if (provider.scopes.length > 0 && !extraScopes.includes(name))
        return { scope: name, problem: 'unknown' };
      continue;
    }
    const verdict = scopeVerdict(provider, scope, grant);
    if (!verdict.allowed) return { scope: name, problem: 'not-allowed', verdict };
  }
  return undefined;
}
