import { createAppServices, type AppServices } from '../../src/main/app-services';
import type { Timers } from '../../src/main/connections/token-keeper';
import type { AppStore, AppVault } from '../../src/main/ports';
import { createLogger } from '../../src/main/logging/logger';
import { BUILTIN_SANDBOX_IDS, vendorOverrides } from '../../src/main/providers/resolve-sandbox';
import { SecretRegistry } from '../../src/main/security/redact';
import { MemoryAttemptsLog } from '../../test/support/memory-storage';
import type { EnvironmentName } from '../../src/shared/models';
import type { SandboxDescriptor } from '../../src/shared/sandbox-descriptor';

export interface BenchServices {
  services: AppServices;
  store: AppStore;
  vault: AppVault;
  /** Moves the app's clock (not the sandbox's). */
  advance(seconds: number): void;
  now(): number;
}

/**
 * The main-process services wired the way the app wires them against the sandbox (the sandbox's
 * URLs as the environment), with the system browser replaced by `openExternal`. Log lines are
 * produced and redacted as in the app, then dropped (no file I/O to measure).
 */
export function benchServices(options: {
  d: SandboxDescriptor;
  store: AppStore;
  vault: AppVault;
  openExternal?: (url: string) => Promise<void>;
  environment?: EnvironmentName;
  /** The scheduler's timers (default: the real ones); the idle figure counts their wake-ups. */
  timers?: Timers;
}): BenchServices {
  let offsetMs = 0;
  const now = () => Date.now() + offsetMs;
  const secrets = new SecretRegistry();
  const services = createAppServices({
    appVersion: '0.0.0-bench',
    platform: process.platform,
    environment: options.environment ?? 'sandbox',
    sandboxUrl: options.d.base_url,
    environmentOverrides: Object.fromEntries(
      BUILTIN_SANDBOX_IDS.map((id) => [id, vendorOverrides(options.d, id)]),
    ),
    store: options.store,
    vault: options.vault,
    // No connect fails in the benchmarks; the log is not what they measure.
    attempts: new MemoryAttemptsLog(),
    openExternal: options.openExternal ?? (() => Promise.reject(new Error('no browser in this bench'))),
    clipboard: { writeText: () => undefined },
    notifier: { notify: () => undefined },
    logger: createLogger({ secrets, sink: () => undefined, now }),
    secrets,
    now,
    // The scheduler's real timers: a bench that moves the clock calls services.resume(), the app's
    // own resume-from-sleep path.
    ...(options.timers ? { timers: options.timers } : {}),
    authorizationTimeoutMs: 15_000,
  });
  return {
    services,
    store: options.store,
    vault: options.vault,
    now,
    advance(seconds) {
      offsetMs += seconds * 1000;
    },
  };
}
