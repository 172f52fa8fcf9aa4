import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/shared/errors';
import { BUILTIN_PROVIDERS } from '../../../src/main/providers/definitions';
import { explainConnectFailure, refusedScopes } from '../../../src/main/connections/connect-errors';
import { providerError } from '../../../src/main/oauth/errors';
import {
  validateProviderDefinition,
  type ProviderDefinition,
} from '../../../src/shared/providers/provider-schema';

function builtin(id: string): ProviderDefinition {
  const checked = validateProviderDefinition(BUILTIN_PROVIDERS.find((p) => p.id === id));
  if (!checked.ok) throw new Error(`definition ${id} invalid`);
  return checked.value;
}

const explained = (provider: ProviderDefinition, grant: 'password' | 'authorization_code', error: unknown) =>
  explainConnectFailure(provider, { grant, scopes: ['des'], extraScopes: [] }, error) as AppError;

describe('a connect failure told for the moment of a first connect', () => {
  const refusedPassword = providerError('invalid_grant', 'The service account ID or password is wrong.', {
    status: 400,
    where: 'token endpoint',
  });

  it('the password grant\'s invalid_grant: "username or password is wrong", the field sent with it, the vendor\'s reason kept', () => {
    const error = explained(builtin('powerepos'), 'password', refusedPassword);
    expect(error.code).toBe('INVALID_GRANT');
    expect(error.message).toBe(
      'PowerEPOS says the username or password is wrong (or the Organisation code). Check them and try again.',
    );
    expect(error.params).toMatchObject({
      situation: 'signInField',
      field: 'Organisation code',
      // What the window names in its own language (wizard.params.powerepos.org_id).
      fieldParam: 'org_id',
      providerId: 'powerepos',
      vendorReason: 'The service account ID or password is wrong.',
    });
    const chimpy = explained(builtin('chimpy'), 'password', refusedPassword);
    expect(chimpy.params?.situation).toBe('signIn');
    expect(chimpy.message).not.toMatch(/reconnect/i);
  });

  it('an authorization code refused at the exchange is not a renewal either', () => {
    const error = explained(builtin('sumup'), 'authorization_code', refusedPassword);
    expect(error.params?.situation).toBe('code');
  });

  it('other errors pass unchanged', () => {
    const timeout = new AppError({ code: 'TIMEOUT', message: 'slow' });
    expect(explained(builtin('sumup'), 'password', timeout)).toBe(timeout);
  });
});

describe('refusedScopes: which scope invalid_scope refused', () => {
  const sumup = builtin('sumup');
  it('the ones the vendor names, dots and all, punctuation around them aside', () => {
    expect(
      refusedScopes(sumup, ['payments', 'transactions.history'], 'Unknown scope: transactions.history.'),
    ).toBe('transactions.history');
  });
  it('else the ones typed by hand, else all of them', () => {
    expect(refusedScopes(sumup, ['payments', 'reports.read'], 'nope')).toBe('reports.read');
    expect(refusedScopes(sumup, ['payments'], 'nope')).toBe('payments');
    expect(refusedScopes(sumup, [], 'nope')).toBeUndefined();
  });
});
