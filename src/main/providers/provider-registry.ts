import { AppError } from '../../shared/errors';
import type {
  CustomProviderProblem,
  EndpointOverride,
  EnvironmentName,
  ProviderApp,
  ProviderSummary,
} from '../../shared/models';
import {
  validateProviderDefinition,
  definitionProblem,
  type FieldProblem,
  type ProviderDefinition,
} from '../../shared/providers/provider-schema';
import type { MetadataStore } from '../ports';
import { BUILTIN_PROVIDERS } from './definitions';
import { resolveProviderEndpoints, type ResolvedEndpoints } from './resolve-provider';

/**
 * Every provider the app knows: the five built-in vendors and the user's custom ones, all validated
 * by the same schema. Endpoints are resolved per provider app, with the environment's URLs (the
 * sandbox) and the user's overrides (a vendor's staging) applied on top of the definition.
 */
export class ProviderRegistry {
  private readonly builtins: ProviderDefinition[];

  constructor(
    private readonly store: MetadataStore,
    /** Endpoint overrides of the environment (the sandbox's URLs), per provider ID. */
    private readonly environmentOverrides: Record<string, EndpointOverride> = {},
  ) {
    this.builtins = BUILTIN_PROVIDERS.map((input) => {
      const checked = validateProviderDefinition(input);
      // A built-in definition that fails its own schema is a programming error, caught by the tests.
      if (!checked.ok)
        throw new Error(
          `built-in provider ${String(input.id)} is invalid: ${JSON.stringify(checked.problems)}`,
        );
      return checked.value;
    });
  }

  /** Custom definitions validated once, again only after the registry itself changes them. */
  private customCache: { valid: ProviderDefinition[]; problems: CustomProviderProblem[] } | undefined;

  private customs(): { valid: ProviderDefinition[]; problems: CustomProviderProblem[] } {
    this.customCache ??= this.validateCustoms();
    return this.customCache;
  }

  private validateCustoms(): { valid: ProviderDefinition[]; problems: CustomProviderProblem[] } {
    const valid: ProviderDefinition[] = [];
    const problems: CustomProviderProblem[] = [];
    for (const raw of this.store.listCustomProviders()) {
      const checked = validateProviderDefinition(raw);
      const id = typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: string }).id : '(no id)';
      if (checked.ok) valid.push({ ...checked.value, builtin: false });
      else problems.push({ id, problems: checked.problems });
    }
    return { valid, problems };
  }

  all(): ProviderDefinition[] {
    return [...this.builtins, ...this.customs().valid];
  }

  problems(): CustomProviderProblem[] {
    return this.customs().problems;
  }

  get(providerId: string): ProviderDefinition {
    const found = this.all().find((provider) => provider.id === providerId);
    if (!found) {
      throw new AppError({
        code: 'NOT_FOUND',
        message: 'This provider is no longer known to POS Connect. It may have been removed in the settings.',
        detail: `provider ${providerId}`,
      });
    }
    return found;
  }

  /**
   * The user's overrides on top of the environment's. The environment's (the sandbox's URLs) apply
   * only to connections made in sandbox mode: a production connection keeps its vendor's URLs
   * when the app is started against the sandbox.
   */
  overridesFor(providerId: string, environment?: EnvironmentName): EndpointOverride {
    const user = this.store.getSettings().endpointOverrides[providerId] ?? {};
    const fromEnvironment = environment === 'production' ? {} : this.environmentOverrides[providerId];
    return { ...fromEnvironment, ...stripEmpty(user) };
  }

  /**
   * The endpoints in force for one provider app (placeholders filled from its parameters), for a
   * connection of the given environment (default: the one the app runs in).
   */
  endpointsFor(
    provider: ProviderDefinition,
    app?: Pick<ProviderApp, 'params'>,
    environment?: EnvironmentName,
  ): ResolvedEndpoints {
    return resolveProviderEndpoints(provider, app?.params ?? {}, this.overridesFor(provider.id, environment));
  }

  summaries(): ProviderSummary[] {
    const userOverrides = this.store.getSettings().endpointOverrides;
    return this.all().map((definition) => {
      const merged = this.overridesFor(definition.id);
      const pick = (key: keyof EndpointOverride, fallback: string | undefined) => merged[key] || fallback;
      const apiBase = pick(
        'apiBase',
        definition.apiBase.from === 'token' ? undefined : definition.apiBase.url,
      );
      const authorization = pick('authorization', definition.endpoints.authorization);
      const revocation = pick('revocation', definition.endpoints.revocation);
      return {
        definition,
        effectiveEndpoints: {
          token: pick('token', definition.endpoints.token) ?? definition.endpoints.token,
          ...(authorization ? { authorization } : {}),
          ...(revocation ? { revocation } : {}),
          ...(apiBase ? { apiBase } : {}),
        },
        overridden: Object.keys(stripEmpty(userOverrides[definition.id] ?? {})).length > 0,
      };
    });
  }

  saveCustom(
    raw: unknown,
  ): { saved: true; provider: ProviderDefinition } | { saved: false; problems: FieldProblem[] } {
    const checked = validateProviderDefinition(raw);
    if (!checked.ok) return { saved: false, problems: checked.problems };
    if (this.builtins.some((builtin) => builtin.id === checked.value.id)) {
      return {
        saved: false,
        problems: [definitionProblem('id', 'builtin_id', { id: checked.value.id })],
      };
    }
    this.store.saveCustomProvider(checked.value.id, raw);
    this.customCache = undefined;
    return { saved: true, provider: { ...checked.value, builtin: false } };
  }

  deleteCustom(providerId: string): void {
    if (this.builtins.some((builtin) => builtin.id === providerId)) {
      throw new AppError({
        code: 'INVALID_INPUT',
        message: 'Built-in providers cannot be removed.',
        detail: `provider ${providerId}`,
      });
    }
    if (this.store.listApps().some((app) => app.providerId === providerId)) {
      throw new AppError({
        code: 'INVALID_INPUT',
        message: 'This provider still has provider apps. Remove its apps and connections first.',
        detail: `provider ${providerId}`,
      });
    }
    this.store.deleteCustomProvider(providerId);
    this.customCache = undefined;
  }

  /** Origins shell.openExternal may open: the authorization endpoints in force. */
  authorizationOrigins(): string[] {
    const origins = new Set<string>();
    for (const summary of this.summaries()) {
      const url = summary.effectiveEndpoints.authorization;
      if (!url || url.includes('{')) continue;
      try {
        origins.add(new URL(url).origin);
      } catch {
        // An unparsable override is reported where it is used.
      }
    }
    return [...origins];
  }
}

function stripEmpty(overrides: EndpointOverride): EndpointOverride {
  return Object.fromEntries(
    Object.entries(overrides).filter(([, value]) => typeof value === 'string' && value.trim() !== ''),
  );
}
