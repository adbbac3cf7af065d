import { randomUUID } from 'node:crypto';
import type { RedisClientType } from '@keyv/redis';
import type { Keyv } from 'keyv';
import { encodeValue, type StoreKeys } from './keys';
import { assertTtl, type Store, StoreLockError } from './store';

/** Takes the key when free or already ours, and (re)sets its expiry: one script, so no one slips in between. */
const ACQUIRE_OR_RENEW = `
local holder = redis.call('GET', KEYS[1])
if holder == false or holder == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0`;

/** Deletes the key only while it still holds our token, so a lock or lease taken over by someone else survives. */
const RELEASE_IF_HELD = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

/** Writes the record only while we still hold its lock (fencing against a lock that expired mid-update). */
const WRITE_IF_LOCKED = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return 0
end
redis.call('SET', KEYS[2], ARGV[2], 'KEEPTTL')
return 1`;

/** Options of {@link RedisStore}. */
export interface RedisStoreOptions {
  keyv: Keyv;
  client: RedisClientType;
  keys: StoreKeys;
  lockTtlMs: number;
  lockWaitMs: number;
}

/**
 * The store shared by replicas: keyv over @keyv/redis for plain reads and writes, and the same
 * node-redis client for what must be atomic across processes (SET NX PX, Lua scripts, native
 * sets). Records are the JSON of their value, the same bytes keyv writes, so both paths read
 * each other's records.
 */
export class RedisStore implements Store {
  readonly kind = 'redis';
  private readonly keyv: Keyv;
  private readonly client: RedisClientType;
  private readonly keys: StoreKeys;
  private readonly lockTtlMs: number;
  private readonly lockWaitMs: number;
  private closed = false;

  constructor(options: RedisStoreOptions) {
    this.keyv = options.keyv;
    this.client = options.client;
    this.keys = options.keys;
    this.lockTtlMs = options.lockTtlMs;
    this.lockWaitMs = options.lockWaitMs;
  }

  async get<T>(namespace: string, key: string): Promise<T | undefined> {
    return (await this.keyv.get(this.keys.record(namespace, key))) as T | undefined;
  }

  async set<T>(namespace: string, key: string, value: T, ttlMs?: number): Promise<void> {
    const fullKey = this.keys.record(namespace, key);
    encodeValue(value);
    assertTtl(ttlMs);
    await this.keyv.set(fullKey, value, ttlMs);
  }

  async delete(namespace: string, key: string): Promise<boolean> {
    return this.keyv.delete(this.keys.record(namespace, key));
  }

  async setIfAbsent<T>(namespace: string, key: string, value: T, ttlMs?: number): Promise<boolean> {
    const fullKey = this.keys.record(namespace, key);
    const text = encodeValue(value);
    assertTtl(ttlMs);
    const reply = await this.client.set(fullKey, text, {
      condition: 'NX',
      ...(ttlMs === undefined ? {} : { expiration: { type: 'PX' as const, value: ttlMs } }),
    });
    return reply === 'OK';
  }

  async update<T>(
    namespace: string,
    key: string,
    change: (current: T | undefined) => T | undefined | Promise<T | undefined>,
  ): Promise<T | undefined> {
    const recordKey = this.keys.record(namespace, key);
    const lockKey = this.keys.lock(namespace, key);
    const token = randomUUID();
    await this.lock(lockKey, token, namespace, key);
    try {
      const current = await this.get<T>(namespace, key);
      const next = await change(current);
      if (next === undefined) return current;
      const written = await this.client.eval(WRITE_IF_LOCKED, {
        keys: [lockKey, recordKey],
        arguments: [token, encodeValue(next)],
      });
      if (written !== 1) {
        throw new StoreLockError(
          `update of ${namespace}/${key} took longer than its ${this.lockTtlMs} ms lock; nothing was written`,
          namespace,
          key,
        );
      }
      return next;
    } finally {
      await this.client.eval(RELEASE_IF_HELD, { keys: [lockKey], arguments: [token] });
    }
  }

  async addToSet(name: string, member: string): Promise<void> {
    await this.client.sAdd(this.keys.set(name), member);
  }

  async removeFromSet(name: string, member: string): Promise<void> {
    await this.client.sRem(this.keys.set(name), member);
  }

  async setMembers(name: string): Promise<string[]> {
    return this.client.sMembers(this.keys.set(name));
  }

  async acquireLease(name: string, owner: string, ttlMs: number): Promise<boolean> {
    assertTtl(ttlMs);
    const reply = await this.client.eval(ACQUIRE_OR_RENEW, {
      keys: [this.keys.lease(name)],
      arguments: [owner, String(ttlMs)],
    });
    return reply === 1;
  }

  async releaseLease(name: string, owner: string): Promise<void> {
    await this.client.eval(RELEASE_IF_HELD, { keys: [this.keys.lease(name)], arguments: [owner] });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.keyv.disconnect();
  }

  /** Takes the record's lock, retrying with short jittered waits so racing replicas do not move in step. */
  private async lock(lockKey: string, token: string, namespace: string, key: string): Promise<void> {
    const deadline = Date.now() + this.lockWaitMs;
    for (;;) {
      const reply = await this.client.set(lockKey, token, {
        condition: 'NX',
        expiration: { type: 'PX', value: this.lockTtlMs },
      });
      if (reply === 'OK') return;
      if (Date.now() >= deadline) {
        throw new StoreLockError(
          `${namespace}/${key} stayed locked for more than ${this.lockWaitMs} ms`,
          namespace,
          key,
        );
      }
      await sleep(5 + Math.random() * 20);
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
