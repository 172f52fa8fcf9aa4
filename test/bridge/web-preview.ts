import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createAppServices } from '../../src/main/app-services';
import { sandboxProviderApps } from '../../src/main/apps/sandbox-apps';
import { createLogger } from '../../src/main/logging/logger';
import { loadSandboxEnvironment } from '../../src/main/providers/sandbox-environment';
import { SecretRegistry } from '../../src/main/security/redact';
import { openStorage } from '../../src/main/storage';
import { KeytarKeychain } from '../../src/main/vault/keytar-keychain';
import { startSandbox } from '../sandbox/server';
import { startBridge } from './server';

/**
 * `npm run web`: the real main-process services behind the loopback bridge, for trying the app in
 * a browser where Electron cannot run. `--sandbox` also starts the local sandbox and points the
 * five vendors at it. Development only: it is never part of the packaged app.
 */
const args = process.argv.slice(2);
const portArg = args.find((arg) => arg.startsWith('--port='));
const withSandbox = args.includes('--sandbox');
const dataDir = resolve(process.env.POS_CONNECT_DATA_DIR ?? '.tmp/web-preview');

const sandbox = withSandbox ? await startSandbox() : undefined;
const environment = sandbox ? await loadSandboxEnvironment(sandbox.url) : undefined;
const secrets = new SecretRegistry();
const logger = createLogger({ secrets, file: resolve(dataDir, 'logs', 'main.log') });
const { store, vault, attempts } = await openStorage({ dataDir, keychain: new KeytarKeychain() });

const services = createAppServices({
  appVersion: '0.1.0-web',
  platform: process.platform,
  environment: environment ? 'sandbox' : 'production',
  ...(environment ? { sandboxUrl: environment.url, environmentOverrides: environment.overrides } : {}),
  store,
  vault,
  attempts,
  async openExternal(url) {
    console.log(`Open this sign-in page in your browser: ${url}`);
    const opener =
      process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
    spawn(opener, [url], { stdio: 'ignore', detached: true })
      .on('error', () => undefined)
      .unref();
  },
  clipboard: { writeText: () => console.log('(The web preview cannot write to the clipboard.)') },
  notifier: { notify: (title, body) => console.log(`Notification: ${title} — ${body}`) },
  logger,
  secrets,
  // As the app in sandbox mode: every vendor's provider app ready, no client ID to type.
  ...(environment ? { sandboxApps: sandboxProviderApps(environment.descriptor) } : {}),
});
await services.prepare();
services.start();

const bridge = await startBridge({
  handlers: services.handlers,
  events: services.events,
  rendererDir: resolve('out/renderer'),
  ...(portArg ? { port: Number(portArg.slice('--port='.length)) } : {}),
});
console.log(`POS Connect web preview: ${bridge.url}`);
if (sandbox)
  console.log(`Sandbox: ${sandbox.url} (clients, users and secrets: ${sandbox.url}/.well-known/sandbox)`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  // Waits (bounded) for refreshes in flight: a rotated refresh token must reach the vault first.
  const left = await services.stop(5_000);
  if (left.unfinished > 0 || left.unsaved > 0)
    console.error(`Stopped with ${left.unfinished} refreshes unfinished and ${left.unsaved} pairs unsaved.`);
  await bridge.close();
  await sandbox?.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
