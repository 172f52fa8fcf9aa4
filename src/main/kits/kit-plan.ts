import type { Kit } from '../../shared/kits/kit-format';
import type { KitPreviewApp, KitPreviewProvider } from '../../shared/kits/kit-types';
import { validateProviderDefinition, type ProviderDefinition } from '../../shared/providers/provider-schema';
import { redirectUriFor } from '../apps/provider-apps';
import type { MetadataStore } from '../ports';
import type { ProviderRegistry } from '../providers/provider-registry';

/**
 * What importing a kit would do, item by item, against what this computer has now: the preview
 * shows it and the import follows it. An app already here (same vendor, same client ID) is left as
 * it is; an app whose provider the kit defines differently from the one here is not added, so its
 * secret never reaches endpoints it was not issued for.
 */
export function planKit(
  kit: Kit,
  deps: { store: MetadataStore; providers: ProviderRegistry },
): { apps: KitPreviewApp[]; providers: KitPreviewProvider[] } {
  const existingCustoms = deps.store.listCustomProviders();
  const providers: KitPreviewProvider[] = kit.customProviders.map((raw) => {
    const definition = validateProviderDefinition(raw);
    // parseKit validated every definition already.
    const { id, name } = definition.ok ? definition.value : { id: '?', name: '?' };
    const existing = existingCustoms.find((other) => (other as { id?: unknown }).id === id);
    const outcome: KitPreviewProvider['outcome'] =
      isBuiltin(deps.providers, id) ||
      (existing !== undefined && JSON.stringify(existing) !== JSON.stringify(raw))
        ? 'conflict'
        : existing !== undefined
          ? 'same'
          : 'add';
    return { id, name, outcome };
  });
  const existingApps = deps.store.listApps();
  const apps = kit.apps.map((app): KitPreviewApp => {
    const inKit = providers.find((p) => p.id === app.providerId);
    const definition = definitionOf(deps.providers, app.providerId, kit);
    const same = existingApps.find((e) => e.providerId === app.providerId && e.clientId === app.clientId);
    const outcome: KitPreviewApp['outcome'] =
      inKit?.outcome === 'conflict'
        ? 'provider-conflict'
        : !definition
          ? 'unknown-provider'
          : same
            ? 'same'
            : 'add';
    const redirectUri = definition ? redirectUriFor(definition, app.redirectPort) : undefined;
    return {
      ref: app.ref,
      providerId: app.providerId,
      providerName: definition?.name ?? app.providerId,
      label: app.label,
      clientId: app.clientId,
      ...(redirectUri ? { redirectUri } : {}),
      params: app.params,
      ...(app.scopes ? { scopes: app.scopes } : {}),
      hasClientSecret: kit.secrets !== undefined && app.secretIncluded === true && outcome === 'add',
      outcome,
      ...(same ? { existingLabel: same.label } : {}),
    };
  });
  return { apps, providers };
}

function definitionOf(
  providers: ProviderRegistry,
  providerId: string,
  kit: Kit,
): ProviderDefinition | undefined {
  try {
    return providers.get(providerId);
  } catch {
    for (const raw of kit.customProviders) {
      const checked = validateProviderDefinition(raw);
      if (checked.ok && checked.value.id === providerId) return checked.value;
    }
    return undefined;
  }
}

export function isBuiltin(providers: ProviderRegistry, providerId: string): boolean {
  return providers.all().some((p) => p.id === providerId && p.builtin);
}
