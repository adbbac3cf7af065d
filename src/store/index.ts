export { createStore } from './create-store';
export { DEFAULT_LEASE_MS, type HeldLease, type LeaseOptions, withLease } from './lease';
export { type Store, type StoreKind, StoreLockError, type StoreOptions } from './store';
