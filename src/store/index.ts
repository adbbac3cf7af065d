export { createStore } from './create-store';
export { type Store, type StoreKind, StoreLockError, type StoreOptions } from './store';
