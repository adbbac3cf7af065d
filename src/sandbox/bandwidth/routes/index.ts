import { buildXml } from '../../../xml';
import { emptyResponse, type SimResponse } from '../http-util';
import { parseTnLenient } from '../numbers';
import { checkNumbers } from './checker';
import type { RouteContext } from './context';
import { handleLoas } from './loas';
import {
  createImportOrder,
  createRemoveOrder,
  getOrder,
  getOrderHistory,
  listOrders,
  methodNotAllowed,
} from './orders';
import { handleSubscriptions } from './subscriptions';

export type { RouteContext } from './context';

/**
 * Dispatches a request below `/accounts/{accountId}`. Path segments are matched
 * case-insensitively: the SDKs use both `importTnOrders` and `importtnorders` (BANDWIDTH.md §0).
 * In v2, import and remove orders live under `/messaging` (§0, "Universal Platform").
 */
export function route(ctx: RouteContext): SimResponse {
  const lower = ctx.segments.map((s) => s.toLowerCase());
  const [head] = lower;
  if (head === 'importtnchecker' && lower.length === 1) {
    return ctx.method === 'POST' ? checkNumbers(ctx) : methodNotAllowed(['POST']);
  }
  if (head === 'importtnorders' || head === 'removeimportedtnorders') {
    const kind = head === 'importtnorders' ? 'import' : 'remove';
    let rest = ctx.segments.slice(1);
    let collection = ctx.segments[0]!;
    if (ctx.version === 'v2') {
      if (rest[0]?.toLowerCase() !== 'messaging') return emptyResponse(404);
      collection = `${collection}/${rest[0]}`;
      rest = rest.slice(1);
    }
    return orders(ctx, kind, collection, rest);
  }
  if (head === 'subscriptions' && lower.length <= 2) return handleSubscriptions(ctx, ctx.segments[1]);
  if (head === 'inservicenumbers' && lower.length <= 2) {
    if (ctx.method !== 'GET') return methodNotAllowed(['GET']);
    return lower.length === 1 ? listInService(ctx) : inService(ctx, ctx.segments[1]!);
  }
  return emptyResponse(404);
}

function orders(
  ctx: RouteContext,
  kind: 'import' | 'remove',
  collection: string,
  rest: string[],
): SimResponse {
  const [id, sub, ...more] = rest;
  if (id === undefined) {
    if (ctx.method === 'GET') return listOrders(ctx, kind);
    if (ctx.method === 'POST') {
      return kind === 'import' ? createImportOrder(ctx, collection) : createRemoveOrder(ctx, collection);
    }
    return methodNotAllowed(['GET', 'POST']);
  }
  if (sub === undefined) return ctx.method === 'GET' ? getOrder(ctx, kind, id) : methodNotAllowed(['GET']);
  const subLower = sub.toLowerCase();
  if (subLower === 'history' && more.length === 0) {
    return ctx.method === 'GET' ? getOrderHistory(ctx, kind, id) : methodNotAllowed(['GET']);
  }
  if (subLower === 'loas' && kind === 'import')
    return handleLoas(ctx, id, more, `${ctx.accountUrl}/${collection}`);
  return emptyResponse(404);
}

/** `GET /inserviceNumbers/{tn}`: 200 with no body when imported here, 404 otherwise (§1.9). */
function inService(ctx: RouteContext, raw: string): SimResponse {
  const tn = parseTnLenient(raw);
  return emptyResponse(tn !== undefined && ctx.state.inService.has(tn) ? 200 : 404);
}

/** `GET /inserviceNumbers?page&size`: the numbers imported here, or 204 when none (§1.9). */
function listInService(ctx: RouteContext): SimResponse {
  const all = [...ctx.state.inService].sort();
  const page = Math.max(1, Number.parseInt(ctx.query.get('page') ?? '1', 10) || 1);
  const size = Math.min(5000, Math.max(1, Number.parseInt(ctx.query.get('size') ?? '300', 10) || 300));
  const slice = all.slice((page - 1) * size, page * size);
  if (slice.length === 0) return emptyResponse(204);
  const link = (p: number) => `<${ctx.accountUrl}/inserviceNumbers?page=${p}&size=${size}>`;
  const numbers = slice.map((tn) => (ctx.version === 'v2' ? `+1${tn}` : tn));
  return {
    status: 200,
    headers: { 'content-type': 'application/xml' },
    body: buildTns(all.length, link(1), page * size < all.length ? link(page + 1) : undefined, numbers),
  };
}

function buildTns(total: number, first: string, next: string | undefined, numbers: string[]): string {
  return buildXml({
    TNs: {
      TotalCount: total,
      Links: { first: `${first};rel="first";`, next: next === undefined ? undefined : `${next};rel="next";` },
      TelephoneNumbers: { Count: numbers.length, TelephoneNumber: numbers },
    },
  });
}
