import type { ConnectionChanges } from '../../shared/models';

/**
 * Tells the window which connections changed or went, not the whole list. A change a person waits
 * for is announced at once; background changes within `quietMs` (a refresh storm) are gathered into
 * one event naming each connection once.
 */
export class ChangeFeed {
  private readonly changed = new Set<string>();
  private readonly removed = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly emit: (changes: ConnectionChanges) => void,
    private readonly build: (connectionIds: Iterable<string>) => ConnectionChanges['changed'],
    private readonly quietMs = 50,
  ) {}

  changedNow(connectionId: string): void {
    this.changed.add(connectionId);
    this.removed.delete(connectionId);
    this.flush();
  }

  changedLater(connectionId: string): void {
    this.changed.add(connectionId);
    this.removed.delete(connectionId);
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), this.quietMs);
    this.timer.unref?.();
  }

  removedNow(connectionId: string): void {
    this.changed.delete(connectionId);
    this.removed.add(connectionId);
    this.flush();
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.changed.size === 0 && this.removed.size === 0) return;
    const changes: ConnectionChanges = { changed: this.build(this.changed), removed: [...this.removed] };
    this.changed.clear();
    this.removed.clear();
    this.emit(changes);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
