import { AppError } from '../../shared/errors';
import { kitSchema, type Kit, type KitApp } from '../../shared/kits/kit-format';
import {
  KIT_EXTENSION,
  KIT_FORMAT,
  KIT_VERSION,
  MAX_KIT_BYTES,
  type KitExportChoice,
} from '../../shared/kits/kit-types';
import type { ProviderApps } from '../apps/provider-apps';
import type { Clock, MetadataStore, SecretStore } from '../ports';
import type { ProviderRegistry } from '../providers/provider-registry';
import { encryptKitSecrets } from './kit-crypto';
import { kitAssociatedData, serialiseKit } from './kit-file';
import { isBuiltin } from './kit-plan';

/**
 * A kit from what a technician chose: the apps as they are configured (never their secrets unless
 * a passphrase was given, then only encrypted), the custom providers chosen and those the apps
 * need, and the scopes to suggest.
 */
export async function exportKit(
  choice: KitExportChoice,
  deps: {
    store: MetadataStore;
    vault: SecretStore;
    providers: ProviderRegistry;
    apps: ProviderApps;
    now: Clock;
  },
): Promise<{ fileName: string; content: string }> {
  const chosenApps = choice.appIds.map((id) => deps.apps.get(id));
  const customIds = new Set(choice.customProviderIds);
  // A kit is whole: an app of a custom provider brings its definition.
  for (const app of chosenApps) if (!isBuiltin(deps.providers, app.providerId)) customIds.add(app.providerId);
  const rawCustoms = deps.store.listCustomProviders();
  const customProviders = [...customIds].map((id) => {
    const raw = rawCustoms.find((definition) => (definition as { id?: unknown }).id === id);
    if (raw === undefined)
      throw new AppError({
        code: 'NOT_FOUND',
        message: 'This custom provider no longer exists.',
        detail: `custom provider ${id}`,
      });
    return raw;
  });

  const secrets: Record<string, string> = {};
  const kitApps: KitApp[] = [];
  for (const [index, app] of chosenApps.entries()) {
    const ref = `app-${index + 1}`;
    const secret =
      choice.passphrase !== undefined && app.hasClientSecret
        ? await deps.vault.getAppSecret(app.id)
        : undefined;
    if (secret !== undefined) secrets[ref] = secret;
    const scopes = choice.scopes?.[app.id] ?? app.suggestedScopes;
    kitApps.push({
      ref,
      providerId: app.providerId,
      label: app.label,
      clientId: app.clientId,
      ...(app.redirectPort !== undefined ? { redirectPort: app.redirectPort } : {}),
      params: { ...app.params },
      ...(scopes ? { scopes } : {}),
      ...(secret !== undefined ? { secretIncluded: true as const } : {}),
    });
  }
  const kit: Kit = kitSchema.parse({
    format: KIT_FORMAT,
    version: KIT_VERSION,
    createdAt: new Date(deps.now()).toISOString(),
    ...(choice.createdBy?.trim() ? { createdBy: choice.createdBy.trim() } : {}),
    ...(choice.note?.trim() ? { note: choice.note.trim() } : {}),
    customProviders,
    apps: kitApps,
  });
  if (choice.passphrase !== undefined && Object.keys(secrets).length > 0)
    kit.secrets = await encryptKitSecrets(secrets, choice.passphrase, kitAssociatedData(kit));

  const content = serialiseKit(kit);
  if (Buffer.byteLength(content) > MAX_KIT_BYTES)
    throw new AppError({
      code: 'KIT_INVALID',
      message: 'These apps and providers make a kit bigger than POS Connect opens. Choose fewer.',
      detail: `kit of ${Buffer.byteLength(content)} bytes`,
    });
  return { fileName: `pos-connect-kit-${kit.createdAt.slice(0, 10)}${KIT_EXTENSION}`, content };
}
