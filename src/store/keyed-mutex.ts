/**
 * Runs async work one at a time per key, in arrival order, within this process. It is what makes
 * the SQLite and in-memory stores atomic: only one process uses them, so a process-local lock is
 * enough.
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const done = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => done);
    this.tails.set(key, tail);
    await previous;
    try {
      return await work();
    } finally {
      release();
      // Forget idle keys so the map does not grow with every key ever locked.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
