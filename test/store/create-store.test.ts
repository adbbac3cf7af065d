import { createStore } from '../../src/store';

describe('createStore', () => {
  it('opens an in-memory store for memory://', async () => {
    const store = await createStore({ url: 'memory://' });
    try {
      expect(store.kind).toBe('memory');
    } finally {
      await store.close();
    }
  });

  it('refuses a url it does not know, naming the schemes it does', async () => {
    await expect(createStore({ url: 'postgres://db/bot' })).rejects.toThrow(
      'store url must start with sqlite://, redis:// or memory:// (got postgres://db/bot)',
    );
  });

  it('refuses sqlite:// without a file', async () => {
    await expect(createStore({ url: 'sqlite://' })).rejects.toThrow(/needs a file path/);
  });

  it('refuses a store namespace with a colon', async () => {
    await expect(createStore({ url: 'memory://', namespace: 'a:b' })).rejects.toThrow(/must not contain ':'/);
  });

  it('fails at once when Redis cannot be reached, without showing the password', async () => {
    const attempt = createStore({ url: 'redis://bot:s3cret-pass@127.0.0.1:1' });

    await expect(attempt).rejects.toThrow(
      /^cannot connect to Redis store redis:\/\/bot:\*\*\*@127\.0\.0\.1:1/,
    );
    await expect(attempt).rejects.not.toThrow(/s3cret-pass/);
  });
});
