import { WebSocket } from 'ws';
import { decodeEventCursor } from '../../src/outbox/position.js';
import { EventHub } from '../../src/live/event-hub.js';
import { EventStore } from '../../src/outbox/reader.js';
import { epochNow } from '../support/epoch-clock.js';

/** When the API process read one outbox event from PostgreSQL and sent it to its subscribers. */
export interface ServerTimes {
  readStart: number;
  readEnd: number;
  firstSend: number;
  lastSend: number;
  sends: number;
}

const CURSOR = /"cursor":"([^"]+)"/;

/**
 * Timestamps inside the API process, which runs in the benchmark's own process: every event hub
 * wake-up, each outbox read (start and end) with the events it returned, and every graphql-ws
 * `next` message handed to a server socket, keyed by the event in it. Installed by wrapping the
 * prototypes for the duration of a measurement; nothing in src/ is changed.
 */
export class ServerProbe {
  readonly events = new Map<number, ServerTimes>();
  readonly wakes: number[] = [];
  private readonly restore: (() => void)[] = [];

  install(): void {
    const probe = this;
    const wake = EventHub.prototype.wake;
    EventHub.prototype.wake = function (this: EventHub) {
      probe.wakes.push(epochNow());
      wake.call(this);
    };
    const readSettled = EventStore.prototype.readSettled;
    EventStore.prototype.readSettled = async function (this: EventStore, ...args: Parameters<EventStore['readSettled']>) {
      const readStart = epochNow();
      const result = await readSettled.apply(this, args);
      const readEnd = epochNow();
      for (const event of result.events) {
        const id = Number(event.id);
        if (!probe.events.has(id)) probe.events.set(id, { readStart, readEnd, firstSend: Number.NaN, lastSend: Number.NaN, sends: 0 });
      }
      return result;
    };
    const send = WebSocket.prototype.send;
    let lastCursor = '';
    let lastId = -1;
    WebSocket.prototype.send = function (this: WebSocket, data: unknown, ...rest: unknown[]) {
      const at = epochNow();
      const cursor = typeof data === 'string' ? CURSOR.exec(data)?.[1] : undefined;
      if (cursor) {
        if (cursor !== lastCursor) {
          lastCursor = cursor;
          lastId = Number(decodeEventCursor(cursor)?.id ?? -1);
        }
        const times = probe.events.get(lastId);
        if (times) {
          if (times.sends === 0) times.firstSend = at;
          times.lastSend = at;
          times.sends += 1;
        }
      }
      return (send as (...args: unknown[]) => void).call(this, data, ...rest);
    } as typeof WebSocket.prototype.send;
    this.restore.push(
      () => (EventHub.prototype.wake = wake),
      () => (EventStore.prototype.readSettled = readSettled),
      () => (WebSocket.prototype.send = send),
    );
  }

  /** The first hub wake-up at or after `at`. */
  wakeAfter(at: number): number {
    let low = 0;
    let high = this.wakes.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.wakes[middle]! < at) low = middle + 1;
      else high = middle;
    }
    return this.wakes[low] ?? Number.NaN;
  }

  uninstall(): void {
    for (const undo of this.restore.splice(0)) undo();
  }
}
