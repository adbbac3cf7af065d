import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { RedisClientType } from '@keyv/redis';
import { createJsonKeyv, StoreKeys } from './keys';
import { MapBackend, SqliteBackend, type SqlQuery } from './local-backends';
import { LocalStore } from './local-store';
import { RedisStore } from './redis-store';
import { CachedBackend } from './row-cache';
import type { Store, StoreOptions } from './store';

const SQLITE_PREFIX = 'sqlite://';
/** @keyv/sqlite's table; pruning deletes from it directly. */
const SQLITE_TABLE = 'keyv';

/**
 * Opens the store named by `url` (see {@link StoreOptions}). Fails at once, with a message that
 * names the store but never its password, when the file cannot be opened or Redis cannot be
 * reached.
 *
 * @example
 * const store = await createStore({ url: 'sqlite://data/hosted-bot.sqlite' });
 */
export async function createStore(options: StoreOptions): Promise<Store> {
  const { url, namespace = 'hosted-bot', now = Date.now, onError = () => {} } = options;
  const keys = new StoreKeys(namespace);
  if (url === 'memory://') {
    return new LocalStore({ kind: 'memory', backend: new MapBackend(), keys, now, onError });
  }
  if (url.startsWith(SQLITE_PREFIX)) {
    return openSqlite(url.slice(SQLITE_PREFIX.length), keys, now, onError);
  }
  if (/^rediss?:\/\//.test(url)) {
    return openRedis(url, keys, options.lockTtlMs ?? 30_000, options.lockWaitMs ?? 10_000, onError);
  }
  throw new TypeError(`store url must start with sqlite://, redis:// or memory:// (got ${redactUrl(url)})`);
}

async function openSqlite(
  file: string,
  keys: StoreKeys,
  now: () => number,
  onError: (error: Error) => void,
): Promise<Store> {
  if (file === '')
    throw new TypeError('sqlite:// store url needs a file path, e.g. sqlite://data/hosted-bot.sqlite');
  if (file !== ':memory:') await mkdir(path.dirname(file), { recursive: true });
  // Loaded only for the store in use: the Redis client alone is some 10 MB resident (BENCHMARKS.md, row 6).
  const { default: KeyvSqlite } = await import('@keyv/sqlite');
  const adapter = new KeyvSqlite({ uri: `${SQLITE_PREFIX}${file}`, table: SQLITE_TABLE, busyTimeout: 5_000 });
  try {
    await adapter.query('SELECT 1');
  } catch (error) {
    throw new Error(`cannot open SQLite store ${file}: ${(error as Error).message}`, { cause: error });
  }
  // Every notification writes several rows, and in the default rollback journal each write is its
  // own fsync'd transaction. WAL with synchronous=NORMAL keeps the database consistent after a crash
  // and took notification ingest from 78/s to 176/s on the benchmark (docs/BENCHMARKS.md, row 2).
  if (file !== ':memory:') {
    await adapter.query('PRAGMA journal_mode = WAL');
    await adapter.query('PRAGMA synchronous = NORMAL');
  }
  const likePrefix = `${keys.prefix.replace(/[\\%_]/g, '\\$&')}:%`;
  // Dedupe keys are written once and rarely read again, so expired rows are removed in bulk;
  // json_valid guards against rows some other program put in the same table.
  const prune = async (): Promise<void> => {
    await adapter.query(
      `DELETE FROM ${SQLITE_TABLE} WHERE key LIKE ? ESCAPE '\\'
         AND (CASE WHEN json_valid(value) THEN json_extract(value, '$.expiresAt') END) <= ?`,
      [likePrefix, now()],
    );
  };
  await prune();
  const backend = new SqliteBackend(adapter.query as SqlQuery, SQLITE_TABLE, keys, () =>
    adapter.disconnect(),
  );
  await backend.migrateArraySets(`${keys.prefix}:set:`);
  return new LocalStore({ kind: 'sqlite', backend: new CachedBackend(backend), keys, now, prune, onError });
}

async function openRedis(
  url: string,
  keys: StoreKeys,
  lockTtlMs: number,
  lockWaitMs: number,
  onError: (error: Error) => void,
): Promise<Store> {
  const { default: KeyvRedis, createClient } = await import('@keyv/redis');
  let connected = false;
  const client = createClient({
    url,
    // Fail calls at once while the connection is down instead of queueing them behind a Slack ack.
    disableOfflineQueue: true,
    socket: {
      // Before the first connection, give up so a wrong STORE_URL stops the start; after it, keep
      // retrying. A fresh Error, because node-redis tests `instanceof Error` and socket errors may
      // come from another realm (as under jest), which would read as "retry forever".
      reconnectStrategy: (retries: number, cause: Error) =>
        connected ? Math.min(100 * 2 ** retries, 3_000) : new Error(cause.message),
    },
  }) as RedisClientType;
  client.on('error', (error: Error) => {
    if (connected) onError(error);
  });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`cannot connect to Redis store ${redactUrl(url)}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  connected = true;
  const adapter = new KeyvRedis(client, { throwOnErrors: true, throwOnConnectError: true });
  return new RedisStore({ keyv: createJsonKeyv(adapter), client, keys, lockTtlMs, lockWaitMs });
}

/** The url without its password, for messages and logs. */
function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//***@');
  }
}
