import { toErrorData, type AppErrorData } from '../../shared/errors';
import type { ConnectInput } from '../../shared/models';
import type { AttemptsLogPort, Clock, MetadataStore } from '../ports';
import type { ProviderRegistry } from '../providers/provider-registry';
import type { SecretRegistry } from '../security/redact';

export interface FailedAttemptsDeps {
  log: AttemptsLogPort;
  store: MetadataStore;
  providers: ProviderRegistry;
  secrets: SecretRegistry;
  now: Clock;
  /** Told when the log itself could not be written; the connect's own error still reaches the person. */
  onWriteFailed: (error: unknown) => void;
}

const MESSAGE_MAX = 1000;
const DETAIL_MAX = 2000;
const PARAM_MAX = 500;

/**
 * The most common support case is "I can't connect", which leaves no connection behind: each
 * failed or cancelled connect (and reconnect) is written here, one secret-free line, so a report
 * can carry it. Recording never changes the outcome of the connect.
 */
export class FailedAttempts {
  constructor(private readonly deps: FailedAttemptsDeps) {}

  record(input: ConnectInput, startedAt: number, failure: unknown): void {
    try {
      const app = this.deps.store.getApp(input.appId);
      let providerName: string | undefined;
      let host: string | undefined;
      try {
        const provider = app ? this.deps.providers.get(app.providerId) : undefined;
        providerName = provider?.name;
        if (provider && app) host = new URL(this.deps.providers.endpointsFor(provider, app).token).host;
      } catch {
        // An app whose provider is gone or whose endpoints do not resolve: the error says why.
      }
      this.deps.log.append({
        at: this.deps.now(),
        startedAt,
        providerId: app?.providerId ?? 'unknown',
        ...(providerName ? { providerName } : {}),
        appId: input.appId,
        grant: input.grant,
        moment: input.reconnectId ? 'reconnect' : 'first_connect',
        ...(input.reconnectId ? { connectionId: input.reconnectId } : {}),
        ...(host ? { host } : {}),
        // The typed password is redacted by value even when it is too short for the registry.
        error: this.redacted(toErrorData(failure), [input.password]),
      });
    } catch (error) {
      this.deps.onWriteFailed(error);
    }
  }

  private redacted(error: AppErrorData, typed: (string | undefined)[]): AppErrorData {
    const clean = this.deps.secrets.redactValue(error, typed);
    return {
      ...clean,
      message: clean.message.slice(0, MESSAGE_MAX),
      ...(clean.detail !== undefined ? { detail: clean.detail.slice(0, DETAIL_MAX) } : {}),
      ...(clean.params !== undefined
        ? {
            params: Object.fromEntries(
              Object.entries(clean.params).map(([name, value]) => [
                name.slice(0, 64),
                typeof value === 'string' ? value.slice(0, PARAM_MAX) : value,
              ]),
            ),
          }
        : {}),
    };
  }
}
