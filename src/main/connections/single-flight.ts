/**
 * One operation in flight per key, however many callers ask at once: the second caller gets the
 * first caller's promise. Refresh tokens that are single-use die if sent twice, so every refresh of
 * a connection goes through here.
 */
export class SingleFlight<T> {
  private readonly inFlight = new Map<string, Promise<T>>();

  run(key: string, operation: () => Promise<T>): Promise<T> {
    const running = this.inFlight.get(key);
    if (running) return running;
    const started = operation().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, started);
    return started;
  }

  isRunning(key: string): boolean {
    return this.inFlight.has(key);
  }

  /** The operations in flight now (for a stop that waits for them). */
  running(): Promise<T>[] {
    return [...this.inFlight.values()];
  }
}
