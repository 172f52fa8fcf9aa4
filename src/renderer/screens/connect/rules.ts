import type { ProviderApp } from '../../../shared/models';
import type {
  ConnectGrant,
  ExtraParam,
  ProviderDefinition,
  ScopeDefinition,
} from '../../../shared/providers/provider-schema';

/** The grants a person can start a connection with (refresh_token only keeps one alive). */
const CONNECT_GRANTS: readonly ConnectGrant[] = ['authorization_code', 'client_credentials', 'password'];

export function connectGrants(definition: ProviderDefinition): ConnectGrant[] {
  return CONNECT_GRANTS.filter((grant) => definition.grants.includes(grant));
}

export interface ScopeAvailability {
  /** The chosen grant cannot ask for it. */
  unavailable: boolean;
  /** Always sent; cannot be deselected. */
  locked: boolean;
}

export function scopeAvailability(
  scope: ScopeDefinition,
  grant: ConnectGrant | undefined,
): ScopeAvailability {
  const unavailable = Boolean(grant && scope.grants && !scope.grants.includes(grant));
  return { unavailable, locked: scope.required && !unavailable };
}

/** Defaults and required scopes the grant may ask for. */
export function initialScopes(definition: ProviderDefinition, grant: ConnectGrant | undefined): string[] {
  return definition.scopes
    .filter((scope) => (scope.default || scope.required) && !scopeAvailability(scope, grant).unavailable)
    .map((scope) => scope.name);
}

/** Keeps the selection valid after the grant changes. */
export function adjustScopes(
  definition: ProviderDefinition,
  grant: ConnectGrant,
  selected: string[],
): string[] {
  const kept = new Set(selected);
  return definition.scopes
    .filter((scope) => {
      const { unavailable, locked } = scopeAvailability(scope, grant);
      if (unavailable) return false;
      return locked || kept.has(scope.name);
    })
    .map((scope) => scope.name)
    .concat(selected.filter((name) => !definition.scopes.some((scope) => scope.name === name)));
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
