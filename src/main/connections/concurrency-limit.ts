/**
 * At most `limit` operations at a time; the rest wait their turn in order. Scheduled refreshes go
 * through one, so a thousand connections due at once do not open a thousand sockets to one vendor.
 */
export class ConcurrencyLimit {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  peak = 0;

  /** Operations running or waiting their turn. */
  get pending(): number {
    return this.active + this.waiting.length;
  }

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError('limit must be a positive integer');
  }

  async run<T>(operation: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active += 1;
    this.peak = Math.max(this.peak, this.active);
    try {
      return await operation();
    } finally {
      this.active -= 1;
      this.waiting.shift()?.();
    }
  }
}
