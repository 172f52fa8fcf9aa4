import type { ProviderApp } from '../../../shared/models';
import type {
  ConnectGrant,
  ExtraParam,
  ProviderDefinition,
  ScopeDefinition,
} from '../../../shared/providers/provider-schema';
import {
  defaultScopesFor,
  isScopeToken,
  scopeVerdict,
  splitScopes,
  type ScopeVerdict,
} from '../../../shared/providers/scope-rules';

/** The grants a person can start a connection with (refresh_token only keeps one alive). */
const CONNECT_GRANTS: readonly ConnectGrant[] = ['authorization_code', 'client_credentials', 'password'];

export function connectGrants(definition: ProviderDefinition): ConnectGrant[] {
  return CONNECT_GRANTS.filter((grant) => definition.grants.includes(grant));
}

export interface ScopeAvailability {
  /** The chosen grant cannot ask for it; `verdict` says why. */
  unavailable: boolean;
  /** Always sent; cannot be deselected. */
  locked: boolean;
  verdict: ScopeVerdict;
}

export function scopeAvailability(
  definition: ProviderDefinition,
  scope: ScopeDefinition,
  grant: ConnectGrant | undefined,
): ScopeAvailability {
  const verdict = scopeVerdict(definition, scope, grant);
  return { unavailable: !verdict.allowed, locked: scope.required && verdict.allowed, verdict };
}

/** Defaults and required scopes the grant may ask for (SumUp client credentials: none). */
export function initialScopes(definition: ProviderDefinition, grant: ConnectGrant | undefined): string[] {
  return defaultScopesFor(definition, grant);
}

/**
 * The selection after the grant changes: an untouched selection (the old grant's defaults) becomes
 * the new grant's defaults; a chosen one keeps what the new grant may ask for. Typed extra scopes
 * are not in this list and are left alone.
 */
export function adjustScopes(
  definition: ProviderDefinition,
  from: ConnectGrant | undefined,
  to: ConnectGrant,
  selected: string[],
): string[] {
  const before = new Set(defaultScopesFor(definition, from));
  const untouched = selected.length === before.size && selected.every((name) => before.has(name));
  if (untouched) return defaultScopesFor(definition, to);
  const kept = new Set(selected);
  return definition.scopes
    .filter((scope) => {
      const { unavailable, locked } = scopeAvailability(definition, scope, to);
      if (unavailable) return false;
      return locked || kept.has(scope.name);
    })
    .map((scope) => scope.name);
}

/** Problems with typed extra scopes: not RFC 6749 scope tokens, or already in the catalogue. */
export function extraScopeProblem(
  definition: ProviderDefinition,
  text: string,
): { kind: 'syntax' | 'listed'; scope: string } | undefined {
  for (const name of splitScopes(text)) {
    if (!isScopeToken(name)) return { kind: 'syntax', scope: name };
    if (definition.scopes.some((scope) => scope.name === name)) return { kind: 'listed', scope: name };
  }
  return undefined;
}

export function appParams(definition: ProviderDefinition): ExtraParam[] {
  return definition.extraParams.filter((param) => param.level === 'app');
}

export function connectionParams(
  definition: ProviderDefinition,
  grant: ConnectGrant | undefined,
): ExtraParam[] {
  return definition.extraParams.filter(
    (param) => param.level === 'connection' && (!param.sendWith || !grant || param.sendWith.includes(grant)),
  );
}

export function usesFixedPort(definition: ProviderDefinition): boolean {
  const code = definition.authorizationCode;
  return Boolean(
    code && definition.grants.includes('authorization_code') && code.redirectMatch !== 'any-loopback-port',
  );
}

export function appsFor(apps: ProviderApp[], providerId: string | undefined): ProviderApp[] {
  return apps.filter((app) => app.providerId === providerId).sort((a, b) => a.label.localeCompare(b.label));
}
