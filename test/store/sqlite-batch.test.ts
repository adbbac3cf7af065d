import KeyvSqlite from '@keyv/sqlite';
import type { SqlQuery } from '../../src/store/local-backends';
import { SqliteWriteBatcher } from '../../src/store/sqlite-batch';

describe('SqliteWriteBatcher', () => {
  let adapter: KeyvSqlite;
  let statements: number;
  let batcher: SqliteWriteBatcher;

  beforeEach(async () => {
    adapter = new KeyvSqlite({ uri: 'sqlite://:memory:', table: 'keyv' });
    await adapter.query('SELECT 1');
    statements = 0;
    const query: SqlQuery = (sql, ...params) => {
      statements += 1;
      return adapter.query(sql, ...params);
    };
    batcher = new SqliteWriteBatcher(query, 'keyv');
  });

  afterEach(async () => {
    await adapter.disconnect();
  });

  async function value(key: string): Promise<string | undefined> {
    const rows: { value: string }[] = await adapter.query('SELECT value FROM keyv WHERE key = ?', key);
    return rows[0]?.value;
  }

  it('sends writes asked for together as one statement per kind', async () => {
    await Promise.all(
      Array.from({ length: 50 }, (_, i) => batcher.run({ kind: 'upsert', key: `k${i}`, text: `${i}` })),
    );

    expect(statements).toBe(1);
    expect(await value('k49')).toBe('49');
  });

  it('applies writes of one key in the order they were asked for', async () => {
    const done = [
      batcher.run({ kind: 'upsert', key: 'k', text: '"first"' }),
      batcher.run({ kind: 'delete', key: 'k' }),
      batcher.run({ kind: 'upsert', key: 'k', text: '"last"' }),
    ];

    expect(await Promise.all(done)).toEqual([undefined, '"first"', undefined]);
    expect(await value('k')).toBe('"last"');
  });

  it('tells each conditional write whether it wrote, and replaces only expired rows', async () => {
    await batcher.run({ kind: 'upsert', key: 'live', text: '{"value":1,"expiresAt":200}' });
    await batcher.run({ kind: 'upsert', key: 'expired', text: '{"value":1,"expiresAt":50}' });

    const outcomes = await Promise.all(
      ['live', 'expired', 'new'].map((key) =>
        batcher.run<boolean>({ kind: 'ifAbsent', key, text: '{"value":2}', now: 100 }),
      ),
    );

    expect(outcomes).toEqual([false, true, true]);
    expect(await value('live')).toBe('{"value":1,"expiresAt":200}');
    expect(await value('expired')).toBe('{"value":2}');
  });

  it('rejects every write of a statement that fails', async () => {
    await adapter.query('DROP TABLE keyv');

    await expect(batcher.run({ kind: 'upsert', key: 'k', text: '1' })).rejects.toThrow(/no such table/);
  });
});
