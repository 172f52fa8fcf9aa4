import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';

/**
 * Issue 12, point 8: `npm run web` on a Linux box with no keyring reachable (no session bus, as
 * over SSH or in a container) starts its own keyring and says so, and then the first secret is
 * stored instead of failing with KEYCHAIN_UNAVAILABLE. The renderer must be built (npm test
 * builds it before the integration tests).
 */

let child: ChildProcess | undefined;
let dataDir = '';
afterEach(async () => {
  // The preview runs in its own process group (dbus-run-session, the keyring daemon, tsx).
  if (child?.pid) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  }
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  await rm(`${dataDir}-keyring`, { recursive: true, force: true });
});

it.runIf(process.platform === 'linux')(
  'with no keyring reachable, npm run web starts its own, says so, and stores a secret',
  async () => {
    expect(existsSync(join('out', 'renderer', 'index.html')), 'build the renderer first').toBe(true);
    dataDir = await mkdtemp(join(tmpdir(), 'pos-web-keyring-'));
    const env: NodeJS.ProcessEnv = { ...process.env, POS_CONNECT_DATA_DIR: join(dataDir, 'data') };
    delete env.DBUS_SESSION_BUS_ADDRESS;
    delete env.GNOME_KEYRING_CONTROL;
    child = spawn(process.execPath, ['scripts/web.mjs', '--no-build'], { env, detached: true });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

    const deadline = Date.now() + 60_000;
    let url: string | undefined;
    while (!url && Date.now() < deadline && child.exitCode === null) {
      url = /POS Connect web preview: (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(url, output).toBeDefined();

    // The first secret, through the bridge as the window would send it.
    const page = await (await fetch(`${url}/`)).text();
    const token = /name="pos-connect-bridge" content="([^"]+)"/.exec(page)?.[1] ?? '';
    const saved = (await (
      await fetch(`${url}/__bridge/invoke/apps:save`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-bridge-token': token, origin: url! },
        body: JSON.stringify({
          input: {
            providerId: 'sumup',
            label: 'Web app',
            clientId: 'cid',
            clientSecret: 'a-secret-1234',
            params: {},
          },
        }),
      })
    ).json()) as { ok: boolean; error?: { code: string } };
    // Without a keyring this is { ok: false, error: { code: 'KEYCHAIN_UNAVAILABLE' } }.
    expect(saved, JSON.stringify(saved)).toMatchObject({ ok: true });
    expect(output).toContain("No keyring is reachable: starting POS Connect's own");
  },
  90_000,
);
