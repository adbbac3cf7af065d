import { z } from 'zod';
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

/** A row of an order list. Note Bandwidth's casing: `accountId`, `userId`, `lastModifiedDate`. */
const summary = z
  .object({
    OrderId: z.string().min(1),
    OrderStatus: orderStatus,
    CustomerOrderId: optionalText,
    CountOfTNs: count.optional(),
    OrderDate: optionalText,
    lastModifiedDate: optionalText,
    accountId: optionalText,
    userId: optionalText,
    OrderType: optionalText,
  })
  .transform((s) => ({
    orderId: s.OrderId,
    customerOrderId: s.CustomerOrderId,
    status: s.OrderStatus,
    countOfTns: s.CountOfTNs,
    orderDate: s.OrderDate,
    lastModifiedDate: s.lastModifiedDate,
    accountId: s.accountId,
    userId: s.userId,
    orderType: s.OrderType,
  }));

export type OrderSummary = z.infer<typeof summary>;

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
