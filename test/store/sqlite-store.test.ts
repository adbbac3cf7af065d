import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import KeyvSqlite from '@keyv/sqlite';
import { createStore } from '../../src/store';
import { createTestClock } from './backends';

/** Counts the rows in the file, read with the SQLite adapter itself rather than through the store. */
async function countRows(file: string): Promise<number> {
  const adapter = new KeyvSqlite({ uri: `sqlite://${file}` });
  try {
    const rows: { n: number }[] = await adapter.query('SELECT count(*) AS n FROM keyv');
    return rows[0]?.n ?? 0;
  } finally {
    await adapter.disconnect();
  }
}

describe('createStore with sqlite://', () => {
  let dir: string;
  let file: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'hosted-bot-sqlite-'));
    file = path.join(dir, 'does', 'not', 'exist', 'yet.sqlite');
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates the file and its missing directories', async () => {
    const store = await createStore({ url: `sqlite://${file}` });
    await store.close();

    expect((await stat(file)).isFile()).toBe(true);
  });

  it('keeps records, sets and leases when the file is closed and opened again', async () => {
    const clock = createTestClock();
    const first = await createStore({ url: `sqlite://${file}`, now: clock.now });
    await first.set('requests', 'REQ-1', { state: 'awaiting_approval', numbers: ['0195551234'] });
    await first.addToSet('requests:open', 'REQ-1');
    await first.acquireLease('poller', 'replica-a', 60_000);
    await first.close();

    const second = await createStore({ url: `sqlite://${file}`, now: clock.now });
    try {
      expect(await second.get('requests', 'REQ-1')).toEqual({
        state: 'awaiting_approval',
        numbers: ['0195551234'],
      });
      expect(await second.setMembers('requests:open')).toEqual(['REQ-1']);
      expect(await second.acquireLease('poller', 'replica-b', 60_000)).toBe(false);
    } finally {
      await second.close();
    }
  });

  it('still honours an expiry after the file is reopened', async () => {
    const clock = createTestClock();
    const first = await createStore({ url: `sqlite://${file}`, now: clock.now });
    await first.set('dedupe', 'event-1', true, 1_000);
    await first.close();
    clock.advance(1_000);

    const second = await createStore({ url: `sqlite://${file}`, now: clock.now });
    try {
      expect(await second.get('dedupe', 'event-1')).toBeUndefined();
    } finally {
      await second.close();
    }
  });

  it('removes expired rows when it opens, so dedupe keys do not pile up', async () => {
    const clock = createTestClock();
    const first = await createStore({ url: `sqlite://${file}`, now: clock.now });
    await first.set('dedupe', 'old', true, 1_000);
    await first.set('dedupe', 'fresh', true, 10_000);
    await first.set('requests', 'REQ-1', 'kept');
    await first.close();
    expect(await countRows(file)).toBe(3);
    clock.advance(5_000);

    const second = await createStore({ url: `sqlite://${file}`, now: clock.now });
    await second.close();

    expect(await countRows(file)).toBe(2);
  });

  it('leaves the rows of another namespace in the same file alone', async () => {
    const clock = createTestClock();
    const other = await createStore({ url: `sqlite://${file}`, namespace: 'other-bot', now: clock.now });
    await other.set('dedupe', 'event-1', 'other', 1_000);
    await other.close();
    clock.advance(5_000);

    const ours = await createStore({ url: `sqlite://${file}`, now: clock.now });
    try {
      await ours.set('dedupe', 'event-1', 'ours');
      expect(await ours.get('dedupe', 'event-1')).toBe('ours');
    } finally {
      await ours.close();
    }
    expect(await countRows(file)).toBe(2);
  });

  it('reads sets that earlier versions wrote as one JSON array, as rows of their own', async () => {
    const first = await createStore({ url: `sqlite://${file}` });
    await first.close();
    const adapter = new KeyvSqlite({ uri: `sqlite://${file}` });
    await adapter.query(`INSERT INTO keyv (key, value) VALUES (?, ?)`, [
      'hosted-bot:set:requests:open',
      JSON.stringify({ value: ['REQ-1', 'REQ-2'] }),
    ]);
    await adapter.disconnect();

    const second = await createStore({ url: `sqlite://${file}` });
    try {
      await second.addToSet('requests:open', 'REQ-3');
      await second.removeFromSet('requests:open', 'REQ-1');
      expect((await second.setMembers('requests:open')).sort()).toEqual(['REQ-2', 'REQ-3']);
    } finally {
      await second.close();
    }
    expect(await countRows(file)).toBe(2);
  });

  it('sees its own writes at once and keeps them across a reopen', async () => {
    const clock = createTestClock();
    const first = await createStore({ url: `sqlite://${file}`, now: clock.now });
    const reads = Array.from({ length: 20 }, () => first.get('requests', 'REQ-1'));
    await first.set('requests', 'REQ-1', { v: 1 });
    await Promise.all(reads);
    expect(await first.get('requests', 'REQ-1')).toEqual({ v: 1 });
    expect(await first.delete('requests', 'REQ-1')).toBe(true);
    expect(await first.get('requests', 'REQ-1')).toBeUndefined();
    await first.set('requests', 'REQ-2', { v: 2 });
    await first.close();

    const second = await createStore({ url: `sqlite://${file}`, now: clock.now });
    try {
      expect(await second.get('requests', 'REQ-1')).toBeUndefined();
      expect(await second.get('requests', 'REQ-2')).toEqual({ v: 2 });
    } finally {
      await second.close();
    }
  });

  it('says which file it could not open', async () => {
    const blocker = path.join(dir, 'a-file');
    const first = await createStore({ url: `sqlite://${blocker}` });
    await first.close();

    await expect(createStore({ url: `sqlite://${blocker}/inside.sqlite` })).rejects.toThrow(/a-file/);
  });
});
