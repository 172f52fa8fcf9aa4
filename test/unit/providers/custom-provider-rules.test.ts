import { describe, expect, it } from 'vitest';
import { generic } from './generic-definition';
import { ProviderRegistry } from '../../../src/main/providers/provider-registry';
import { resolveProviderEndpoints } from '../../../src/main/providers/resolve-provider';
import {
  MAX_DEFINITION_BYTES,
  validateProviderDefinition,
  type ProviderDefinition,
} from '../../../src/shared/providers/provider-schema';
import { AppError } from '../../../src/shared/errors';
import { MemoryStore } from '../../support/memory-storage';

/** Issue 10, point 7: custom provider definitions are checked before anything is stored. */

describe('custom provider definitions', () => {
  it('refuses unknown fields, naming them and never storing them (a pasted client_secret)', () => {
    const store = new MemoryStore();
    const registry = new ProviderRegistry(store);
    const result = registry.saveCustom({
      ...generic(),
      client_secret: 'pasted-secret-value',
      tokenRequest: { ...generic().tokenRequest, clientSecret: 'x' },
    });
    expect(result.saved).toBe(false);
    const fields = result.saved ? [] : result.problems.map((problem) => problem.field);
    expect(fields).toEqual(expect.arrayContaining(['client_secret', 'tokenRequest.clientSecret']));
    expect(JSON.stringify(result)).not.toContain('pasted-secret-value');
    expect(store.listCustomProviders()).toEqual([]);
  });

  it(`refuses a definition over ${MAX_DEFINITION_BYTES / 1024} KiB without parsing it`, () => {
    const big = { ...generic(), assumptions: ['x'.repeat(50 * 1024 * 1024)] };
    const checked = validateProviderDefinition(big);
    expect(checked.ok).toBe(false);
    expect(checked.ok ? [] : checked.problems).toEqual([
      {
        field: '(definition)',
        code: 'too_large',
        params: { size: 51201, max: 64 },
        message: expect.stringContaining('at most 64 KiB'),
      },
    ]);
    expect(validateProviderDefinition(generic()).ok).toBe(true);
  });

  it.each(['/../x', '/a/../../x', '/./x', '//x', '/x?y=1', '/x#y', '/%2e%2e/x', '\\x', '/a b'])(
    'refuses the callback path %s',
    (callbackPath) => {
      const definition = generic();
      definition.authorizationCode = { ...definition.authorizationCode!, callbackPath };
      const checked = validateProviderDefinition(definition);
      expect(checked.ok ? [] : checked.problems.map((p) => p.field)).toContain(
        'authorizationCode.callbackPath',
      );
    },
  );

  it('accepts plain callback paths', () => {
    for (const callbackPath of ['/', '/callback', '/oauth/callback-2', '/a.b/c_d~e']) {
      const definition = generic();
      definition.authorizationCode = { ...definition.authorizationCode!, callbackPath };
      expect(validateProviderDefinition(definition).ok, callbackPath).toBe(true);
    }
  });
});

describe('placeholders are encoded and validated where they stand', () => {
  const withToken = (token: string): ProviderDefinition => {
    const definition = generic();
    definition.endpoints.token = token;
    const checked = validateProviderDefinition(definition);
    if (!checked.ok) throw new Error(`fixture invalid: ${JSON.stringify(checked.problems)}`);
    return checked.value;
  };

  it('a host placeholder must be a host name: "collector.example/x?" is refused', () => {
    const definition = withToken('https://{tenant}.vendor.example/oauth/token');
    const error = (() => {
      try {
        resolveProviderEndpoints(definition, { tenant: 'collector.example/x?' });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'INVALID_INPUT', params: { field: 'tenant' } });
    expect(resolveProviderEndpoints(definition, { tenant: 'Shop-12' }).token).toBe(
      'https://shop-12.vendor.example/oauth/token',
    );
  });

  it('a path placeholder is percent-encoded and cannot leave its segment', () => {
    const definition = withToken('https://auth.vendor.example/{tenant}/token');
    expect(resolveProviderEndpoints(definition, { tenant: '../x?y=#z' }).token).toBe(
      'https://auth.vendor.example/..%2Fx%3Fy%3D%23z/token',
    );
  });

  it('a leading placeholder is a whole base URL: no user, query or fragment', () => {
    const definition = withToken('{authorization_service_uri}/oauth/token');
    expect(
      resolveProviderEndpoints(definition, { authorization_service_uri: 'https://t.example/base/' }).token,
    ).toBe('https://t.example/base/oauth/token');
    for (const bad of [
      'https://t.example/?x=',
      'https://u:p@t.example',
      'https://t.example/#f',
      'ftp://t.example',
    ]) {
      expect(() => resolveProviderEndpoints(definition, { authorization_service_uri: bad }), bad).toThrow(
        AppError,
      );
    }
  });
});
