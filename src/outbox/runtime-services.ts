import type { EventOutbox } from './publisher.js';

declare module '../platform/runtime.js' {
  interface Runtime {
    outbox: EventOutbox;
  }
}
