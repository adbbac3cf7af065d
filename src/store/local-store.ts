import { KeyedMutex } from './keyed-mutex';
import { encodeValue, type StoreKeys } from './keys';
import type { LocalBackend } from './local-backends';
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
  backend: LocalBackend;
  keys: StoreKeys;
  now: () => number;
  /** Removes expired records for good; called now and then so dedupe keys do not pile up. */
  prune?: () => Promise<void>;
  pruneEveryMs?: number;
  onError: (error: Error) => void;
}

/**
 * The store for one process: rows in SQLite or a Map (see ./local-backends), with a per-key mutex
 * making the compound operations atomic and expiry read from the injected clock. Every write of a
 * record goes through the mutex, so a plain `set` cannot slip between the read and the write of
 * `update`, just as it cannot with Redis. Set members are rows of their own, each add or remove a
 * single atomic statement, so sets need no lock.
 */
export class LocalStore implements Store {
  readonly kind: 'memory' | 'sqlite';
  private readonly backend: LocalBackend;
  private readonly keys: StoreKeys;
  private readonly now: () => number;
  private readonly mutex = new KeyedMutex();
  private readonly pruneTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(options: LocalStoreOptions) {
    this.kind = options.kind;
    this.backend = options.backend;
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
    assertTtl(ttlMs);
    const text = entryText(value, this.expiryIn(ttlMs));
    await this.mutex.run(fullKey, () => this.backend.write(fullKey, text));
  }

  async delete(namespace: string, key: string): Promise<boolean> {
    const fullKey = this.keys.record(namespace, key);
    return this.mutex.run(fullKey, async () => {
      const removed = await this.backend.remove(fullKey);
      return removed !== undefined && this.liveEntry(removed) !== undefined;
    });
  }

  async setIfAbsent<T>(namespace: string, key: string, value: T, ttlMs?: number): Promise<boolean> {
    const fullKey = this.keys.record(namespace, key);
    assertTtl(ttlMs);
    const text = entryText(value, this.expiryIn(ttlMs));
    // One conditional write instead of a read and a write; under the mutex still, so it stays
    // ordered with an `update` of the same key.
    return this.mutex.run(fullKey, () => this.backend.writeIfAbsent(fullKey, text, this.now()));
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
      await this.backend.write(fullKey, entryText(next, current?.expiresAt));
      return next;
    });
  }

  async addToSet(name: string, member: string): Promise<void> {
    await this.backend.addMember(this.setName(name), member);
  }

  async removeFromSet(name: string, member: string): Promise<void> {
    await this.backend.removeMember(this.setName(name), member);
  }

  async setMembers(name: string): Promise<string[]> {
    return this.backend.members(this.setName(name));
  }

  async acquireLease(name: string, owner: string, ttlMs: number): Promise<boolean> {
    assertTtl(ttlMs);
    const fullKey = this.keys.lease(name);
    return this.mutex.run(fullKey, async () => {
      const lease = (await this.read(fullKey))?.value as Lease | undefined;
      if (lease !== undefined && lease.owner !== owner) return false;
      await this.backend.write(fullKey, entryText({ owner } satisfies Lease, this.expiryIn(ttlMs)));
      return true;
    });
  }

  async releaseLease(name: string, owner: string): Promise<void> {
    const fullKey = this.keys.lease(name);
    await this.mutex.run(fullKey, async () => {
      const lease = (await this.read(fullKey))?.value as Lease | undefined;
      if (lease?.owner === owner) await this.backend.remove(fullKey);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.pruneTimer);
    await this.backend.close();
  }

  /**
   * The live entry, or undefined. An expired entry is not deleted here: a read outside the
   * mutex could otherwise delete a record written a moment before. Writers overwrite it, and
   * pruning removes the rest.
   */
  private async read(fullKey: string): Promise<Entry | undefined> {
    const text = await this.backend.read(fullKey);
    return text === undefined ? undefined : this.liveEntry(text);
  }

  private liveEntry(text: string): Entry | undefined {
    const entry = JSON.parse(text) as Entry | null;
    if (entry === null) return undefined;
    if (entry.expiresAt !== undefined && entry.expiresAt <= this.now()) return undefined;
    return entry;
  }

  /** The name, once StoreKeys has checked it; the backend keys members by it. */
  private setName(name: string): string {
    this.keys.set(name);
    return name;
  }

  private expiryIn(ttlMs: number | undefined): number | undefined {
    return ttlMs === undefined ? undefined : this.now() + ttlMs;
  }
}

/** A row's text: the value and, when it expires, the store-clock time. */
function entryText(value: unknown, expiresAt: number | undefined): string {
  const text = encodeValue(value);
  return expiresAt === undefined ? `{"value":${text}}` : `{"value":${text},"expiresAt":${expiresAt}}`;
}
