import { describe, expect, it } from 'vitest';
import { resolveProviderEndpoints } from '../../../src/main/providers/resolve-provider';
import { sandboxEndpointOverrides } from '../../../src/main/providers/resolve-sandbox';
import { BUILTIN_PROVIDERS } from '../../../src/main/providers/definitions';
import type { SandboxDescriptor } from '../../../src/shared/sandbox-descriptor';
import { parseWithTemplates } from './provider-fixture';

const def = (id: string) =>
  parseWithTemplates(BUILTIN_PROVIDERS.find((p) => p.id === id) ?? BUILTIN_PROVIDERS[0]!);

describe('resolveProviderEndpoints', () => {
  it('fills Chimpy placeholders, dropping a trailing slash', () => {
    const out = resolveProviderEndpoints(def('chimpy'), {
      authorization_service_uri: 'https://auth.tenant.example/',
      pos_api_uri: 'https://pos.tenant.example',
    });
    expect(out).toEqual({
      token: 'https://auth.tenant.example/oauth/token',
      apiBase: 'https://pos.tenant.example/',
    });
  });

  it('a missing placeholder value → INVALID_INPUT naming it', () => {
    expect(() => resolveProviderEndpoints(def('chimpy'), {})).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', params: { field: 'authorization_service_uri' } }),
    );
  });

  it('plain http outside loopback → INSECURE_URL', () => {
    expect(() =>
      resolveProviderEndpoints(def('chimpy'), {
        authorization_service_uri: 'http://auth.tenant.example',
        pos_api_uri: 'https://p.example',
      }),
    ).toThrow(expect.objectContaining({ code: 'INSECURE_URL' }));
    expect(() => resolveProviderEndpoints(def('sumup'), {}, { token: 'ftp://x.example/token' })).toThrow(
      expect.objectContaining({ code: 'INSECURE_URL' }),
    );
  });

  it('http on loopback is allowed; overrides win; PowerEPOS has no fixed API base', () => {
    const out = resolveProviderEndpoints(
      def('powerepos'),
      {},
      { token: 'http://127.0.0.1:9999/powerepos/authorisation/token' },
    );
    expect(out).toEqual({ token: 'http://127.0.0.1:9999/powerepos/authorisation/token' });
    expect(resolveProviderEndpoints(def('sumup'), {})).toEqual({
      authorization: 'https://api.sumup.com/authorize',
      token: 'https://api.sumup.com/token',
      apiBase: 'https://api.sumup.com/',
    });
  });
});

describe('sandboxEndpointOverrides', () => {
  it('maps each builtin vendor of the descriptor', () => {
    const vendor = (id: string, extra: Record<string, unknown> = {}) => ({
      id,
      token_endpoint: `http://127.0.0.1:5/${id}/token`,
      api_base_url: `http://127.0.0.1:5/${id}/api`,
      ...extra,
    });
    const descriptor = {
      base_url: 'http://127.0.0.1:5',
      vendors: {
        sumup: vendor('sumup', { authorization_endpoint: 'http://127.0.0.1:5/sumup/authorize' }),
        'sumup-pos-pro': vendor('sumup-pos-pro', {
          authorization_endpoint: 'http://127.0.0.1:5/pos/authorize',
          login_endpoint: 'http://127.0.0.1:5/pos/login',
        }),
        taptouch: vendor('taptouch', { authorization_endpoint: 'http://127.0.0.1:5/t/authorize' }),
        powerepos: vendor('powerepos'),
        chimpy: vendor('chimpy'),
        generic: vendor('generic', { revocation_endpoint: 'http://127.0.0.1:5/generic/revoke' }),
      },
    } as unknown as SandboxDescriptor;
    const out = sandboxEndpointOverrides(descriptor);
    expect(Object.keys(out).sort()).toEqual(['chimpy', 'powerepos', 'sumup', 'sumup-pos-pro', 'taptouch']);
    expect(out['sumup-pos-pro']).toEqual({
      token: 'http://127.0.0.1:5/sumup-pos-pro/token',
      authorization: 'http://127.0.0.1:5/pos/authorize',
      apiBase: 'http://127.0.0.1:5/sumup-pos-pro/api',
    });
    expect(out.powerepos).toEqual({ token: 'http://127.0.0.1:5/powerepos/token' });
    expect(out.chimpy.apiBase).toBe('http://127.0.0.1:5/chimpy/api');
  });
});
