import type { ApiVersion } from './numbers-format';

/** One path segment; `+` stays literal so E.164 numbers read naturally in paths. */
export function segment(value: string): string {
  return encodeURIComponent(value).replace(/%2B/g, '+');
}

/**
 * The paths of the Dashboard API under `apiUrl`. v2 prefixes `/v2` and moves the messaging order
 * collections to `/importTnOrders/messaging` and `/removeImportedTnOrders/messaging`; the checker
 * and the other paths keep their v1 names (BANDWIDTH.md §0).
 */
export function apiPaths(accountId: string, version: ApiVersion) {
  const account = `${version === 'v2' ? '/v2' : ''}/accounts/${segment(accountId)}`;
  const messaging = version === 'v2' ? '/messaging' : '';
  const importOrders = `${account}/importTnOrders${messaging}`;
  const removeOrders = `${account}/removeImportedTnOrders${messaging}`;
  const importOrder = (orderId: string) => `${importOrders}/${segment(orderId)}`;
  const loas = (orderId: string) => `${importOrder(orderId)}/loas`;
  const loa = (orderId: string, fileName: string) => `${loas(orderId)}/${segment(fileName)}`;
  return {
    checker: `${account}/importTnChecker`,
    importOrders,
    importOrder,
    importOrderHistory: (orderId: string) => `${importOrder(orderId)}/history`,
    loas,
    loa,
    loaMetadata: (orderId: string, fileName: string) => `${loa(orderId, fileName)}/metadata`,
    removeOrders,
    removeOrder: (orderId: string) => `${removeOrders}/${segment(orderId)}`,
    removeOrderHistory: (orderId: string) => `${removeOrders}/${segment(orderId)}/history`,
    subscriptions: `${account}/subscriptions`,
    subscription: (id: string) => `${account}/subscriptions/${segment(id)}`,
    inService: (wireTn: string) => `${account}/inserviceNumbers/${segment(wireTn)}`,
  };
}

export type ApiPaths = ReturnType<typeof apiPaths>;
