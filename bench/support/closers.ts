/** Closers of everything a bench opened, run newest first (also on Ctrl-C); every one runs even when one fails. */
export class Closers {
  private readonly closers: (() => Promise<unknown>)[] = [];

  push(close: () => Promise<unknown>): void {
    this.closers.push(close);
  }

  /** Runs every closer, newest first, then throws the first failure if any. */
  async closeAll(): Promise<void> {
    const errors: unknown[] = [];
    for (const close of this.closers.splice(0).reverse()) await close().catch((error: unknown) => errors.push(error));
    if (errors.length > 0) throw errors[0];
  }
}
