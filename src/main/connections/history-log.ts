import type { HistoryEvent } from '../../shared/models';
import type { Clock, MetadataStore } from '../ports';
import type { SecretRegistry } from '../security/redact';

/** Writes a connection's history lines, stamped with the app's clock and with every known secret removed. */
export class HistoryLog {
  constructor(
    private readonly store: Pick<MetadataStore, 'appendHistory'>,
    private readonly secrets: SecretRegistry,
    private readonly now: Clock,
  ) {}

  write(connectionId: string, event: Omit<HistoryEvent, 'at'> & { at?: string }): void {
    const entry: HistoryEvent = { ...event, at: event.at ?? new Date(this.now()).toISOString() };
    // Field by field: re-parsing redacted JSON text can fail and lose the line (`token=\"abc\"`).
    this.store.appendHistory(connectionId, this.secrets.redactValue(entry));
  }
}
