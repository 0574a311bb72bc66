import type { Writable } from 'node:stream';

/** The part of a node_redis 3 client (Bee-Queue's Redis client) this relies on: every command reaches its socket through `write`. */
export interface NodeRedis3Client {
  /** The current socket; node_redis replaces it when it reconnects. */
  stream: Writable;
  write(data: string | Buffer): void;
}

/**
 * Makes the commands a Bee-Queue client sends in one turn of the event loop leave in one socket
 * write. node_redis 3 writes every command to its socket at once, and on a quiet Redis every write
 * is a system call that also wakes the Redis process: a worker finishing ten jobs, or a launch batch
 * saving ten, made ten of each. Corking the socket at the turn's first command and uncorking it once
 * the turn is over (setImmediate: after its promise callbacks too) sends them as one write.
 * A command waits at most for the rest of the turn. Node counts corks, so the client's own
 * cork/uncork around a MULTI nests inside this one.
 */
export function coalesceWrites(client: NodeRedis3Client): void {
  const write = client.write;
  let corked: Writable | null = null;
  client.write = function coalescedWrite(this: NodeRedis3Client, data: string | Buffer): void {
    if (corked !== this.stream) {
      const stream = this.stream;
      corked = stream;
      stream.cork();
      setImmediate(() => {
        if (corked === stream) corked = null;
        stream.uncork();
      });
    }
    write.call(this, data);
  };
}
