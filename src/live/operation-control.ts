import { GraphQLError, type ExecutionResult } from 'graphql';
import type { WebSocket } from 'ws';
import { refusalError } from './refusals.js';
import type { SocketControl } from './subscription-context.js';

type Results = AsyncGenerator<ExecutionResult, void, void>;

const DONE: IteratorReturnResult<void> = { value: undefined, done: true };

/**
 * One running operation's hold on its socket. On a direct socket a refusal closes the socket with
 * its close code, as graphql-ws clients expect. A gateway socket carries the operations of many
 * clients, and a gateway passes neither close codes nor `error` frames on to them, so there a
 * refusal ends this operation alone: a last result whose error carries the code and the message
 * (a `next` frame), then `complete`. The same holds for an error that ends the operation's results
 * (e.g. EVENT_DELIVERY_FAILED): a direct client gets it as graphql-ws's `error` frame, a gateway's
 * as the last result, with its code and extensions.
 */
export class OperationControl implements SocketControl {
  private refusal: GraphQLError | null = null;
  /** Finishes the `next()` call that is waiting for the source, when one is. */
  private interrupt: (() => void) | null = null;

  constructor(
    private readonly socket: WebSocket,
    private readonly gateway: boolean,
  ) {}

  bufferedAmount(): number {
    return this.socket.bufferedAmount;
  }

  close(code: number, reason: string): void {
    if (this.gateway) this.end(refusalError(code, reason));
    else this.socket.close(code, reason);
  }

  /** Ends the operation with `refusal` as its last result; the first refusal wins. */
  end(refusal: GraphQLError): void {
    if (this.refusal) return;
    this.refusal = refusal;
    this.interrupt?.();
  }

  /** The operation's results; once it is refused, its source stops and the refusal is the last result. */
  results(source: Results): Results {
    let finished = false;
    const finish = async (): Promise<IteratorResult<ExecutionResult, void>> => {
      if (finished) return DONE;
      finished = true;
      await source.return(undefined);
      return this.refusal ? { value: { errors: [this.refusal] }, done: false } : DONE;
    };
    const stop = async () => {
      finished = true;
      this.interrupt = null;
      await source.return(undefined);
    };
    return {
      next: () => {
        if (finished || this.refusal) return finish();
        return new Promise<IteratorResult<ExecutionResult, void>>((resolve, reject) => {
          this.interrupt = () => resolve(finish());
          source.next().then(
            (step) => {
              this.interrupt = null;
              resolve(step.done ? finish() : step);
            },
            (error: unknown) => {
              this.interrupt = null;
              if (this.gateway && error instanceof GraphQLError) {
                this.end(error);
                resolve(finish());
              } else {
                reject(error);
              }
            },
          );
        });
      },
      return: async () => {
        await stop();
        return DONE;
      },
      throw: async (error: unknown) => {
        await stop();
        throw error;
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    } as Results;
  }
}
