import { MapBackend } from '../../src/store/local-backends';
import { CachedBackend } from '../../src/store/row-cache';

/** A MapBackend whose reads wait until released, and which counts them. */
class SlowReads extends MapBackend {
  reads = 0;
  private gates: (() => void)[] = [];

  override async read(key: string): Promise<string | undefined> {
    this.reads += 1;
    const gate = new Promise<void>((resolve) => this.gates.push(resolve));
    const text = await super.read(key);
    await gate;
    return text;
  }

  release(): void {
    for (const gate of this.gates.splice(0)) gate();
  }
}

describe('CachedBackend', () => {
  it('answers repeated reads of a row it wrote without asking the backend', async () => {
    const inner = new SlowReads();
    const cache = new CachedBackend(inner);
    await cache.write('k', '{"value":1}');

    expect(await cache.read('k')).toBe('{"value":1}');
    expect(await cache.read('k')).toBe('{"value":1}');
    expect(inner.reads).toBe(0);
  });

  it('does not cache what a slow read saw when a write lands while it is in flight', async () => {
    const inner = new SlowReads();
    await inner.write('k', '{"value":"old"}');
    const cache = new CachedBackend(inner);

    const slow = cache.read('k');
    await cache.write('k', '{"value":"new"}');
    inner.release();

    expect(await slow).toBe('{"value":"old"}');
    expect(await cache.read('k')).toBe('{"value":"new"}');
  });

  it('remembers a removal, and forgets a row a refused conditional write found', async () => {
    const inner = new SlowReads();
    const cache = new CachedBackend(inner);
    await cache.write('k', '{"value":1}');
    await cache.remove('k');
    expect(await cache.read('k')).toBeUndefined();

    await inner.write('other', '{"value":"theirs"}');
    expect(await cache.writeIfAbsent('other', '{"value":"ours"}', 0)).toBe(false);
    const read = cache.read('other');
    inner.release();
    expect(await read).toBe('{"value":"theirs"}');
  });

  it('drops the least recently used rows beyond its size', async () => {
    const inner = new SlowReads();
    const cache = new CachedBackend(inner, { maxRows: 2 });
    await cache.write('a', '1');
    await cache.write('b', '2');
    await cache.read('a');
    await cache.write('c', '3');

    expect(await cache.read('a')).toBe('1');
    expect(await cache.read('c')).toBe('3');
    expect(inner.reads).toBe(0);
    const b = cache.read('b');
    inner.release();
    expect(await b).toBe('2');
    expect(inner.reads).toBe(1);
  });
});
