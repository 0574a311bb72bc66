import { describe, expect, it } from 'vitest';
import { WriteBatcher } from '../../../src/platform/db/write-batcher.js';

/** A statement that answers when the test says so, recording the batches it was sent. */
class ControlledStatement {
  readonly batches: number[][] = [];
  private readonly answers: (() => void)[] = [];

  constructor(private readonly failWhen: (items: readonly number[]) => boolean = () => false) {}

  execute = (items: readonly number[]): Promise<string[]> => {
    this.batches.push([...items]);
    return new Promise((resolve, reject) => {
      this.answers.push(() => (this.failWhen(items) ? reject(new Error(`batch ${items.join(',')} failed`)) : resolve(items.map((item) => `done ${item}`))));
    });
  };

  /** Answers every statement sent so far. */
  answerAll(): void {
    this.answers.splice(0).forEach((answer) => answer());
  }
}

/** Lets the batcher's scheduled sends and its bookkeeping after an answer run. */
async function settle(): Promise<void> {
  for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
}

describe('write batcher', () => {
  it('a write submitted while the batcher is idle leaves alone at once, with no wait for company', async () => {
    const statement = new ControlledStatement();
    const batcher = new WriteBatcher({ execute: statement.execute, maxInFlight: 1, maxBatch: 10 });
    const result = batcher.submit(1);
    await settle();
    expect(statement.batches).toEqual([[1]]);
    statement.answerAll();
    await expect(result).resolves.toBe('done 1');
  });

  it('writes submitted while every batch is busy leave together as the next batch, each with its own result', async () => {
    const statement = new ControlledStatement();
    const batcher = new WriteBatcher({ execute: statement.execute, maxInFlight: 1, maxBatch: 10 });
    const first = batcher.submit(1);
    await settle();
    const waiting = [2, 3, 4].map((item) => batcher.submit(item));
    await settle();
    expect(statement.batches).toEqual([[1]]);
    statement.answerAll();
    await first;
    await settle();
    expect(statement.batches).toEqual([[1], [2, 3, 4]]);
    statement.answerAll();
    await expect(Promise.all(waiting)).resolves.toEqual(['done 2', 'done 3', 'done 4']);
  });

  it('never has more than maxInFlight batches on their way, nor more than maxBatch items in one', async () => {
    const statement = new ControlledStatement();
    const batcher = new WriteBatcher({ execute: statement.execute, maxInFlight: 2, maxBatch: 2 });
    const results = [1, 2, 3, 4, 5].map((item) => batcher.submit(item));
    await settle();
    expect(statement.batches).toEqual([
      [1, 2],
      [3, 4],
    ]);
    statement.answerAll();
    await Promise.all(results.slice(0, 4));
    await settle();
    expect(statement.batches.at(-1)).toEqual([5]);
    statement.answerAll();
    await expect(results[4]).resolves.toBe('done 5');
  });

  it("a failed batch is sent again item by item, so one item's error stays its own and the others still apply", async () => {
    const statement = new ControlledStatement((items) => items.includes(2));
    const batcher = new WriteBatcher({ execute: statement.execute, maxInFlight: 1, maxBatch: 10 });
    const results = [1, 2, 3].map((item) => batcher.submit(item));
    await settle();
    statement.answerAll();
    await settle();
    expect(statement.batches).toEqual([[1, 2, 3], [1], [2], [3]]);
    statement.answerAll();
    const settled = await Promise.allSettled(results);
    expect(settled.map((result) => (result.status === 'fulfilled' ? result.value : (result.reason as Error).message))).toEqual([
      'done 1',
      'batch 2 failed',
      'done 3',
    ]);
  });

  it('a single write that fails rejects with its own error, and the batcher goes on with the next', async () => {
    const statement = new ControlledStatement((items) => items.includes(1));
    const batcher = new WriteBatcher({ execute: statement.execute, maxInFlight: 1, maxBatch: 10 });
    const failed = batcher.submit(1);
    await settle();
    statement.answerAll();
    await expect(failed).rejects.toThrow('batch 1 failed');
    const next = batcher.submit(2);
    await settle();
    statement.answerAll();
    await expect(next).resolves.toBe('done 2');
  });
});
