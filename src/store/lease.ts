import type { Store } from './store';

/**
 * How long a lease outlives its holder. The holder renews it every third of this while it works,
 * so the work may take as long as it needs; a holder that dies (kill -9, a lost machine) frees
 * the lease this long after its last renewal, and a restarted process or another replica goes on.
 * Short, because a crashed bot restarted at once would otherwise wait out a dead holder's lease
 * before finishing the work that crash interrupted.
 */
export const DEFAULT_LEASE_MS = 10_000;

/** A lease being held: whether it still is (a renewal can find it taken after a long stall). */
export interface HeldLease {
  readonly held: boolean;
}

export interface LeaseOptions {
  ttlMs?: number;
  /** Told when a renewal fails or finds the lease gone; the work goes on, callers may check `held`. */
  onLost?: (error?: unknown) => void;
}

/**
 * Runs `work` while holding the lease `name` as `owner`, renewing it in the background, and gives
 * it up afterwards. Returns `{ busy: true }` without running `work` when someone else holds it.
 *
 * @example
 * const outcome = await withLease(store, `workflow:submit:${id}`, owner, () => createOrders(id));
 * if (outcome.busy) return; // another replica is on it
 */
export async function withLease<T>(
  store: Pick<Store, 'acquireLease' | 'releaseLease'>,
  name: string,
  owner: string,
  work: (lease: HeldLease) => Promise<T>,
  options: LeaseOptions = {},
): Promise<{ busy: true } | { busy: false; value: T }> {
  const ttlMs = options.ttlMs ?? DEFAULT_LEASE_MS;
  if (!(await store.acquireLease(name, owner, ttlMs))) return { busy: true };
  const state = { held: true };
  let renewing: Promise<void> = Promise.resolve();
  const timer = setInterval(
    () => {
      renewing = store.acquireLease(name, owner, ttlMs).then(
        (still) => {
          if (!still && state.held) {
            state.held = false;
            options.onLost?.();
          }
        },
        (error: unknown) => options.onLost?.(error),
      );
    },
    Math.max(1, Math.floor(ttlMs / 3)),
  );
  timer.unref();
  try {
    return { busy: false, value: await work(state) };
  } finally {
    clearInterval(timer);
    await renewing;
    // A release that fails is harmless: the lease runs out on its own within ttlMs.
    await store.releaseLease(name, owner).catch(() => undefined);
  }
}
