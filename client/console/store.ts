export type Listener<T> = (state: T) => void;

/**
 * The console's single source of state: updates replace the state object, and listeners run once
 * per turn of the event loop however many updates it made.
 */
export class Store<T> {
  private readonly listeners = new Set<Listener<T>>();
  private scheduled = false;

  constructor(private state: T) {}

  get current(): T {
    return this.state;
  }

  update(change: (state: T) => T): void {
    this.state = change(this.state);
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      for (const listener of this.listeners) listener(this.state);
    });
  }

  subscribe(listener: Listener<T>): () => void {
    this.listeners.add(listener);
    listener(this.state);
    return () => this.listeners.delete(listener);
  }
}
