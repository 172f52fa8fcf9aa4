/**
 * The main-process services as a child process for the crash test (crash.test.ts), which kills it
 * with SIGKILL at random moments and starts it again. It runs against the sandbox on the real
 * storage (pos-connect.db) in DATA_DIR, with the vault key in a file-backed keychain TEST DOUBLE
 * (test/support/file-keychain.ts) so the key survives the kills. It connects Taptouch accounts by
 * authorization code and refreshes them in a loop, printing one line per step (stdout is a pipe,
 * written synchronously on Linux, so every line printed before the kill reaches the parent):
 *
 *   READY <connections>              storage open, services started
 *   CONNECTING <attempt>             a connect call is about to start
 *   CONNECTED <id>                   connect returned: the connection is stored
 *   REFRESHING <id> / REFRESHED <id> a refresh call started / returned
 *   REFRESH_FAILED <id> <code>       a refresh failed
 *   NEEDS_REAUTH <id>                found needing re-authorization (then reconnected)
 *
 * Usage: node --import tsx crash-child.ts <dataDir> <sandboxUrl> <clientId> <redirectPort> <seed>
 * (the client is public: Taptouch with PKCE).
 */
import { join } from 'node:path';
import { createAppServices } from '../../../src/main/app-services';
import { createLogger } from '../../../src/main/logging/logger';
import { vendorOverrides } from '../../../src/main/providers/resolve-sandbox';
import { SecretRegistry } from '../../../src/main/security/redact';
import { openStorage } from '../../../src/main/storage';
import type { AppError } from '../../../src/shared/errors';
import type { SandboxDescriptor } from '../../../src/shared/sandbox-descriptor';
import { FileKeychain } from '../../support/file-keychain';

/** crash.test.ts opens the same storage with this service name. */
const CRASH_KEYCHAIN_SERVICE = 'POS Connect crash test';
const MAX_CONNECTIONS = 5;

const [dataDir, sandboxUrl, clientId, redirectPortText, seedText] = process.argv.slice(2);
if (!dataDir || !sandboxUrl || !clientId || !redirectPortText || !seedText) {
  console.error('usage: crash-child.ts <dataDir> <sandboxUrl> <clientId> <redirectPort> <seed>');
  process.exit(2);
}
const redirectPort = Number(redirectPortText);

/** A small seeded PRNG (mulberry32), so a failing run can be replayed. */
let seed = Number(seedText) >>> 0;
function random(): number {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

const say = (line: string) => process.stdout.write(`${line}\n`);

/** The "system browser": approves at the sandbox and follows the redirect to the loopback listener. */
async function approve(url: string): Promise<void> {
  const res = await fetch(url, { headers: { 'x-sandbox-decision': 'approve' }, redirect: 'manual' });
  const location = res.headers.get('location');
  await res.body?.cancel();
  if (location === null) throw new Error(`the sandbox did not redirect (HTTP ${res.status})`);
  const callback = await fetch(location, { redirect: 'manual' });
  await callback.text();
}

async function main(): Promise<void> {
  const descriptor = (await (await fetch(`${sandboxUrl}/.well-known/sandbox`)).json()) as SandboxDescriptor;
  const { store, vault, attempts } = await openStorage({
    dataDir: dataDir!,
    keychain: new FileKeychain(join(dataDir!, 'keychain.json')),
    keychainService: CRASH_KEYCHAIN_SERVICE,
  });
  const secrets = new SecretRegistry();
  const services = createAppServices({
    appVersion: '0.0.0-crash',
    platform: process.platform,
    environment: 'sandbox',
    sandboxUrl,
    environmentOverrides: { taptouch: vendorOverrides(descriptor, 'taptouch') },
    store,
    vault,
    attempts,
    openExternal: approve,
    clipboard: { writeText: () => undefined },
    notifier: { notify: () => undefined },
    logger: createLogger({ secrets, now: Date.now }),
    secrets,
    // Refreshes are driven by the loop below, not by timers.
    timers: { setTimeout: () => undefined, clearTimeout: () => undefined },
    authorizationTimeoutMs: 10_000,
  });
  services.start();
  const h = services.handlers;

  const app =
    (await h['apps:list'](undefined)).find((candidate) => candidate.clientId === clientId) ??
    (await h['apps:save']({
      providerId: 'taptouch',
      label: 'Taptouch crash test',
      clientId: clientId!,
      redirectPort,
      params: {},
    }));
  say(`READY ${store.listConnections().length}`);

  let attempt = 0;
  const connect = async (reconnectId?: string) => {
    attempt += 1;
    const attemptId = `${process.pid}-${attempt}`;
    say(`CONNECTING ${attemptId}`);
    const detail = await h['connections:connect']({
      attemptId,
      appId: app.id,
      grant: 'authorization_code',
      label: `Till ${attemptId}`,
      scopes: ['integration.store'],
      params: {},
      ...(reconnectId ? { reconnectId } : {}),
    });
    say(`CONNECTED ${detail.id}`);
  };

  for (;;) {
    const connections = store.listConnections();
    const broken = connections.find((c) => c.state === 'needs_reauthorization');
    if (broken) {
      say(`NEEDS_REAUTH ${broken.id}`);
      await connect(broken.id);
      continue;
    }
    if (connections.length < MAX_CONNECTIONS && (connections.length === 0 || random() < 0.3)) {
      await connect();
      continue;
    }
    const target = connections[Math.floor(random() * connections.length)];
    if (!target) continue;
    say(`REFRESHING ${target.id}`);
    try {
      await h['connections:refresh']({ connectionId: target.id });
      say(`REFRESHED ${target.id}`);
    } catch (error) {
      say(`REFRESH_FAILED ${target.id} ${(error as AppError).code ?? 'unknown'}`);
    }
  }
}

main().catch((error: unknown) => {
  console.error('crash child failed:', error);
  process.exit(1);
});
