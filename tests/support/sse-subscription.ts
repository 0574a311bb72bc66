import type { GraphQLErrorShape } from './test-app.js';
import { waitFor } from './wait-for.js';

/**
 * One subscription over Server-Sent Events (GraphQL over SSE, distinct connections mode), the way
 * a browser's EventSource-style client runs it: events are the root field values of `next` events.
 */
export class SseSubscription<TEvent = any> {
  readonly events: TEvent[] = [];
  readonly errors: GraphQLErrorShape[] = [];
  completed = false;
  private readonly abort = new AbortController();
  private readonly done: Promise<void>;

  constructor(url: string, query: string, variables: Record<string, unknown>, token: string) {
    this.done = this.read(url, query, variables, token).catch((error: unknown) => {
      if (!this.abort.signal.aborted) this.errors.push({ message: String((error as Error).message ?? error) });
    });
  }

  private async read(url: string, query: string, variables: Record<string, unknown>, token: string): Promise<void> {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
      signal: this.abort.signal,
    });
    const decoder = new TextDecoder();
    let buffered = '';
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffered += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffered.indexOf('\n\n')) >= 0) {
        this.receive(buffered.slice(0, end));
        buffered = buffered.slice(end + 2);
      }
    }
  }

  private receive(message: string): void {
    const lines = message.split('\n');
    const event = lines
      .find((line) => line.startsWith('event:'))
      ?.slice(6)
      .trim();
    const data = lines
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(5))
      .join('\n');
    if (event === 'complete') this.completed = true;
    if (event !== 'next') return;
    const result = JSON.parse(data) as { data?: Record<string, TEvent>; errors?: GraphQLErrorShape[] };
    if (result.errors) this.errors.push(...result.errors);
    if (result.data) this.events.push(Object.values(result.data)[0]!);
  }

  async waitForEvents(count: number, timeoutMs = 20_000): Promise<TEvent[]> {
    return waitFor(async () => this.events.length >= count && this.events, timeoutMs, 25, `${count} SSE events`);
  }

  async close(): Promise<void> {
    this.abort.abort();
    await this.done;
  }
}
