/** A held capture: it has committed the batch it waits after and resumes on `release()`. */
export interface HeldCapture {
  /** Resolves once the capture committed the batch and is waiting. */
  reached: Promise<void>;
  release(): void;
}

/**
 * The capture handler's `afterBatch` hook, armed per scenario: pass `afterBatch` to the worker's
 * registry once, then make the next capture fail or wait after a given batch.
 */
export class CaptureFaults {
  private fault: ((batch: number) => Promise<void>) | null = null;

  readonly afterBatch = async (batch: number): Promise<void> => {
    await this.fault?.(batch);
  };

  /** Runs `action` right after the capture committed batch `afterBatch`; the capture goes on when it settles. */
  runAfter(afterBatch: number, action: () => Promise<void>): void {
    this.fault = async (batch) => {
      if (batch === afterBatch) await action();
    };
  }

  /** The capture throws right after committing batch `failingBatch`. */
  failAfter(failingBatch: number): void {
    this.runAfter(failingBatch, async () => {
      throw new Error(`Injected fault after batch ${failingBatch}.`);
    });
  }

  /** The capture waits after committing batch `heldBatch` until released (its snapshot stays building). */
  holdAfter(heldBatch: number): HeldCapture {
    let reached!: () => void;
    let release!: () => void;
    const reachedPromise = new Promise<void>((resolve) => (reached = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    this.runAfter(heldBatch, async () => {
      reached();
      await released;
    });
    return { reached: reachedPromise, release };
  }

  clear(): void {
    this.fault = null;
  }
}
