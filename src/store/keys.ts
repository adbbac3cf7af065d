import { Keyv, type KeyvStoreAdapter } from 'keyv';

/**
 * Where every record lives. All keys start with the store's namespace so several bots can share
 * one Redis (or one SQLite file); the second segment keeps records, sets, leases and locks apart
 * even when their names are equal.
 */
export class StoreKeys {
  constructor(readonly prefix: string) {
    assertName('store namespace', prefix, false);
  }

  record(namespace: string, key: string): string {
    assertName('namespace', namespace, false);
    assertName('key', key, true);
    return `${this.prefix}:kv:${namespace}:${key}`;
  }

  set(name: string): string {
    assertName('set name', name, true);
    return `${this.prefix}:set:${name}`;
  }

  lease(name: string): string {
    assertName('lease name', name, true);
    return `${this.prefix}:lease:${name}`;
  }

  lock(namespace: string, key: string): string {
    assertName('namespace', namespace, false);
    assertName('key', key, true);
    return `${this.prefix}:lock:${namespace}:${key}`;
  }

  /** The pattern that matches every key of this store, for clean-up. */
  all(): string {
    return `${this.prefix}:*`;
  }
}

/** A colon in a namespace would make `a:b` + `c` and `a` + `b:c` the same key. */
function assertName(what: string, value: string, colonAllowed: boolean): void {
  if (value === '') throw new TypeError(`${what} must not be empty`);
  if (!colonAllowed && value.includes(':')) {
    throw new TypeError(`${what} must not contain ':' (got ${value})`);
  }
}

/**
 * A keyv over `store` that stores exactly the JSON of each value, with no key prefix of its own
 * (StoreKeys builds whole keys) and no expiry stamp: keyv's stamp is read with the machine's
 * clock, while records here expire by the store's clock (the injected `now`, or Redis' own TTL).
 * Errors are thrown, not swallowed: a failed read must not look like a missing record.
 */
export function createJsonKeyv(store: KeyvStoreAdapter | Map<string, string>): Keyv {
  return new Keyv(store as KeyvStoreAdapter, {
    namespace: undefined,
    useKeyPrefix: false,
    throwOnErrors: true,
    serialize: (data) => JSON.stringify(data.value),
    deserialize: (text) => ({ value: JSON.parse(text) }),
  });
}

/** The JSON text a record is stored as; refuses values JSON cannot carry. */
export function encodeValue(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) throw new TypeError('store values must be JSON (got undefined or a function)');
  return text;
}
