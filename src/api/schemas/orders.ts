import { z } from 'zod';
import { type OrderStatus, parseOrderStatus } from '../../domain/order-status';
import {
  count,
  element,
  errorList,
  list,
  optionalText,
  optionalTextOrList,
  orderStatus,
  tnList,
} from './common';

/**
 * Schemas shared by import orders and remove-imported orders: both have the same order body,
 * summary and history shapes under different root names (BANDWIDTH.md §1.2–1.7).
 */

const serviceAddress = element({
  HouseNumber: optionalText,
  HouseSuffix: optionalText,
  PreDirectional: optionalText,
  StreetName: optionalText,
  StreetSuffix: optionalText,
  PostDirectional: optionalText,
  AddressLine2: optionalText,
  City: optionalText,
  StateCode: optionalText,
  Zip: optionalText,
  PlusFour: optionalText,
  County: optionalText,
  Country: optionalText,
  AddressType: optionalText,
}).transform((a) => ({
  houseNumber: a.HouseNumber,
  streetName: a.StreetName,
  city: a.City,
  stateCode: a.StateCode,
  zip: a.Zip,
  county: a.County,
  country: a.Country,
  addressType: a.AddressType,
}));

const subscriber = element({ Name: optionalText, ServiceAddress: serviceAddress.optional() }).transform(
  (s) => ({
    name: s.Name,
    serviceAddress: s.ServiceAddress,
  }),
);

/** The order element itself (`ImportTnOrder` or `RemoveImportedTnOrder`). */
export const orderBody = z
  .object({
    OrderId: z.string().min(1),
    CustomerOrderId: optionalText,
    ProcessingStatus: orderStatus,
    TelephoneNumbers: tnList,
    Errors: errorList,
    AccountId: optionalText,
    CreatedByUser: optionalText,
    OrderCreateDate: optionalText,
    LastModifiedDate: optionalText,
    SiteId: optionalText,
    SipPeerId: optionalText,
    Subscriber: subscriber.optional(),
    LoaAuthorizingPerson: optionalText,
    LoaType: optionalText,
  })
  .transform((o) => ({
    orderId: o.OrderId,
    customerOrderId: o.CustomerOrderId,
    status: o.ProcessingStatus,
    numbers: o.TelephoneNumbers,
    /** Per-number failures of a PARTIAL or FAILED order. */
    errors: o.Errors,
    accountId: o.AccountId,
    createdByUser: o.CreatedByUser,
    /** ISO-8601 UTC, as Bandwidth wrote it. */
    orderCreateDate: o.OrderCreateDate,
    lastModifiedDate: o.LastModifiedDate,
    siteId: o.SiteId,
    sipPeerId: o.SipPeerId,
    subscriber: o.Subscriber,
    loaAuthorizingPerson: o.LoaAuthorizingPerson,
    loaType: o.LoaType,
  }));

/** An order as the client returns it. Remove-imported orders leave the import-only fields unset. */
export type Order = z.infer<typeof orderBody>;

/** A row of an order list, as the client returns it. */
export interface OrderSummary {
  orderId: string;
  customerOrderId: string | undefined;
  status: OrderStatus;
  countOfTns: number | undefined;
  orderDate: string | undefined;
  lastModifiedDate: string | undefined;
  accountId: string | undefined;
  userId: string | undefined;
  orderType: string | undefined;
}

/**
 * A row of an order list. Note Bandwidth's casing: `accountId`, `userId`, `lastModifiedDate`.
 * Checked by hand in one pass rather than as a `z.object` of preprocessed leaves: a list holds
 * thousands of rows, and the composed schema cost three times the parse itself (docs/BENCHMARKS.md,
 * row 4). The guarantees are those of the leaf schemas in ./common: OrderId a non-empty string,
 * OrderStatus a known status in any case, CountOfTNs digits, the other fields strings ('' reads as
 * absent), unknown fields dropped.
 */
const summary = z.unknown().transform((value, ctx): OrderSummary => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    ctx.addIssue({ code: 'custom', message: 'expected an order summary element' });
    return z.NEVER;
  }
  const row = value as Record<string, unknown>;
  const text = (field: string): string | undefined => {
    const leaf = row[field];
    if (leaf === undefined || leaf === '') return undefined;
    if (typeof leaf === 'string') return leaf;
    ctx.addIssue({ code: 'custom', path: [field], message: `expected text in ${field}` });
    return undefined;
  };
  const orderId = row.OrderId;
  if (typeof orderId !== 'string' || orderId === '') {
    ctx.addIssue({ code: 'custom', path: ['OrderId'], message: 'expected a non-empty OrderId' });
  }
  const rawStatus = row.OrderStatus;
  const status = typeof rawStatus === 'string' ? parseOrderStatus(rawStatus) : undefined;
  if (status === undefined) {
    ctx.addIssue({ code: 'custom', path: ['OrderStatus'], message: 'expected a known OrderStatus' });
  }
  const rawCount = row.CountOfTNs;
  let countOfTns: number | undefined;
  if (rawCount !== undefined) {
    if (typeof rawCount === 'string' && /^\d+$/.test(rawCount)) countOfTns = Number(rawCount);
    else ctx.addIssue({ code: 'custom', path: ['CountOfTNs'], message: 'expected a count in CountOfTNs' });
  }
  const summaryRow: OrderSummary = {
    orderId: orderId as string,
    customerOrderId: text('CustomerOrderId'),
    status: status as OrderStatus,
    countOfTns,
    orderDate: text('OrderDate'),
    lastModifiedDate: text('lastModifiedDate'),
    accountId: text('accountId'),
    userId: text('userId'),
    orderType: text('OrderType'),
  };
  return summaryRow;
});

/** `{Root}{TotalCount, {Summary}*}` → `{ totalCount, orders }`. */
export function orderListSchema<Root extends string, Row extends string>(root: Root, row: Row) {
  return z
    .object({ [root]: element({ TotalCount: count.optional(), [row]: list(summary) }) })
    .transform((document) => {
      const body = document[root] as { TotalCount?: number } & Record<string, OrderSummary[]>;
      const orders = body[row] ?? [];
      return { totalCount: body.TotalCount ?? orders.length, orders };
    });
}

export interface OrderList {
  totalCount: number;
  orders: OrderSummary[];
}

/** `OrderHistoryWrapper{OrderHistory*}`; statuses in either case. */
export const historySchema = z
  .object({
    OrderHistoryWrapper: element({
      OrderHistory: list(
        z.object({
          OrderDate: optionalText,
          Note: optionalTextOrList,
          Author: optionalText,
          Status: orderStatus,
        }),
      ),
    }),
  })
  .transform((document) =>
    document.OrderHistoryWrapper.OrderHistory.map((entry) => ({
      date: entry.OrderDate,
      note: entry.Note,
      author: entry.Author,
      status: entry.Status,
    })),
  );

export type OrderHistoryEntry = z.infer<typeof historySchema>[number];

/** A document whose root is one of `roots` and holds the order under `child`. */
export function wrappedOrderSchema(roots: readonly string[], child: string) {
  return z
    .record(z.string(), z.unknown())
    .transform((document, ctx) => {
      const root = roots.find((name) => name in document);
      const wrapper = root === undefined ? undefined : document[root];
      if (wrapper === undefined || typeof wrapper !== 'object' || wrapper === null || !(child in wrapper)) {
        ctx.addIssue({ code: 'custom', message: `expected ${roots.join(' or ')} holding ${child}` });
        return z.NEVER;
      }
      return (wrapper as Record<string, unknown>)[child];
    })
    .pipe(orderBody);
}

/** A document whose root is the order element itself (GET by id). */
export function bareOrderSchema(root: string) {
  return z.object({ [root]: orderBody }).transform((document) => document[root] as Order);
}
