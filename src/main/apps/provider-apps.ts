import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../shared/errors';
import type { EnvironmentName, ProviderApp, SaveAppInput } from '../../shared/models';
import type { ProviderDefinition } from '../../shared/providers/provider-schema';
import type { Clock, MetadataStore, SecretStore } from '../ports';
import type { ProviderRegistry } from '../providers/provider-registry';
import { normaliseTenantUrl } from '../providers/resolve-provider';

/**
 * Provider apps: a client registration with a vendor (client ID, secret, redirect URI, app-level
 * parameters), configured once and shared by that vendor's connections. The secret goes to the
 * vault; the rest is metadata.
 */

/** The exact redirect URI to register with a vendor that matches redirect URIs (a fixed port). */
export function redirectUriFor(provider: ProviderDefinition, port: number | undefined): string | undefined {
  const ac = provider.authorizationCode;
  if (!ac || !provider.grants.includes('authorization_code')) return undefined;
  if (ac.redirectMatch === 'any-loopback-port') return `http://127.0.0.1${ac.callbackPath}`;
  const chosen = port ?? ac.defaultPort;
  return chosen === undefined ? undefined : `http://127.0.0.1:${chosen}${ac.callbackPath}`;
}

/** SumUp's downloadable client-credentials file, as its page shows it. */
const sumupCredentialsSchema = z.object({
  id: z.string().optional(),
  name: z.string().optional(),
  client_id: z.string().min(1),
  client_secret: z.string().min(1),
  application_type: z.string().optional(),
  redirect_uris: z.array(z.string()).default([]),
});

export class ProviderApps {
  constructor(
    private readonly store: MetadataStore,
    private readonly vault: SecretStore,
    private readonly providers: ProviderRegistry,
    private readonly now: Clock,
    /** Plain-http tenant addresses (loopback only) are accepted in sandbox mode alone. */
    private readonly environment: EnvironmentName = 'production',
  ) {}

  list(): ProviderApp[] {
    return this.store.listApps().map((app) => this.withRedirect(app));
  }

  get(appId: string): ProviderApp {
    const app = this.store.getApp(appId);
    if (!app)
      throw new AppError({
        code: 'NOT_FOUND',
        message: 'This provider app no longer exists.',
        detail: `app ${appId}`,
      });
    return this.withRedirect(app);
  }

  private withRedirect(app: ProviderApp): ProviderApp {
    let provider: ProviderDefinition;
    try {
      provider = this.providers.get(app.providerId);
    } catch {
      return app;
    }
    const redirectUri = redirectUriFor(provider, app.redirectPort);
    return redirectUri ? { ...app, redirectUri } : app;
  }

  async save(input: SaveAppInput): Promise<ProviderApp> {
    const provider = this.providers.get(input.providerId);
    const existing = input.id ? this.get(input.id) : undefined;
    if (existing && existing.providerId !== input.providerId) {
      throw new AppError({
        code: 'INVALID_INPUT',
        message: 'A provider app cannot move to another provider.',
        detail: `app ${input.id}`,
      });
    }
    const params = this.checkParams(provider, input.params);
    const ac = provider.authorizationCode;
    const fixedPort =
      ac && ac.redirectMatch !== 'any-loopback-port' && provider.grants.includes('authorization_code');
    const app: ProviderApp = {
      id: existing?.id ?? randomUUID(),
      providerId: provider.id,
      label: input.label.trim() || provider.name,
      clientId: input.clientId.trim(),
      hasClientSecret: existing?.hasClientSecret ?? false,
      params,
      createdAt: existing?.createdAt ?? new Date(this.now()).toISOString(),
    };
    const suggestedScopes = input.suggestedScopes ?? existing?.suggestedScopes;
    if (suggestedScopes) app.suggestedScopes = suggestedScopes;
    if (fixedPort) app.redirectPort = input.redirectPort ?? existing?.redirectPort ?? ac.defaultPort!;
    // The secret first: if the keychain refuses it, no half-configured app is left behind.
    if (input.clientSecret !== undefined) {
      if (input.clientSecret === '') {
        if (existing?.hasClientSecret) await this.vault.deleteAppSecret(app.id);
        app.hasClientSecret = false;
      } else {
        await this.vault.putAppSecret(app.id, input.clientSecret);
        app.hasClientSecret = true;
      }
    }
    this.store.saveApp(app);
    return this.withRedirect(app);
  }

  async importSumupCredentials(json: string, label?: string): Promise<ProviderApp> {
    let parsed: z.infer<typeof sumupCredentialsSchema>;
    try {
      parsed = sumupCredentialsSchema.parse(JSON.parse(json));
    } catch {
      throw new AppError({
        code: 'INVALID_INPUT',
        message:
          "This file is not a SumUp client-credentials file. Download it again from SumUp's OAuth apps page.",
        detail: 'expected client_id, client_secret and redirect_uris',
      });
    }
    const loopback = parsed.redirect_uris
      .map((uri) => {
        try {
          return new URL(uri);
        } catch {
          return undefined;
        }
      })
      .find((url) => url?.protocol === 'http:' && url.hostname === '127.0.0.1' && url.port !== '');
    return this.save({
      providerId: 'sumup',
      label: label ?? parsed.name ?? 'SumUp',
      clientId: parsed.client_id,
      clientSecret: parsed.client_secret,
      ...(loopback ? { redirectPort: Number(loopback.port) } : {}),
      params: {},
    });
  }

  async delete(appId: string): Promise<void> {
    this.get(appId);
    if (this.store.listConnections().some((connection) => connection.appId === appId)) {
      throw new AppError({
        code: 'INVALID_INPUT',
        message: 'Connections still use this provider app. Disconnect them first.',
        detail: `app ${appId} in use`,
      });
    }
    await this.vault.deleteAppSecret(appId);
    this.store.deleteApp(appId);
  }

  private checkParams(provider: ProviderDefinition, given: Record<string, string>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const param of provider.extraParams.filter((p) => p.level === 'app')) {
      const value = given[param.name]?.trim() ?? '';
      if (value === '') {
        if (param.required) {
          throw new AppError({
            code: 'INVALID_INPUT',
            message: `Enter the ${param.label}.`,
            detail: `missing ${param.name}`,
            params: { field: param.name },
          });
        }
        continue;
      }
      out[param.name] = param.isUrl
        ? normaliseTenantUrl(param.name, value, this.environment === 'sandbox')
        : value;
    }
    return out;
  }
}
