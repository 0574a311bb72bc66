import { logger } from '../platform/logger.js';

/**
 * What a process has started so far; stopped in reverse order, each step even when another fails.
 * A service still starting when the stop begins is awaited and then stopped, so an interruption
 * during start-up never leaves it (an embedded PostgreSQL, a redis-server) running.
 */
export class StartedServices {
  private readonly stops: { name: string; stop: () => Promise<unknown> }[] = [];

  add<T>(name: string, service: T, stop: (service: T) => Promise<unknown>): T {
    this.stops.push({ name, stop: () => stop(service) });
    return service;
  }

  /** Registers a service while it starts; resolves to it once started. */
  start<T>(name: string, starting: Promise<T>, stop: (service: T) => Promise<unknown>): Promise<T> {
    this.stops.push({
      name,
      stop: () =>
        starting.then(
          (service) => stop(service),
          () => undefined,
        ),
    });
    return starting;
  }

  async stopAll(): Promise<void> {
    for (const { name, stop } of this.stops.splice(0).reverse()) {
      await stop().catch((error: unknown) => logger.warn(`could not stop ${name}`, { error }));
    }
  }
}
