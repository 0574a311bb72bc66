import WebSocket from 'ws';
import type { CloseInfo } from './subscription-client.js';
import { waitFor } from './wait-for.js';

/**
 * A hand-rolled graphql-transport-ws client whose reading can be paused: while paused the server's
 * writes pile up in the TCP buffers, exactly like a client on a stalled network or a frozen tab.
 */
export class RawSubscriber {
  private readonly ws: WebSocket;
  private closeEvent: CloseInfo | null = null;
  received = 0;

  private constructor(url: string) {
    this.ws = new WebSocket(url, 'graphql-transport-ws');
    this.ws.on('message', (data) => {
      if ((JSON.parse(data.toString()) as { type: string }).type === 'next') this.received += 1;
    });
    this.ws.on('close', (code, reason) => (this.closeEvent = { code, reason: reason.toString() }));
  }

  /** Connects, authenticates and starts one subscription. */
  static async subscribe(url: string, token: string, query: string, variables: Record<string, unknown>): Promise<RawSubscriber> {
    const subscriber = new RawSubscriber(url);
    const { ws } = subscriber;
    await new Promise<void>((resolve, reject) => {
      ws.once('error', reject);
      ws.once('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })));
      ws.on('message', (data) => {
        if ((JSON.parse(data.toString()) as { type: string }).type === 'connection_ack') resolve();
      });
    });
    ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query, variables } }));
    return subscriber;
  }

  /** Stops reading from the socket (the kernel buffers fill, then the server's writes stall). */
  pause(): void {
    this.ws.pause();
  }

  resume(): void {
    this.ws.resume();
  }

  async waitForClose(timeoutMs = 20_000): Promise<CloseInfo> {
    return waitFor(async () => this.closeEvent, timeoutMs, 25, 'the raw socket to close');
  }
}
