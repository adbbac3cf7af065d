import { createClient } from '@keyv/redis';

/** Redis of the CI run, when there is one; the Redis suites are skipped without it. */
export const REDIS_URL = process.env.REDIS_URL;

/** `describe` when REDIS_URL is set, else `describe.skip`. */
export const describeWithRedis = REDIS_URL ? describe : describe.skip;

/**
 * REDIS_URL with its own database number, emptied first. Each reliability file uses its own
 * number (10-15), so its leases and locks never meet another suite's, nor another file's.
 */
export async function freshRedisUrl(db: number): Promise<string> {
  if (!REDIS_URL) throw new Error('REDIS_URL is not set');
  const url = new URL(REDIS_URL);
  url.pathname = `/${db}`;
  const client = createClient({ url: url.toString() });
  await client.connect();
  try {
    await client.flushDb();
  } finally {
    await client.close();
  }
  return url.toString();
}

/** The value of one raw key (leases are stored as plain strings). */
export async function redisKeys(url: string, pattern: string): Promise<Record<string, string | null>> {
  const client = createClient({ url });
  await client.connect();
  try {
    const keys = await client.keys(pattern);
    const out: Record<string, string | null> = {};
    for (const key of keys) out[key] = await client.get(key);
    return out;
  } finally {
    await client.close();
  }
}
