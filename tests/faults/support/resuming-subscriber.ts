import type { GraphQLFormattedError } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import { RUN_EVENT_KINDS } from '../../../src/outbox/kinds.js';
import { encodeEventCursor, ORIGIN } from '../../../src/outbox/position.js';
import { outboxRows } from '../../support/outbox-rows.js';
import { RUN_EVENTS, type RunEventShape } from '../../support/subscription-documents.js';
import { webSocketUrl, webSocketWithHeaders } from '../../support/subscription-client.js';
import type { TestApp } from '../../support/test-app.js';
import { waitFor } from '../../support/wait-for.js';

/**
 * Follows a workspace's `operationRunEvents` the way a well-behaved client does through faults:
 * whenever the stream ends (an error, a closed socket, an API that went away), it subscribes again
 * with `after:` the last cursor it received, or, when the server ended it with
 * EVENT_DELIVERY_FAILED, with `after:` the error's `extensions.resumeAfter`. It keeps every cursor
 * it was sent, so a drill can prove that what arrived is exactly the outbox: no gap, no duplicate,
 * in order. With `headers` (a gateway's secret) its socket is a gateway's, where a refusal arrives
 * as the last result of the operation (a `next` with the error) followed by `complete`.
 */
export class ResumingRunSubscriber {
  readonly events: RunEventShape[] = [];
  /** Why the stream ended each time it had to be resumed (error messages / close codes). */
  readonly interruptions: string[] = [];
  private client: Client;
  private stopped = false;
  private unsubscribe: () => void = () => undefined;

  constructor(
    private readonly url: () => string,
    private readonly token: string,
    private readonly workspaceId: string,
    private readonly headers: Record<string, string> = {},
  ) {
    this.client = this.connect();
    this.subscribe();
  }

  private connect(): Client {
    return createClient({
      url: () => webSocketUrl(this.url()),
      webSocketImpl: webSocketWithHeaders(this.headers),
      lazy: true,
      retryAttempts: Number.POSITIVE_INFINITY,
      shouldRetry: () => true,
      retryWait: () => new Promise((resolve) => setTimeout(resolve, 250)),
      connectionParams: { authorization: `Bearer ${this.token}` },
    });
  }

  /** The first subscription starts at the origin of the outbox, so nothing written before the socket connected is missed. */
  private subscribe(after = this.events.at(-1)?.cursor ?? encodeEventCursor(ORIGIN)): void {
    if (this.stopped) return;
    let ended = false;
    /** A delivery failure sent as the operation's last result (on a gateway's socket); `complete` follows. */
    let lastResultFailure: DeliveryFailure | null = null;
    const resume = (why: string, resumeAfter?: string) => {
      if (ended) return;
      ended = true;
      this.interruptions.push(why);
      setTimeout(() => this.subscribe(resumeAfter), 250);
    };
    this.unsubscribe = this.client.subscribe<{ operationRunEvents: RunEventShape }>(
      { query: RUN_EVENTS, variables: { workspaceId: this.workspaceId, after } },
      {
        next: (result) => {
          lastResultFailure = result.errors ? deliveryFailure(result.errors) : null;
          // An event arrives whole with its cursor; a result without one would be a gap.
          if (result.errors?.length && !lastResultFailure) this.interruptions.push(`errors in a result: ${describe(result.errors)}`);
          if (result.data?.operationRunEvents) this.events.push(result.data.operationRunEvents);
        },
        // EVENT_DELIVERY_FAILED names where to resume; any other end resumes after the last cursor received.
        error: (error) => resume(`error: ${describe(error)}`, deliveryFailure(error)?.resumeAfter ?? undefined),
        complete: () => (lastResultFailure ? resume(`last result: EVENT_DELIVERY_FAILED`, lastResultFailure.resumeAfter ?? undefined) : resume('complete')),
      },
    );
  }

  /** How many times the server ended the stream with EVENT_DELIVERY_FAILED. */
  deliveryFailures(): number {
    return this.interruptions.filter((why) => why.includes('EVENT_DELIVERY_FAILED')).length;
  }

  cursors(): string[] {
    return this.events.map((event) => event.cursor);
  }

  /**
   * Waits until the stream caught up with the workspace's run events in the outbox, then returns
   * both, for an exact comparison (a duplicate or a gap makes them differ).
   */
  async settledAgainstOutbox(app: TestApp, timeoutMs = 60_000): Promise<{ received: string[]; outbox: string[] }> {
    let outbox: string[] = [];
    await waitFor(
      async () => {
        outbox = (await outboxRows(app, this.workspaceId, RUN_EVENT_KINDS)).map((row) => row.cursor);
        const received = this.cursors();
        return received.length >= outbox.length && received.at(-1) === outbox.at(-1);
      },
      timeoutMs,
      100,
      'the subscriber to receive every run event of the outbox',
    ).catch((error: Error) => {
      const received = new Set(this.cursors());
      const missing = outbox.filter((cursor) => !received.has(cursor));
      throw new Error(
        `${error.message} Received ${received.size} of ${outbox.length}; missing ${missing.length} (first ${missing[0]}); interruptions: ${this.interruptions.join(' | ') || 'none'}.`,
      );
    });
    return { received: this.cursors(), outbox };
  }

  async close(): Promise<void> {
    this.stopped = true;
    this.unsubscribe();
    await this.client.dispose();
  }
}

interface DeliveryFailure {
  resumeAfter: string | null;
}

/** The EVENT_DELIVERY_FAILED error among the errors a subscription ended with, if any. */
function deliveryFailure(error: unknown): DeliveryFailure | null {
  if (!Array.isArray(error)) return null;
  const failure = (error as GraphQLFormattedError[]).find((item) => item.extensions?.code === 'EVENT_DELIVERY_FAILED');
  return failure ? { resumeAfter: (failure.extensions!.resumeAfter as string | null) ?? null } : null;
}

function describe(error: unknown): string {
  if (Array.isArray(error)) return error.map((item: GraphQLFormattedError) => `${String(item.extensions?.code ?? '')} ${item.message}`).join('; ');
  if (error && typeof error === 'object' && 'code' in error) return `close ${(error as { code: number }).code} ${(error as { reason?: string }).reason ?? ''}`;
  return String((error as Error)?.message ?? error);
}
