import { buildXml } from '../../xml';
import { createOnce } from '../create-once';
import { toWireTn } from '../numbers-format';
import {
  bareOrderSchema,
  historySchema,
  type Order,
  type OrderHistoryEntry,
  type OrderList,
  orderListSchema,
  wrappedOrderSchema,
} from '../schemas/orders';
import { createPause, type OperationContext, type OrderListQuery } from './context';

/** A service address as Bandwidth requires it for an import order. */
export interface ServiceAddressInput {
  houseNumber: string;
  streetName: string;
  city: string;
  /** Two letters. */
  stateCode: string;
  zip: string;
  county?: string;
}

export interface ImportOrderInput {
  /**
   * Our id for the order (alphanumerics, dashes and spaces, at most 40). Required here although
   * optional at Bandwidth: it is how a create whose answer was lost is found again.
   */
  customerOrderId: string;
  siteId: string | number;
  sipPeerId?: string | number;
  subscriber: { name: string; serviceAddress: ServiceAddressInput };
  /** First and last name of the person who signed the LOA. */
  loaAuthorizingPerson: string;
  loaType?: 'SUBSCRIBER' | 'CARRIER';
  /** 10-digit numbers. */
  numbers: readonly string[];
}

export interface RemoveImportedOrderInput {
  customerOrderId: string;
  numbers: readonly string[];
}

/** Which order collection an operation works on. */
interface OrderKind {
  collection: (context: OperationContext) => string;
  one: (context: OperationContext, orderId: string) => string;
  history: (context: OperationContext, orderId: string) => string;
  listRoot: string;
  listRow: string;
  element: string;
  createRoots: readonly string[];
}

export const IMPORT: OrderKind = {
  collection: (c) => c.paths.importOrders,
  one: (c, id) => c.paths.importOrder(id),
  history: (c, id) => c.paths.importOrderHistory(id),
  listRoot: 'ImportTnOrders',
  listRow: 'ImportTnOrderSummary',
  element: 'ImportTnOrder',
  // The docs say ImportTnOrderResponse; the captured fixture and the Java SDK say ImportTnOrdersResponse.
  createRoots: ['ImportTnOrderResponse', 'ImportTnOrdersResponse'],
};

export const REMOVE: OrderKind = {
  collection: (c) => c.paths.removeOrders,
  one: (c, id) => c.paths.removeOrder(id),
  history: (c, id) => c.paths.removeOrderHistory(id),
  listRoot: 'RemoveImportedTnOrders',
  listRow: 'RemoveImportedTnOrderSummary',
  element: 'RemoveImportedTnOrder',
  createRoots: ['RemoveImportedTnOrdersResponse', 'RemoveImportedTnOrderResponse'],
};

export function getOrder(context: OperationContext, kind: OrderKind, orderId: string): Promise<Order> {
  return context.transport.callXml(
    { method: 'GET', path: kind.one(context, orderId), policy: 'safe' },
    bareOrderSchema(kind.element),
  );
}

export function listOrders(
  context: OperationContext,
  kind: OrderKind,
  query: OrderListQuery = {},
): Promise<OrderList> {
  return context.transport.callXml(
    {
      method: 'GET',
      path: kind.collection(context),
      policy: 'safe',
      query: {
        customerOrderId: query.customerOrderId,
        tn: query.tn === undefined ? undefined : toWireTn(query.tn, context.version),
        status: query.status,
        createdDateFrom: query.createdDateFrom,
        createdDateTo: query.createdDateTo,
        modifiedDateFrom: query.modifiedDateFrom,
        modifiedDateTo: query.modifiedDateTo,
      },
    },
    orderListSchema(kind.listRoot, kind.listRow),
  );
}

export function getOrderHistory(
  context: OperationContext,
  kind: OrderKind,
  orderId: string,
): Promise<OrderHistoryEntry[]> {
  return context.transport.callXml(
    { method: 'GET', path: kind.history(context, orderId), policy: 'safe' },
    historySchema,
  );
}

/**
 * The most recent order with exactly this CustomerOrderId, in full, or undefined. Used after a
 * create whose answer was lost, and by callers resuming work after a restart.
 */
export async function findOrderByCustomerOrderId(
  context: OperationContext,
  kind: OrderKind,
  customerOrderId: string,
): Promise<Order | undefined> {
  const { orders } = await listOrders(context, kind, { customerOrderId });
  const matches = orders
    .filter((order) => order.customerOrderId === customerOrderId)
    .sort((a, b) => (b.orderDate ?? '').localeCompare(a.orderDate ?? ''));
  const latest = matches[0];
  return latest === undefined ? undefined : getOrder(context, kind, latest.orderId);
}

/** POSTs an order body once (429s aside), reconciling by CustomerOrderId after an ambiguous failure. */
function createOrder(
  context: OperationContext,
  kind: OrderKind,
  customerOrderId: string,
  body: string,
): Promise<Order> {
  const path = kind.collection(context);
  return createOnce({
    describe: `POST ${path}`,
    create: () =>
      context.transport.callXml(
        { method: 'POST', path, policy: 'create', body },
        wrappedOrderSchema(kind.createRoots, kind.element),
      ),
    find: () => findOrderByCustomerOrderId(context, kind, customerOrderId),
    maxAttempts: context.retry.maxAttempts,
    pause: createPause(context),
    logger: context.logger,
  });
}

export function createImportOrder(context: OperationContext, input: ImportOrderInput): Promise<Order> {
  const address = input.subscriber.serviceAddress;
  const body = buildXml({
    ImportTnOrder: {
      CustomerOrderId: input.customerOrderId,
      SiteId: String(input.siteId),
      SipPeerId: input.sipPeerId === undefined ? undefined : String(input.sipPeerId),
      Subscriber: {
        Name: input.subscriber.name,
        ServiceAddress: {
          HouseNumber: address.houseNumber,
          StreetName: address.streetName,
          City: address.city,
          StateCode: address.stateCode,
          Zip: address.zip,
          County: address.county,
        },
      },
      LoaAuthorizingPerson: input.loaAuthorizingPerson,
      LoaType: input.loaType,
      TelephoneNumbers: { TelephoneNumber: input.numbers.map((tn) => toWireTn(tn, context.version)) },
    },
  });
  return createOrder(context, IMPORT, input.customerOrderId, body);
}

export function createRemoveImportedOrder(
  context: OperationContext,
  input: RemoveImportedOrderInput,
): Promise<Order> {
  const body = buildXml({
    RemoveImportedTnOrder: {
      CustomerOrderId: input.customerOrderId,
      TelephoneNumbers: { TelephoneNumber: input.numbers.map((tn) => toWireTn(tn, context.version)) },
    },
  });
  return createOrder(context, REMOVE, input.customerOrderId, body);
}
