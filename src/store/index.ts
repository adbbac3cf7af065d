export { createStore } from './create-store';
export { type Store, StoreLockError, type StoreKind, type StoreOptions } from './store';
