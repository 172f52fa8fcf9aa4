import type { SandboxVendor } from '../../src/shared/sandbox-descriptor';
import { OAuthError } from './errors';

/** A vendor's scope catalogue entry, as on its page. */
export interface ScopeInfo {
  name: string;
  description: string;
  /** Granted when none are asked for. */
  default: boolean;
  /** SumUp: needs SumUp's manual verification. */
  vetted?: boolean;
  /** Taptouch: the grants that may ask for it. */
  grant_types?: string[];
}

export function describeScopes(catalogue: readonly ScopeInfo[]): SandboxVendor['scopes'] {
  return catalogue.map(({ name, default: isDefault, vetted, grant_types }) => ({
    name,
    default: isDefault,
    ...(vetted === undefined ? {} : { vetted }),
    ...(grant_types === undefined ? {} : { grant_types }),
  }));
}

export function scopeDescription(catalogue: readonly ScopeInfo[], name: string): string {
  return catalogue.find((scope) => scope.name === name)?.description ?? name;
}

/** Refuses scopes the vendor does not know (invalid_scope, RFC 6749 §5.2). */
export function rejectUnknownScopes(catalogue: readonly ScopeInfo[], requested: readonly string[]): void {
  const unknown = requested.filter((name) => !catalogue.some((scope) => scope.name === name));
  if (unknown.length > 0) throw new OAuthError('invalid_scope', `Unknown scope: ${unknown.join(' ')}.`);
}

export function defaultScopes(catalogue: readonly ScopeInfo[]): string[] {
  return catalogue.filter((scope) => scope.default).map((scope) => scope.name);
}
