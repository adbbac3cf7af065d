import type { Keyv } from 'keyv';
import { KeyedMutex } from './keyed-mutex';
import { encodeValue, type StoreKeys } from './keys';
import { assertTtl, type Store } from './store';

/** How a record is kept in SQLite or memory: the value and, when it expires, the store-clock time. */
interface Entry {
  value: unknown;
  expiresAt?: number;
}

interface Lease {
  owner: string;
}

/** Options of {@link LocalStore}. */
export interface LocalStoreOptions {
  kind: 'memory' | 'sqlite';
  keyv: Keyv;
  keys: StoreKeys;
  now: () => number;
  /** Removes expired records for good; called now and then so dedupe keys do not pile up. */
  prune?: () => Promise<void>;
  pruneEveryMs?: number;
  onError: (error: Error) => void;
}

/**
 * The store for one process: keyv over SQLite or a Map, with a per-key mutex making the
 * compound operations atomic and expiry read from the injected clock. Every write goes through
 * the mutex, so a plain `set` cannot slip between the read and the write of `setIfAbsent` or
 * `update`, just as it cannot with Redis.
 */
export class LocalStore implements Store {
  readonly kind: 'memory' | 'sqlite';
  private readonly keyv: Keyv;
  private readonly keys: StoreKeys;
  private readonly now: () => number;
  private readonly mutex = new KeyedMutex();
  private readonly pruneTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(options: LocalStoreOptions) {
    this.kind = options.kind;
    this.keyv = options.keyv;
    this.keys = options.keys;
    this.now = options.now;
    const { prune, onError } = options;
    if (prune) {
      this.pruneTimer = setInterval(() => prune().catch(onError), options.pruneEveryMs ?? 3_600_000);
      this.pruneTimer.unref();
    }
  }

  async get<T>(namespace: string, key: string): Promise<T | undefined> {
    return (await this.read(this.keys.record(namespace, key)))?.value as T | undefined;
  }

  async set<T>(namespace: string, key: string, value: T, ttlMs?: number): Promise<void> {
    const fullKey = this.keys.record(namespace, key);
    this.checkValue(value, ttlMs);
    await this.mutex.run(fullKey, () => this.write(fullKey, value, this.expiryIn(ttlMs)));
  }

  async delete(namespace: string, key: string): Promise<boolean> {
    const fullKey = this.keys.record(namespace, key);
    return this.mutex.run(fullKey, async () => {
      const existed = (await this.read(fullKey)) !== undefined;
      await this.keyv.delete(fullKey);
      return existed;
    });
  }

  async setIfAbsent<T>(namespace: string, key: string, value: T, ttlMs?: number): Promise<boolean> {
    const fullKey = this.keys.record(namespace, key);
    this.checkValue(value, ttlMs);
    return this.mutex.run(fullKey, async () => {
      if ((await this.read(fullKey)) !== undefined) return false;
      await this.write(fullKey, value, this.expiryIn(ttlMs));
      return true;
    });
  }

  async update<T>(
    namespace: string,
    key: string,
    change: (current: T | undefined) => T | undefined | Promise<T | undefined>,
  ): Promise<T | undefined> {
    const fullKey = this.keys.record(namespace, key);
    return this.mutex.run(fullKey, async () => {
      const current = await this.read(fullKey);
      const next = await change(current?.value as T | undefined);
      if (next === undefined) return current?.value as T | undefined;
      encodeValue(next);
      await this.write(fullKey, next, current?.expiresAt);
      return next;
    });
  }

  async addToSet(name: string, member: string): Promise<void> {
    const fullKey = this.keys.set(name);
    await this.mutex.run(fullKey, async () => {
      const members = await this.members(fullKey);
      if (!members.includes(member)) await this.write(fullKey, [...members, member]);
    });
  }

  async removeFromSet(name: string, member: string): Promise<void> {
    const fullKey = this.keys.set(name);
    await this.mutex.run(fullKey, async () => {
      const members = await this.members(fullKey);
      if (!members.includes(member)) return;
      const rest = members.filter((each) => each !== member);
      // Like Redis, an emptied set disappears instead of lingering as an empty record.
      if (rest.length === 0) await this.keyv.delete(fullKey);
      else await this.write(fullKey, rest);
    });
  }

  async setMembers(name: string): Promise<string[]> {
    return this.members(this.keys.set(name));
  }

  async acquireLease(name: string, owner: string, ttlMs: number): Promise<boolean> {
    assertTtl(ttlMs);
    const fullKey = this.keys.lease(name);
    return this.mutex.run(fullKey, async () => {
      const lease = (await this.read(fullKey))?.value as Lease | undefined;
      if (lease !== undefined && lease.owner !== owner) return false;
      await this.write(fullKey, { owner } satisfies Lease, this.expiryIn(ttlMs));
      return true;
    });
  }

  async releaseLease(name: string, owner: string): Promise<void> {
    const fullKey = this.keys.lease(name);
    await this.mutex.run(fullKey, async () => {
      const lease = (await this.read(fullKey))?.value as Lease | undefined;
      if (lease?.owner === owner) await this.keyv.delete(fullKey);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.pruneTimer);
    await this.keyv.disconnect();
  }

  /**
   * The live entry, or undefined. An expired entry is not deleted here: a read outside the
   * mutex could otherwise delete a record written a moment before. Writers overwrite it, and
   * pruning removes the rest.
   */
  private async read(fullKey: string): Promise<Entry | undefined> {
    const entry = (await this.keyv.get(fullKey)) as Entry | undefined;
    if (entry === undefined || entry === null) return undefined;
    if (entry.expiresAt !== undefined && entry.expiresAt <= this.now()) return undefined;
    return entry;
  }

  private async write(fullKey: string, value: unknown, expiresAt?: number): Promise<void> {
    const entry: Entry = expiresAt === undefined ? { value } : { value, expiresAt };
    await this.keyv.set(fullKey, entry);
  }

  private async members(fullKey: string): Promise<string[]> {
    return ((await this.read(fullKey))?.value as string[] | undefined) ?? [];
  }

  private expiryIn(ttlMs: number | undefined): number | undefined {
    return ttlMs === undefined ? undefined : this.now() + ttlMs;
  }

  private checkValue(value: unknown, ttlMs: number | undefined): void {
    encodeValue(value);
    assertTtl(ttlMs);
  }
}
