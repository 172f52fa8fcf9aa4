import { describe, expect, it } from 'vitest';
import { lineAndColumn, parseJsonText } from '../../../src/shared/json-text';
import { renewalKind } from '../../../src/shared/renewal';
import { tenantUrlProblem } from '../../../src/shared/providers/tenant-url';

describe('tenant addresses, checked as the hint says', () => {
  it('a host name or an https address', () => {
    expect(tenantUrlProblem('auth.example.chimpy.app', false)).toBeUndefined();
    expect(tenantUrlProblem('https://auth.example.chimpy.app/tenant', false)).toBeUndefined();
  });
  it('plain http: refused, except for this computer in sandbox mode', () => {
    expect(tenantUrlProblem('http://auth.example.chimpy.app', false)).toBe('https');
    expect(tenantUrlProblem('http://auth.example.chimpy.app', true)).toBe('https');
    expect(tenantUrlProblem('http://127.0.0.1:4000/chimpy', false)).toBe('https');
    expect(tenantUrlProblem('http://127.0.0.1:4000/chimpy', true)).toBeUndefined();
  });
  it('not an address, or one with a query or credentials', () => {
    expect(tenantUrlProblem('auth example', false)).toBe('url');
    expect(tenantUrlProblem('https://auth.example.com/?x=1', false)).toBe('url');
    expect(tenantUrlProblem('https://user:pw@auth.example.com', false)).toBe('url');
    expect(tenantUrlProblem('ftp://auth.example.com', false)).toBe('https');
  });
});

describe('JSON errors as a line and a column', () => {
  it('finds the place, whatever the engine says', () => {
    expect(parseJsonText('{\n  "a": 1,\n  b: 2\n}')).toEqual({ ok: false, line: 3, column: 3 });
    expect(parseJsonText('{"a":')).toEqual({ ok: false, line: 1, column: 6 });
    expect(parseJsonText('{"a": 1}')).toEqual({ ok: true, value: { a: 1 } });
    expect(lineAndColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});

describe('renewalKind: one answer for every screen', () => {
  it('refresh token first, then client credentials, then a kept password', () => {
    expect(renewalKind({ hasRefreshToken: true, grant: 'password', keepsPassword: true })).toBe(
      'refresh_token',
    );
    expect(renewalKind({ hasRefreshToken: false, grant: 'client_credentials' })).toBe('credentials');
    expect(renewalKind({ hasRefreshToken: false, grant: 'password', keepsPassword: true })).toBe(
      'kept_password',
    );
    expect(renewalKind({ hasRefreshToken: false, grant: 'authorization_code' })).toBe('none');
  });
});
