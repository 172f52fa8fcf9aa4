import { createServer } from 'node:net';

/** A free TCP port on 127.0.0.1, for the fixed redirect port of a bench client. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

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
