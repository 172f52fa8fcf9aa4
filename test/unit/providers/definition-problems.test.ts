import { describe, expect, it } from 'vitest';
import { generic } from './generic-definition';
import { validateProviderDefinition, type FieldProblem } from '../../../src/shared/providers/provider-schema';

/** A definition's problems carry a code and params, so the window can say them in its language. */

const problems = (input: unknown): FieldProblem[] => {
  const checked = validateProviderDefinition(input);
  return checked.ok ? [] : checked.problems;
};
const byField = (list: FieldProblem[]) => Object.fromEntries(list.map((p) => [p.field, p]));

describe('the problems of a provider definition, by code', () => {
  it('names each problem by code, with the values its sentence uses', () => {
    const base = generic();
    const found = byField(
      problems({
        ...base,
        secret_field: 'x',
        endpoints: { ...base.endpoints, token: 'http://vendor.example/token' },
        scopes: [
          { name: 'read', description: '' },
          { name: 'read', description: '' },
        ],
        grants: 'not-a-list',
      }),
    );
    expect(found.secret_field).toMatchObject({ code: 'unknown_field', params: { name: 'secret_field' } });
    expect(found['endpoints.token']).toMatchObject({ code: 'url_not_https' });
    expect(found.grants).toMatchObject({ code: 'invalid' });
  });

  it('a scope listed twice names the scope (a check of the whole definition)', () => {
    const base = generic();
    const found = byField(
      problems({
        ...base,
        scopes: [
          { name: 'read', description: '' },
          { name: 'read', description: '' },
        ],
      }),
    );
    expect(found['scopes.1.name']).toMatchObject({
      code: 'scope_twice',
      params: { scope: 'read' },
      message: 'The scope "read" is listed twice.',
    });
  });
});
