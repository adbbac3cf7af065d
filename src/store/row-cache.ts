import type { LocalBackend } from './local-backends';

/** A row known to be absent. */
const ABSENT = Symbol('absent');

/** Options of {@link CachedBackend}. */
export interface RowCacheOptions {
  /** Most rows kept. Default 20,000. */
  maxRows?: number;
  /** Most characters of row text kept. Default 4 million (about 4 MB: the JSON is mostly ASCII). */
  maxChars?: number;
}

/**
 * A write-through cache of row texts in front of the SQLite backend. Only one process uses a
 * SQLite store (see Store), so every change to a row passes through here and a cached text is
 * never stale; reads of hot rows (a request read four times per notification, its order index,
 * leases) then cost no query. Texts are cached rather than parsed values, so a caller that
 * changes what it was given cannot change what the next caller reads.
 *
 * A read that misses is remembered only if no change to that row finished while it was in
 * flight, so a slow SELECT cannot put back a text that a write has just replaced. Least recently
 * used rows go first when the cache is full.
 */
export class CachedBackend implements LocalBackend {
  private readonly rows = new Map<string, string | typeof ABSENT>();
  private chars = 0;
  private readonly misses = new Map<string, { count: number; stale: boolean }>();
  private readonly maxRows: number;
  private readonly maxChars: number;

  constructor(
    private readonly inner: LocalBackend,
    options: RowCacheOptions = {},
  ) {
    this.maxRows = options.maxRows ?? 20_000;
    this.maxChars = options.maxChars ?? 4_000_000;
  }

  async read(key: string): Promise<string | undefined> {
    const cached = this.rows.get(key);
    if (cached !== undefined) {
      // Most recently used goes last, so eviction from the front drops the coldest rows.
      this.rows.delete(key);
      this.rows.set(key, cached);
      return cached === ABSENT ? undefined : cached;
    }
    let miss = this.misses.get(key);
    if (!miss) {
      miss = { count: 0, stale: false };
      this.misses.set(key, miss);
    }
    miss.count += 1;
    try {
      const text = await this.inner.read(key);
      if (!miss.stale) this.remember(key, text ?? ABSENT);
      return text;
    } finally {
      miss.count -= 1;
      if (miss.count === 0) this.misses.delete(key);
    }
  }

  async write(key: string, text: string): Promise<void> {
    await this.changing(key, () => this.inner.write(key, text));
    this.remember(key, text);
  }

  async writeIfAbsent(key: string, text: string, now: number): Promise<boolean> {
    const written = await this.changing(key, () => this.inner.writeIfAbsent(key, text, now));
    // When refused, a live row we may not hold is there: forget what we had.
    if (written) this.remember(key, text);
    else this.forget(key);
    return written;
  }

  async remove(key: string): Promise<string | undefined> {
    const removed = await this.changing(key, () => this.inner.remove(key));
    this.remember(key, ABSENT);
    return removed;
  }

  addMember(set: string, member: string): Promise<void> {
    return this.inner.addMember(set, member);
  }

  removeMember(set: string, member: string): Promise<void> {
    return this.inner.removeMember(set, member);
  }

  members(set: string): Promise<string[]> {
    return this.inner.members(set);
  }

  async close(): Promise<void> {
    this.rows.clear();
    this.chars = 0;
    await this.inner.close();
  }

  /** Runs a change of `key`; whatever its outcome, a read in flight must not cache what it saw. */
  private async changing<T>(key: string, change: () => Promise<T>): Promise<T> {
    try {
      return await change();
    } catch (error) {
      this.forget(key);
      throw error;
    } finally {
      const miss = this.misses.get(key);
      if (miss) miss.stale = true;
    }
  }

  private remember(key: string, text: string | typeof ABSENT): void {
    this.forget(key);
    const size = text === ABSENT ? 0 : text.length;
    if (size > this.maxChars / 4) return;
    this.rows.set(key, text);
    this.chars += size;
    while (this.rows.size > this.maxRows || this.chars > this.maxChars) {
      const oldest = this.rows.keys().next().value as string;
      this.forget(oldest);
    }
  }

  private forget(key: string): void {
    const text = this.rows.get(key);
    if (text === undefined) return;
    this.rows.delete(key);
    if (text !== ABSENT) this.chars -= text.length;
  }
}
