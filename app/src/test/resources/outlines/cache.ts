import { EventEmitter } from "events";

/** How long entries live, in milliseconds. */
export type Ttl = number;

/**
 * Something that can be stored and evicted.
 */
export interface Entry<V> {
  value: V;
  expiresAt: number;
  /** Size in bytes, for the memory bound. */
  size(): number;
}

export enum EvictionPolicy {
  Lru = "lru",
  Fifo = "fifo",
}

/**
 * A bounded in-memory cache with per-entry time to live.
 *
 * @typeParam K - key type
 * @typeParam V - value type
 */
export class TtlCache<K, V> extends EventEmitter implements Iterable<[K, V]> {
  private readonly entries = new Map<K, Entry<V>>();

  constructor(private readonly maxEntries: number, private readonly ttl: Ttl = 60_000) {
    super();
  }

  /** The value for `key`, or undefined when absent or expired. */
  get(key: K): V | undefined {
    const e = this.entries.get(key);
    if (!e || e.expiresAt < Date.now()) {
      return undefined;
    }
    return e.value;
  }

  /**
   * Store a value; evicts the oldest entry when full.
   */
  set(key: K, value: V, ttl: Ttl = this.ttl): this {
    if (this.entries.size >= this.maxEntries) {
      this.evictOldest();
    }
    this.entries.set(key, { value, expiresAt: Date.now() + ttl, size: () => 1 });
    this.emit("set", key);
    return this;
  }

  private evictOldest(): void {
    const first = this.entries.keys().next();
    if (!first.done) {
      this.entries.delete(first.value);
    }
  }

  async refresh(key: K, load: (key: K) => Promise<V>): Promise<V> {
    const value = await load(key);
    this.set(key, value);
    return value;
  }

  *[Symbol.iterator](): Iterator<[K, V]> {
    for (const [k, e] of this.entries) {
      yield [k, e.value];
    }
  }
}

export abstract class Loader<T> {
  /** Fetch one item from the backing store. */
  abstract load(id: string): Promise<T>;
}

/** Helpers shared by the cache implementations. */
export namespace CacheKeys {
  /** A key that is stable across processes. */
  export function stable(parts: string[]): string {
    return parts.join(":");
  }
}

/**
 * Memoize a one-argument function.
 */
export function memoize<A, R>(fn: (arg: A) => R): (arg: A) => R {
  const cache = new Map<A, R>();
  return (arg: A) => {
    if (!cache.has(arg)) {
      cache.set(arg, fn(arg));
    }
    return cache.get(arg)!;
  };
}

export const defaultCache = new TtlCache<string, unknown>(1000);

/** Build a cache from plain options. */
export const createCache = <K, V>(max: number): TtlCache<K, V> => new TtlCache<K, V>(max);

export default TtlCache;
