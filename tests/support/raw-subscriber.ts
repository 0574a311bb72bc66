import WebSocket from 'ws';
import type { CloseInfo } from './subscription-client.js';
import { waitFor } from './wait-for.js';

/**
 * A hand-rolled graphql-transport-ws client whose reading can be paused: while paused the server's
 * writes pile up in the TCP buffers, exactly like a client on a stalled network or a frozen tab.
 */
export interface RawFrame {
  type: string;
  id?: string;
  payload?: { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
}

export class RawSubscriber {
  private readonly ws: WebSocket;
  private closeEvent: CloseInfo | null = null;
  received = 0;
  /** The last frame received for each operation id. */
  readonly lastFrames = new Map<string, RawFrame>();
  /** The last `next` frame received for each operation id. */
  readonly lastResults = new Map<string, RawFrame>();

  private constructor(url: string, headers: Record<string, string>) {
    this.ws = new WebSocket(url, 'graphql-transport-ws', { headers });
    this.ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as RawFrame;
      if (frame.type === 'next') this.received += 1;
      if (frame.id === undefined) return;
      if (frame.type === 'next') this.lastResults.set(frame.id, frame);
      this.lastFrames.set(frame.id, frame);
    });
    this.ws.on('close', (code, reason) => (this.closeEvent = { code, reason: reason.toString() }));
  }

  /** Connects, authenticates and starts one subscription (operation id `1`); `headers` go on the upgrade request. */
  static async subscribe(
    url: string,
    token: string,
    query: string,
    variables: Record<string, unknown>,
    headers: Record<string, string> = {},
  ): Promise<RawSubscriber> {
    const subscriber = new RawSubscriber(url, headers);
    const { ws } = subscriber;
    await new Promise<void>((resolve, reject) => {
      ws.once('error', reject);
      ws.once('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })));
      ws.on('message', (data) => {
        if ((JSON.parse(data.toString()) as { type: string }).type === 'connection_ack') resolve();
      });
    });
    subscriber.start('1', query, variables);
    return subscriber;
  }

  start(id: string, query: string, variables: Record<string, unknown>): void {
    this.ws.send(JSON.stringify({ id, type: 'subscribe', payload: { query, variables } }));
  }

  /** Stops reading from the socket (the kernel buffers fill, then the server's writes stall). */
  pause(): void {
    this.ws.pause();
  }

  resume(): void {
    this.ws.resume();
  }

  get closedWith(): CloseInfo | null {
    return this.closeEvent;
  }

  async waitForClose(timeoutMs = 20_000): Promise<CloseInfo> {
    return waitFor(async () => this.closeEvent, timeoutMs, 25, 'the raw socket to close');
  }
}
