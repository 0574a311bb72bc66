import DataLoader from 'dataloader';

/**
 * A DataLoader that also answers what was primed into it synchronously (`loadPrimed`). A resolver
 * that returns a value rather than a promise lets graphql-js complete a list row without a promise
 * of its own; a page reader that primes the rows' relations makes the whole page synchronous.
 * Primed values are kept as they are: a promise is made for one only when `load` asks for it.
 */
export class PrimedLoader<K, V, C = K> extends DataLoader<K, V, C> {
  private readonly primedValues = new Map<C, V>();
  private readonly keyOf: (key: K) => C;

  constructor(batch: DataLoader.BatchLoadFn<K, V>, options?: DataLoader.Options<K, V, C>) {
    super(batch, options);
    this.keyOf = options?.cacheKeyFn ?? ((key: K) => key as unknown as C);
  }

  override prime(key: K, value: V | PromiseLike<V> | Error): this {
    if (value instanceof Error || isPromiseLike(value)) return super.prime(key, value);
    const cacheKey = this.keyOf(key);
    if (!this.primedValues.has(cacheKey)) this.primedValues.set(cacheKey, value);
    return this;
  }

  override load(key: K): Promise<V> {
    const cacheKey = this.keyOf(key);
    return this.primedValues.has(cacheKey) ? Promise.resolve(this.primedValues.get(cacheKey)!) : super.load(key);
  }

  override clear(key: K): this {
    this.primedValues.delete(this.keyOf(key));
    return super.clear(key);
  }

  override clearAll(): this {
    this.primedValues.clear();
    return super.clearAll();
  }

  /** The primed value itself when there is one, else `load(key)`. */
  loadPrimed(key: K): V | Promise<V> {
    const cacheKey = this.keyOf(key);
    return this.primedValues.has(cacheKey) ? this.primedValues.get(cacheKey)! : this.load(key);
  }
}

function isPromiseLike<V>(value: V | PromiseLike<V>): value is PromiseLike<V> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/** `next(value)` at once when `value` is already there, else once it is: keeps a chain of primed loads synchronous. */
export function whenLoaded<T, R>(value: T | Promise<T>, next: (loaded: T) => R | Promise<R>): R | Promise<R> {
  return value instanceof Promise ? value.then(next) : next(value);
}
