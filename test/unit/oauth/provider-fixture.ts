import {
  providerDefinitionSchema,
  type ProviderDefinition,
  type ProviderDefinitionInput,
} from '../../../src/shared/providers/provider-schema';

/** A minimal valid definition for unit tests, with overrides. */
export function testProvider(overrides: Partial<ProviderDefinitionInput> = {}): ProviderDefinition {
  return providerDefinitionSchema.parse({
    id: 'unit-test',
    name: 'Unit test provider',
    endpoints: { token: 'http://127.0.0.1:1/token' },
    grants: ['client_credentials', 'password', 'refresh_token'],
    tokenRequest: { encoding: 'form', clientAuth: 'client_secret_post' },
    lifetimes: { accessTokenSeconds: 3600, refreshTokenSeconds: null },
    refreshToken: { singleUse: false },
    apiBase: { from: 'fixed', url: 'https://api.example' },
    ...overrides,
  });
}

/**
 * A built-in definition, parsed. The schema's placeholder probe turns '{x}/path' into
 * 'placeholder.example/path' (no scheme), so a template that starts with a placeholder (Chimpy)
 * fails validation; parse with stand-ins and keep the real templates.
 */
export function parseWithTemplates(input: ProviderDefinitionInput): ProviderDefinition {
  const standIn = (value: string): string => value.replace(/^\{[a-z_]+\}/, 'https://stand-in.example');
  const endpoints = Object.fromEntries(
    Object.entries(input.endpoints).map(([k, v]) => [k, typeof v === 'string' ? standIn(v) : v]),
  );
  const apiBase =
    input.apiBase.from === 'token' ? input.apiBase : { ...input.apiBase, url: standIn(input.apiBase.url) };
  const parsed = providerDefinitionSchema.parse({ ...input, endpoints, apiBase });
  return {
    ...parsed,
    endpoints: { ...parsed.endpoints, ...input.endpoints },
    apiBase: input.apiBase.from === 'token' ? parsed.apiBase : { ...parsed.apiBase, url: input.apiBase.url },
  } as ProviderDefinition;
}
