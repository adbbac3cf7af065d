import type { StoreKeys } from './keys';
import { SqliteWriteBatcher } from './sqlite-batch';

/**
 * Where a {@link LocalStore} keeps its rows. A row is the JSON text of `{ value, expiresAt? }`
 * under its whole key; the store decides what is live (its clock) and runs the compound
 * operations under its per-key mutex. A backend only has to make each call atomic on its own.
 */
export interface LocalBackend {
  /** The row's text, or undefined. */
  read(key: string): Promise<string | undefined>;
  write(key: string, text: string): Promise<void>;
  /** Writes the row unless a live one (no expiresAt, or one after `now`) is there; true when written. */
  writeIfAbsent(key: string, text: string, now: number): Promise<boolean>;
  /** Removes the row; returns the text it had, or undefined. */
  remove(key: string): Promise<string | undefined>;
  /** Set operations take the set's name (as given to the store, already checked). */
  addMember(set: string, member: string): Promise<void>;
  removeMember(set: string, member: string): Promise<void>;
  members(set: string): Promise<string[]>;
  close(): Promise<void>;
}

/** Whether a row's text is live at `now` (it has no expiresAt, or one after `now`). */
export function isLive(text: string, now: number): boolean {
  const { expiresAt } = JSON.parse(text) as { expiresAt?: number };
  return expiresAt === undefined || expiresAt > now;
}

/** memory://: rows as text in a Map (one compact string per record), sets as native Sets. */
export class MapBackend implements LocalBackend {
  private readonly rows = new Map<string, string>();
  private readonly sets = new Map<string, Set<string>>();

  async read(key: string): Promise<string | undefined> {
    return this.rows.get(key);
  }

  async write(key: string, text: string): Promise<void> {
    this.rows.set(key, text);
  }

  async writeIfAbsent(key: string, text: string, now: number): Promise<boolean> {
    const current = this.rows.get(key);
    if (current !== undefined && isLive(current, now)) return false;
    this.rows.set(key, text);
    return true;
  }

  async remove(key: string): Promise<string | undefined> {
    const current = this.rows.get(key);
    this.rows.delete(key);
    return current;
  }

  async addMember(set: string, member: string): Promise<void> {
    const members = this.sets.get(set);
    if (members) members.add(member);
    else this.sets.set(set, new Set([member]));
  }

  async removeMember(set: string, member: string): Promise<void> {
    const members = this.sets.get(set);
    if (!members?.delete(member)) return;
    if (members.size === 0) this.sets.delete(set);
  }

  async members(set: string): Promise<string[]> {
    return [...(this.sets.get(set) ?? [])];
  }

  async close(): Promise<void> {
    this.rows.clear();
    this.sets.clear();
  }
}

/** Runs one SQL statement and gives its rows (`@keyv/sqlite`'s `query`). */
export type SqlQuery = (sql: string, ...params: unknown[]) => Promise<Record<string, unknown>[]>;

/**
 * sqlite://: one table of key/value rows (the one `@keyv/sqlite` creates). Every write is one row
 * of a single statement, so each is atomic without a transaction, and none reads a row only to
 * write it back; writes that arrive together share a statement (./sqlite-batch).
 *
 * A set is one row per member (`{prefix}:set-member:{name, URI-encoded}:{member}`), listed with a
 * range scan of the primary key: adding or removing a member writes one small row instead of
 * rewriting the whole set, which is what held notification ingest at 164/s (docs/BENCHMARKS.md,
 * row 2). The name is encoded so that it holds no ':' and one set's range never covers another's.
 */
export class SqliteBackend implements LocalBackend {
  private readonly memberPrefix: string;
  private readonly batch: SqliteWriteBatcher;

  constructor(
    private readonly query: SqlQuery,
    private readonly table: string,
    keys: StoreKeys,
    private readonly disconnect: () => Promise<void>,
  ) {
    this.memberPrefix = `${keys.prefix}:set-member:`;
    this.batch = new SqliteWriteBatcher(query, table);
  }

  async read(key: string): Promise<string | undefined> {
    const rows = await this.query(`SELECT value FROM ${this.table} WHERE key = ?`, key);
    return rows[0]?.value as string | undefined;
  }

  write(key: string, text: string): Promise<void> {
    return this.batch.run({ kind: 'upsert', key, text });
  }

  writeIfAbsent(key: string, text: string, now: number): Promise<boolean> {
    return this.batch.run({ kind: 'ifAbsent', key, text, now });
  }

  remove(key: string): Promise<string | undefined> {
    return this.batch.run({ kind: 'delete', key });
  }

  addMember(set: string, member: string): Promise<void> {
    return this.batch.run({ kind: 'insert', key: this.memberKey(set, member), text: '1' });
  }

  async removeMember(set: string, member: string): Promise<void> {
    await this.batch.run({ kind: 'delete', key: this.memberKey(set, member) });
  }

  async members(set: string): Promise<string[]> {
    const from = this.memberKey(set, '');
    // ';' follows ':' in every collation SQLite uses for text, so this is exactly the keys starting with `from`.
    const to = `${from.slice(0, -1)};`;
    const rows = await this.query(`SELECT key FROM ${this.table} WHERE key >= ? AND key < ?`, from, to);
    return rows.map((row) => (row.key as string).slice(from.length));
  }

  /**
   * Turns sets written by earlier versions (one JSON array under `{prefix}:set:{name}`) into member
   * rows. Members are written before the array is removed, so a crash in between leaves both, and
   * the next start merges them again.
   */
  async migrateArraySets(setKeyPrefix: string): Promise<number> {
    const rows = await this.query(
      `SELECT key, value FROM ${this.table} WHERE key >= ? AND key < ?`,
      setKeyPrefix,
      `${setKeyPrefix.slice(0, -1)};`,
    );
    for (const row of rows) {
      const name = (row.key as string).slice(setKeyPrefix.length);
      let members: unknown;
      try {
        members = (JSON.parse(row.value as string) as { value?: unknown }).value;
      } catch {
        continue;
      }
      if (!Array.isArray(members)) continue;
      const strings = members.filter((member): member is string => typeof member === 'string');
      await Promise.all(strings.map((member) => this.addMember(name, member)));
      await this.query(`DELETE FROM ${this.table} WHERE key = ?`, row.key);
    }
    return rows.length;
  }

  async close(): Promise<void> {
    await this.batch.idle();
    await this.disconnect();
  }

  private memberKey(set: string, member: string): string {
    return `${this.memberPrefix}${encodeURIComponent(set)}:${member}`;
  }
}
