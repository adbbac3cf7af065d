import { createStore, type Store, StoreLockError } from '../../src/store';
import { deleteRedisKeys, REDIS_URL, redisKeys, sleep, uniqueRedisNamespace } from './backends';

/** Runs only where REDIS_URL names a Redis to test against. */
const describeWithRedis = REDIS_URL ? describe : describe.skip;

describeWithRedis('Store (redis) shared by two replicas', () => {
  let namespace: string;
  let replicaA: Store;
  let replicaB: Store;

  beforeEach(async () => {
    namespace = uniqueRedisNamespace();
    replicaA = await createStore({ url: REDIS_URL!, namespace });
    replicaB = await createStore({ url: REDIS_URL!, namespace });
  });

  afterEach(async () => {
    await replicaA.close();
    await replicaB.close();
    await deleteRedisKeys(`${namespace}:*`);
  });

  it('shows one replica’s writes to the other', async () => {
    await replicaA.set('requests', 'REQ-1', { numbers: ['0195551234'] });
    await replicaA.addToSet('requests:open', 'REQ-1');

    expect(await replicaB.get('requests', 'REQ-1')).toEqual({ numbers: ['0195551234'] });
    expect(await replicaB.setMembers('requests:open')).toEqual(['REQ-1']);
  });

  it('lets exactly one of 20 setIfAbsent calls split across replicas win', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 === 0 ? replicaA : replicaB).setIfAbsent('claims', 'approve', `caller-${i}`, 60_000),
      ),
    );

    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await replicaA.get('claims', 'approve')).toBe(`caller-${results.indexOf(true)}`);
  });

  it('loses none of 50 increments split across replicas', async () => {
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        (i % 2 === 0 ? replicaA : replicaB).update<number>('counters', 'c', (current) => (current ?? 0) + 1),
      ),
    );

    expect(await replicaB.get('counters', 'c')).toBe(50);
  });

  it('keeps the lease with one replica until that replica releases it', async () => {
    expect(await replicaA.acquireLease('poller', 'replica-a', 60_000)).toBe(true);
    expect(await replicaB.acquireLease('poller', 'replica-b', 60_000)).toBe(false);

    await replicaA.releaseLease('poller', 'replica-a');

    expect(await replicaB.acquireLease('poller', 'replica-b', 60_000)).toBe(true);
    expect(await replicaA.acquireLease('poller', 'replica-a', 60_000)).toBe(false);
  });

  it('passes the lease to the other replica when its holder dies and the lease expires', async () => {
    expect(await replicaA.acquireLease('poller', 'replica-a', 300)).toBe(true);
    await replicaA.close();
    await sleep(450);

    expect(await replicaB.acquireLease('poller', 'replica-b', 60_000)).toBe(true);
  });

  it('lets exactly one of 10 replicas’ owners win a race for the lease', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        (i % 2 === 0 ? replicaA : replicaB).acquireLease('poller', `owner-${i}`, 60_000),
      ),
    );

    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('prefixes every key with its namespace and leaves no lock behind', async () => {
    await replicaA.set('requests', 'REQ-1', 'value');
    await replicaA.update<number>('counters', 'c', (current) => (current ?? 0) + 1);
    await replicaA.addToSet('requests:open', 'REQ-1');
    await replicaA.acquireLease('poller', 'replica-a', 60_000);

    expect((await redisKeys(`${namespace}:*`)).sort()).toEqual([
      `${namespace}:kv:counters:c`,
      `${namespace}:kv:requests:REQ-1`,
      `${namespace}:lease:poller`,
      `${namespace}:set:requests:open`,
    ]);
  });

  it('keeps bots with different namespaces apart on the same Redis', async () => {
    const otherNamespace = uniqueRedisNamespace();
    const otherBot = await createStore({ url: REDIS_URL!, namespace: otherNamespace });
    try {
      await replicaA.set('requests', 'REQ-1', 'ours');
      await replicaA.addToSet('requests:open', 'REQ-1');

      expect(await otherBot.get('requests', 'REQ-1')).toBeUndefined();
      expect(await otherBot.setMembers('requests:open')).toEqual([]);
      expect(await otherBot.setIfAbsent('requests', 'REQ-1', 'theirs')).toBe(true);
      expect(await replicaA.get('requests', 'REQ-1')).toBe('ours');
    } finally {
      await otherBot.close();
      await deleteRedisKeys(`${otherNamespace}:*`);
    }
  });
});

describeWithRedis('Store (redis) update locks', () => {
  let namespace: string;
  const opened: Store[] = [];
  const open = async (lockTtlMs: number, lockWaitMs: number): Promise<Store> => {
    const store = await createStore({ url: REDIS_URL!, namespace, lockTtlMs, lockWaitMs });
    opened.push(store);
    return store;
  };

  beforeEach(() => {
    namespace = uniqueRedisNamespace();
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
    await deleteRedisKeys(`${namespace}:*`);
  });

  it('writes nothing when a change outlives its lock, rather than overwriting a newer value', async () => {
    const store = await open(100, 1_000);
    await store.set('counters', 'c', 1);

    const slow = store.update<number>('counters', 'c', async (current) => {
      await sleep(300);
      return (current ?? 0) + 100;
    });
    await sleep(150);
    await store.set('counters', 'c', 2);

    await expect(slow).rejects.toBeInstanceOf(StoreLockError);
    expect(await store.get('counters', 'c')).toBe(2);
  });

  it('fails with StoreLockError when the record stays locked longer than it will wait', async () => {
    const holder = await open(10_000, 1_000);
    const impatient = await open(10_000, 100);
    // The two stores use separate connections, so wait until the holder really holds the lock.
    let locked!: () => void;
    const holderHasLock = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const holding = holder.update<number>('counters', 'c', async () => {
      locked();
      await sleep(1_000);
      return 1;
    });
    await holderHasLock;

    await expect(impatient.update<number>('counters', 'c', () => 2)).rejects.toMatchObject({
      name: 'StoreLockError',
      namespace: 'counters',
      key: 'c',
    });
    await expect(holding).resolves.toBe(1);
    expect(await impatient.get('counters', 'c')).toBe(1);
  });
});
