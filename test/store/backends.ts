import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient } from '@keyv/redis';
import { createStore, type Store, type StoreKind, type StoreOptions } from '../../src/store';

/** A clock the test moves by hand. */
export interface TestClock {
  now: () => number;
  advance: (ms: number) => void;
}

export function createTestClock(start = 1_700_000_000_000): TestClock {
  let current = start;
  return {
    now: () => current,
    advance: (ms) => {
      current += ms;
    },
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * One backend the contract suite runs against. `open` may be called several times in a test
 * (two replicas, or reopening a file); every store it opened shares the same data.
 */
export interface Backend {
  kind: StoreKind;
  /** Whether expiry follows the injected clock (SQLite, memory) or real time (Redis). */
  controllableClock: boolean;
  clock: TestClock;
  open(options?: Partial<StoreOptions>): Promise<Store>;
  /** Lets `ms` of store time pass: moves the test clock, or really waits for Redis. */
  pass(ms: number): Promise<void>;
  /** Closes every store opened and removes what the test left behind. */
  dispose(): Promise<void>;
}

/** A Redis URL to test against, only when the environment names one. */
export const REDIS_URL = process.env.REDIS_URL;

export const BACKEND_KINDS: StoreKind[] = REDIS_URL ? ['memory', 'sqlite', 'redis'] : ['memory', 'sqlite'];

export async function createBackend(kind: StoreKind): Promise<Backend> {
  const clock = createTestClock();
  const opened: Store[] = [];
  const track = async (store: Promise<Store>): Promise<Store> => {
    const ready = await store;
    opened.push(ready);
    return ready;
  };
  const closeAll = () => Promise.all(opened.map((store) => store.close()));

  if (kind === 'memory') {
    // Every memory store is its own world, so "reopening" returns the same instance.
    let store: Promise<Store> | undefined;
    return {
      kind,
      controllableClock: true,
      clock,
      open: (options) => {
        store ??= track(createStore({ url: 'memory://', now: clock.now, ...options }));
        return store;
      },
      pass: async (ms) => clock.advance(ms),
      dispose: async () => {
        await closeAll();
      },
    };
  }

  if (kind === 'sqlite') {
    const dir = await mkdtemp(path.join(tmpdir(), 'hosted-bot-store-'));
    const file = path.join(dir, 'nested', 'store.sqlite');
    return {
      kind,
      controllableClock: true,
      clock,
      open: (options) => track(createStore({ url: `sqlite://${file}`, now: clock.now, ...options })),
      pass: async (ms) => clock.advance(ms),
      dispose: async () => {
        await closeAll();
        await rm(dir, { recursive: true, force: true });
      },
    };
  }

  const namespace = uniqueRedisNamespace();
  return {
    kind,
    controllableClock: false,
    clock,
    open: (options) => track(createStore({ url: REDIS_URL!, namespace, ...options })),
    pass: (ms) => sleep(ms),
    dispose: async () => {
      await closeAll();
      await deleteRedisKeys(`${namespace}:*`);
    },
  };
}

/** A namespace no other run (or other engineer's run) on the same Redis uses. */
export function uniqueRedisNamespace(): string {
  return `hosted-bot-test-${process.pid}-${randomUUID().slice(0, 8)}`;
}

/** Removes the test's keys from the shared Redis; returns the keys it found. */
export async function deleteRedisKeys(pattern: string): Promise<string[]> {
  const found = await redisKeys(pattern);
  if (found.length === 0) return found;
  const client = createClient({ url: REDIS_URL });
  await client.connect();
  try {
    await client.del(found);
  } finally {
    await client.close();
  }
  return found;
}

/** Every key matching `pattern`, read with SCAN so a shared Redis is not blocked. */
export async function redisKeys(pattern: string): Promise<string[]> {
  const client = createClient({ url: REDIS_URL });
  await client.connect();
  try {
    const keys: string[] = [];
    for await (const batch of client.scanIterator({ MATCH: pattern, COUNT: 500 })) keys.push(...batch);
    return keys;
  } finally {
    await client.close();
  }
}
