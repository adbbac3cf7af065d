import type { Store } from '../../src/store';
import { BACKEND_KINDS, type Backend, createBackend } from './backends';

/** The behaviour every backend promises; Redis joins when REDIS_URL is set. */
describe.each(BACKEND_KINDS)('Store (%s)', (kind) => {
  let backend: Backend;
  let store: Store;

  beforeEach(async () => {
    backend = await createBackend(kind);
    store = await backend.open();
  });

  afterEach(async () => {
    await backend.dispose();
  });

  it('reports which backend it uses', () => {
    expect(store.kind).toBe(kind);
  });

  describe('get, set and delete', () => {
    it.each([
      ['a string with a leading zero', '0123'],
      ['a number-like string', '9195551234'],
      ['a number', 42],
      ['zero', 0],
      ['false', false],
      ['null', null],
      ['an empty string', ''],
      ['an array', ['0919', 1, { nested: true }]],
      [
        'a nested object',
        { id: 'REQ-0042', numbers: ['0195551234'], audit: [{ at: '2026-01-01', by: 'U1' }] },
      ],
    ])('gives back %s exactly as stored', async (_label, value) => {
      await store.set('requests', 'key', value);

      expect(await store.get('requests', 'key')).toStrictEqual(value);
    });

    it('returns undefined for a key never set', async () => {
      expect(await store.get('requests', 'missing')).toBeUndefined();
    });

    it('keeps records of different namespaces and keys apart', async () => {
      await store.set('requests', 'a', 'request a');
      await store.set('orders', 'a', 'order a');
      await store.set('requests', 'a:b', 'request a:b');

      expect(await store.get('requests', 'a')).toBe('request a');
      expect(await store.get('orders', 'a')).toBe('order a');
      expect(await store.get('requests', 'a:b')).toBe('request a:b');
    });

    it('replaces a value on a second set', async () => {
      await store.set('requests', 'key', { v: 1 });
      await store.set('requests', 'key', { v: 2 });

      expect(await store.get('requests', 'key')).toEqual({ v: 2 });
    });

    it('deletes a record and says whether there was one', async () => {
      await store.set('requests', 'key', 'value');

      expect(await store.delete('requests', 'key')).toBe(true);
      expect(await store.get('requests', 'key')).toBeUndefined();
      expect(await store.delete('requests', 'key')).toBe(false);
    });

    it('forgets a value once its TTL has passed', async () => {
      await store.set('dedupe', 'key', 'value', 300);
      if (backend.controllableClock) {
        await backend.pass(299);
        expect(await store.get('dedupe', 'key')).toBe('value');
      }
      await backend.pass(backend.controllableClock ? 1 : 450);

      expect(await store.get('dedupe', 'key')).toBeUndefined();
      expect(await store.delete('dedupe', 'key')).toBe(false);
    });

    it('keeps a value set without TTL however much time passes', async () => {
      await store.set('requests', 'key', 'value');
      await backend.pass(backend.controllableClock ? 365 * 24 * 3_600_000 : 50);

      expect(await store.get('requests', 'key')).toBe('value');
    });

    it('refuses values JSON cannot carry and TTLs that are not positive whole milliseconds', async () => {
      await expect(store.set('requests', 'key', undefined)).rejects.toThrow(TypeError);
      await expect(store.set('requests', 'key', 'v', 0)).rejects.toThrow(RangeError);
      await expect(store.set('requests', 'key', 'v', -5)).rejects.toThrow(RangeError);
      await expect(store.setIfAbsent('requests', 'key', 'v', 1.5)).rejects.toThrow(RangeError);
      expect(await store.get('requests', 'key')).toBeUndefined();
    });

    it('refuses a namespace with a colon, which would make two keys collide', async () => {
      await expect(store.set('a:b', 'c', 1)).rejects.toThrow(/must not contain ':'/);
      await expect(store.get('', 'c')).rejects.toThrow(/must not be empty/);
    });
  });

  describe('setIfAbsent', () => {
    it('stores the first value and refuses later ones', async () => {
      expect(await store.setIfAbsent('dedupe', 'event-1', 'first')).toBe(true);
      expect(await store.setIfAbsent('dedupe', 'event-1', 'second')).toBe(false);

      expect(await store.get('dedupe', 'event-1')).toBe('first');
    });

    it('lets the key be claimed again once the first claim has expired', async () => {
      expect(await store.setIfAbsent('dedupe', 'event-1', 'first', 300)).toBe(true);
      await backend.pass(backend.controllableClock ? 300 : 450);

      expect(await store.setIfAbsent('dedupe', 'event-1', 'second', 300)).toBe(true);
      expect(await store.get('dedupe', 'event-1')).toBe('second');
    });

    it('lets exactly one of 20 concurrent callers win, and keeps the winner’s value', async () => {
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => store.setIfAbsent('claims', 'approve', `caller-${i}`, 60_000)),
      );

      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store.get('claims', 'approve')).toBe(`caller-${results.indexOf(true)}`);
    });
  });

  describe('update', () => {
    it('creates a record from nothing and returns the stored value', async () => {
      const result = await store.update<{ count: number }>('counters', 'c', (current) => ({
        count: (current?.count ?? 0) + 1,
      }));

      expect(result).toEqual({ count: 1 });
      expect(await store.get('counters', 'c')).toEqual({ count: 1 });
    });

    it('leaves the record unchanged when the change returns undefined, and returns the current value', async () => {
      await store.set('counters', 'c', { count: 7 });

      const result = await store.update('counters', 'c', () => undefined);

      expect(result).toEqual({ count: 7 });
      expect(await store.get('counters', 'c')).toEqual({ count: 7 });
    });

    it('accepts an async change', async () => {
      const result = await store.update<number>('counters', 'c', async (current) => (current ?? 10) * 2);

      expect(result).toBe(20);
    });

    it('loses none of 50 concurrent increments', async () => {
      await Promise.all(
        Array.from({ length: 50 }, () =>
          store.update<number>('counters', 'c', (current) => (current ?? 0) + 1),
        ),
      );

      expect(await store.get('counters', 'c')).toBe(50);
    });

    it('keeps the record’s expiry', async () => {
      // With Redis' real clock, room enough that a busy machine does not expire it too early.
      const ttlMs = backend.controllableClock ? 400 : 1_500;
      await store.set('counters', 'c', 1, ttlMs);
      await store.update<number>('counters', 'c', (current) => (current ?? 0) + 1);
      expect(await store.get('counters', 'c')).toBe(2);

      await backend.pass(backend.controllableClock ? ttlMs : ttlMs + 200);

      expect(await store.get('counters', 'c')).toBeUndefined();
    });

    it('writes nothing when the change throws, and frees the record for the next update', async () => {
      await store.set('counters', 'c', 1);

      await expect(
        store.update('counters', 'c', () => {
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');

      expect(await store.get('counters', 'c')).toBe(1);
      expect(await store.update<number>('counters', 'c', (current) => (current ?? 0) + 1)).toBe(2);
    });
  });

  describe('sets', () => {
    it('keeps each member once and forgets removed ones', async () => {
      await store.addToSet('requests:open', 'REQ-1');
      await store.addToSet('requests:open', 'REQ-2');
      await store.addToSet('requests:open', 'REQ-1');
      await store.removeFromSet('requests:open', 'REQ-2');
      await store.removeFromSet('requests:open', 'REQ-never-added');

      expect(await store.setMembers('requests:open')).toEqual(['REQ-1']);
    });

    it('returns an empty list for a set never written or emptied', async () => {
      await store.addToSet('requests:open', 'REQ-1');
      await store.removeFromSet('requests:open', 'REQ-1');

      expect(await store.setMembers('requests:open')).toEqual([]);
      expect(await store.setMembers('requests:none')).toEqual([]);
    });

    it('keeps every member of 30 concurrent additions', async () => {
      const ids = Array.from({ length: 30 }, (_, i) => `REQ-${String(i).padStart(3, '0')}`);

      await Promise.all(ids.map((id) => store.addToSet('requests:open', id)));

      expect((await store.setMembers('requests:open')).sort()).toEqual(ids);
    });

    it('keeps apart sets whose names begin with one another', async () => {
      await store.addToSet('requests:user:U1', 'REQ-1');
      await store.addToSet('requests:user:U1:x', 'REQ-2');
      await store.addToSet('requests:user:U', 'REQ-3');

      expect(await store.setMembers('requests:user:U1')).toEqual(['REQ-1']);
      expect(await store.setMembers('requests:user:U1:x')).toEqual(['REQ-2']);
      expect(await store.setMembers('requests:user:U')).toEqual(['REQ-3']);
    });

    it('keeps members that hold colons and percent signs as they were given', async () => {
      await store.addToSet('requests:open', 'C1:170.5%_x');

      expect(await store.setMembers('requests:open')).toEqual(['C1:170.5%_x']);
    });

    it('keeps a set apart from a record of the same name', async () => {
      await store.addToSet('open', 'REQ-1');
      await store.set('open', 'x', 'record');

      expect(await store.setMembers('open')).toEqual(['REQ-1']);
    });
  });

  describe('leases', () => {
    it('is held by one owner at a time', async () => {
      expect(await store.acquireLease('poller', 'replica-a', 60_000)).toBe(true);
      expect(await store.acquireLease('poller', 'replica-b', 60_000)).toBe(false);
    });

    it('is renewed by its holder', async () => {
      expect(await store.acquireLease('poller', 'replica-a', 400)).toBe(true);
      if (backend.controllableClock) await backend.pass(300);

      expect(await store.acquireLease('poller', 'replica-a', 60_000)).toBe(true);
      await backend.pass(backend.controllableClock ? 300 : 550);

      expect(await store.acquireLease('poller', 'replica-b', 60_000)).toBe(false);
    });

    it('is given up only by its holder', async () => {
      await store.acquireLease('poller', 'replica-a', 60_000);

      await store.releaseLease('poller', 'replica-b');
      expect(await store.acquireLease('poller', 'replica-b', 60_000)).toBe(false);

      await store.releaseLease('poller', 'replica-a');
      expect(await store.acquireLease('poller', 'replica-b', 60_000)).toBe(true);
    });

    it('passes to a second owner when the holder lets it expire', async () => {
      await store.acquireLease('poller', 'replica-a', 300);
      await backend.pass(backend.controllableClock ? 300 : 450);

      expect(await store.acquireLease('poller', 'replica-b', 60_000)).toBe(true);
      expect(await store.acquireLease('poller', 'replica-a', 60_000)).toBe(false);
    });

    it('goes to exactly one of 10 owners racing for it', async () => {
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => store.acquireLease('poller', `replica-${i}`, 60_000)),
      );

      expect(results.filter(Boolean)).toHaveLength(1);
    });
  });

  it('can be closed twice', async () => {
    await store.close();
    await expect(store.close()).resolves.toBeUndefined();
  });
});
