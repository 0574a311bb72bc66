/** How a batcher sends its writes. */
export interface WriteBatcherOptions<Item, Result> {
  /** Writes the items in one statement and returns one result per item, in the items' order. */
  execute(items: readonly Item[]): Promise<Result[]>;
  /** Batches of this kind on their way at the same time; a submission made while all are busy waits for the next batch. */
  maxInFlight: number;
  /** The most items one statement carries. */
  maxBatch: number;
}

interface Waiting<Item, Result> {
  item: Item;
  resolve(result: Result): void;
  reject(error: unknown): void;
}

/**
 * Group commit in the application: concurrent writes of one kind leave together as one statement
 * (one round trip, one transaction, one WAL flush) instead of one each. A write submitted while
 * fewer than `maxInFlight` batches are on their way leaves at once (after the current turn of the
 * event loop, with whatever else was submitted in it), so an idle system adds no latency; under
 * load, writes that arrive while the batches are busy gather and leave as the next one.
 *
 * A statement that fails rolls back as a whole, so a failed batch is sent again item by item: one
 * item's error (a constraint, a deadlock with another batch) stays that item's and the others
 * still apply.
 */
export class WriteBatcher<Item, Result> {
  private waiting: Waiting<Item, Result>[] = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(private readonly options: WriteBatcherOptions<Item, Result>) {
    if (options.maxInFlight < 1 || options.maxBatch < 1) throw new Error('A write batcher needs maxInFlight and maxBatch of at least 1.');
  }

  submit(item: Item): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.options.maxInFlight || this.waiting.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.send();
    });
  }

  private send(): void {
    while (this.inFlight < this.options.maxInFlight && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.options.maxBatch);
      this.inFlight++;
      void this.write(batch).finally(() => {
        this.inFlight--;
        this.schedule();
      });
    }
  }

  private async write(batch: Waiting<Item, Result>[]): Promise<void> {
    try {
      const results = await this.options.execute(batch.map((waiting) => waiting.item));
      batch.forEach((waiting, index) => waiting.resolve(results[index]!));
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
      await Promise.all(
        batch.map((waiting) =>
          this.options.execute([waiting.item]).then(
            ([result]) => waiting.resolve(result!),
            (itemError: unknown) => waiting.reject(itemError),
          ),
        ),
      );
    }
  }
}
