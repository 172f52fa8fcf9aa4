import type { ProviderApp } from '../../../shared/models';
import type { ConnectGrant, ProviderDefinition } from '../../../shared/providers/provider-schema';
import { scopeAvailability } from '../connect/rules';

/**
 * The scopes a connection kit chose for an app, as the wizard's first selection when that app is
 * picked: only catalogue scopes the grant may ask for, plus the ones the vendor requires. An app
 * without a suggestion keeps the selection it had.
 */
export function suggestedScopes(
  definition: ProviderDefinition,
  app: ProviderApp | undefined,
  grant: ConnectGrant | undefined,
  current: string[],
): string[] {
  if (!app?.suggestedScopes || !grant) return current;
  const wanted = new Set(app.suggestedScopes);
  return definition.scopes
    .filter((scope) => {
      const { unavailable, locked } = scopeAvailability(definition, scope, grant);
      return !unavailable && (locked || wanted.has(scope.name));
    })
    .map((scope) => scope.name);
}
