import { describe, expect, it } from 'vitest';
import { isAllowedExternalUrl } from '../../../src/main/security/external-url';

const allowed = ['https://api.sumup.com', 'https://oauth.api.tiller.systems', 'http://127.0.0.1:4999'];

describe('URLs shell.openExternal accepts', () => {
  it.each([
    'https://api.sumup.com/authorize?client_id=a&state=b',
    'https://oauth.api.tiller.systems/oauth2/authorize?x=1',
    'http://127.0.0.1:4999/sumup/authorize',
  ])('opens the authorization page of a configured provider: %s', (url) => {
    expect(isAllowedExternalUrl(url, allowed)).toBe(true);
  });

  it.each([
    ['file:', 'file:///etc/passwd'],
    ['javascript:', 'javascript:alert(1)'],
    ['a custom scheme', 'ms-settings:privacy'],
    ['another custom scheme', 'smb://attacker.example/share'],
    ['http to a configured host', 'http://api.sumup.com/authorize'],
    ['https to an unconfigured host', 'https://evil.example/authorize'],
    ['a look-alike host', 'https://api.sumup.com.evil.example/authorize'],
    ['credentials in the URL', 'https://user:pass@api.sumup.com/authorize'],
    ['a user name in the URL', 'https://user@api.sumup.com/authorize'],
    ['a password without a user name', 'https://:pass@api.sumup.com/authorize'],
    ['loopback on another port', 'http://127.0.0.1:5000/'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['garbage', 'not a url'],
  ])('refuses %s', (_label, url) => {
    expect(isAllowedExternalUrl(url, allowed)).toBe(false);
  });
});

describe('plain http', () => {
  it('is accepted only on loopback, and only for a configured origin', () => {
    const origins = [
      'http://127.0.0.1:4999',
      'http://localhost:4999',
      'http://[::1]:4999',
      // A misconfigured provider: http to a remote host is refused even when it is listed.
      'http://pos.example',
    ];
    expect(isAllowedExternalUrl('http://127.0.0.1:4999/authorize', origins)).toBe(true);
    expect(isAllowedExternalUrl('http://localhost:4999/authorize', origins)).toBe(true);
    expect(isAllowedExternalUrl('http://[::1]:4999/authorize', origins)).toBe(true);
    expect(isAllowedExternalUrl('http://pos.example/authorize', origins)).toBe(false);
  });

  it('is refused for another scheme even on loopback', () => {
    expect(isAllowedExternalUrl('ftp://127.0.0.1:4999/', ['ftp://127.0.0.1:4999'])).toBe(false);
  });
});
