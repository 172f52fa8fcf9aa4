export { freePort } from '../../test/support/net';

/** Follows an authorization URL with the sandbox's approve header and returns where it redirects. */
export async function approve(authorizationUrl: string): Promise<string> {
  const res = await fetch(authorizationUrl, {
    headers: { 'x-sandbox-decision': 'approve' },
    redirect: 'manual',
  });
  const location = res.headers.get('location');
  await res.body?.cancel();
  if (location === null) throw new Error(`the sandbox did not redirect (HTTP ${res.status})`);
  return location;
}
