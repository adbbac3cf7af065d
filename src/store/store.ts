/**
 * The one place the bot keeps state that must survive a restart: request records, dedupe keys,
 * small sets of ids, and leases. Keys are grouped by a `namespace` per kind of record
 * ("request", "slack-event", …), and every key is prefixed with the store's own namespace so
 * several bots can share one Redis.
 *
 * Values are JSON: what goes in comes back equal, strings stay strings ("0123" keeps its zero),
 * and `undefined` cannot be stored.
 *
 * Atomicity: with `redis://` every operation documented as atomic is atomic across processes,
 * so several replicas can share the store. `sqlite://` and `memory://` are for one process: the
 * atomic operations use a lock inside the process, and two processes opening the same SQLite
 * file would not see each other's locks.
 *
 * Expiry: the SQLite and in-memory stores read the injected clock (`now`), so tests can move
 * time; Redis expires keys by its own clock.
 */
export interface Store {
  readonly kind: StoreKind;

  /** The value, or undefined when absent or expired. */
  get<T>(namespace: string, key: string): Promise<T | undefined>;

  /** Stores `value`, replacing any previous one; with `ttlMs` it expires after that many milliseconds. */
  set<T>(namespace: string, key: string, value: T, ttlMs?: number): Promise<void>;

  /** Removes the record; true when there was one (an expired record counts as absent). */
  delete(namespace: string, key: string): Promise<boolean>;

  /**
   * Stores `value` only when no live record exists; true when this call stored it. Atomic, so
   * it decides which of several racing callers wins: dedupe of Slack retries and duplicate
   * notifications, and claims such as "this click creates the order".
   */
  setIfAbsent<T>(namespace: string, key: string, value: T, ttlMs?: number): Promise<boolean>;

  /**
   * Read-modify-write of one record under a lock: `change` gets the current value (undefined
   * when absent) and returns the new one, or undefined to leave the record as it is. The
   * record keeps its expiry, if it had one. Returns the stored value after the call. Callers
   * racing on the same key run one after another, so no update is lost, also across replicas
   * sharing Redis. Keep `change` short: with Redis the lock is given up after `lockTtlMs`.
   */
  update<T>(
    namespace: string,
    key: string,
    change: (current: T | undefined) => T | undefined | Promise<T | undefined>,
  ): Promise<T | undefined>;

  /** Adds a member to a small set (ids of open requests, requests of a user, …). Atomic. */
  addToSet(name: string, member: string): Promise<void>;

  /** Removes a member from a set; removing an absent member is not an error. Atomic. */
  removeFromSet(name: string, member: string): Promise<void>;

  /** The members of a set, in no particular order; empty when the set does not exist. */
  setMembers(name: string): Promise<string[]>;

  /**
   * Takes (or, when `owner` already holds it, renews) the lease `name` for `ttlMs`; true when
   * `owner` holds it afterwards. Only one owner holds a lease at a time, and a holder that dies
   * loses it when it expires. Used so that one replica at a time runs the poller.
   */
  acquireLease(name: string, owner: string, ttlMs: number): Promise<boolean>;

  /** Gives the lease up if `owner` holds it; does nothing otherwise. */
  releaseLease(name: string, owner: string): Promise<void>;

  /** Releases connections and timers. The store cannot be used afterwards. Safe to call twice. */
  close(): Promise<void>;
}

/** Which backend a store uses. */
export type StoreKind = 'memory' | 'sqlite' | 'redis';

/** Options of {@link createStore}. */
export interface StoreOptions {
  /** `sqlite://path/to/file.sqlite` (relative or absolute), `redis://host:port[/db]` or `memory://`. */
  url: string;
  /** Prefix of every key, so several bots can share a Redis. Default `hosted-bot`. */
  namespace?: string;
  /** The clock expiry is read with (SQLite and memory only). Default `Date.now`. */
  now?: () => number;
  /**
   * Receives errors that happen outside any call, such as a dropped Redis connection being
   * retried. Calls still reject with their own errors. Default: ignored.
   */
  onError?: (error: Error) => void;
  /** Redis only: how long an update may hold its lock before others may take it. Default 30 s. */
  lockTtlMs?: number;
  /** Redis only: how long an update waits for a busy lock before failing. Default 10 s. */
  lockWaitMs?: number;
}

/** An update could not get, or lost, the lock on its record; nothing was written by it. */
export class StoreLockError extends Error {
  override readonly name = 'StoreLockError';

  constructor(
    message: string,
    readonly namespace: string,
    readonly key: string,
  ) {
    super(message);
  }
}

/** Refuses a TTL that would silently mean "forever" or "already gone". */
export function assertTtl(ttlMs: number | undefined): void {
  if (ttlMs === undefined) return;
  if (!Number.isInteger(ttlMs) || ttlMs <= 0) {
    throw new RangeError(`ttlMs must be a positive whole number of milliseconds (got ${ttlMs})`);
  }
}
