import { type ImportRequest, kindOf, type RequestKind, type RequestOrder } from '../domain/request';
import type { Tn } from '../domain/tn';
import { mapLimit } from './context';
import type { BandwidthPort, PortOrder } from './ports';

/**
 * The one place where an import and a removal differ on Bandwidth's side: which order collection
 * is created, read and listed, and how its numbers are checked
 * before anyone approves. Everything else (card, approval, order tracking, outbox) is shared.
 */
export interface OrderGateway {
  kind: RequestKind;
  create(request: ImportRequest, planned: RequestOrder): Promise<PortOrder>;
  get(orderId: string): Promise<PortOrder>;
  listByCustomerOrderId(customerOrderId: string): ReturnType<BandwidthPort['listImportOrders']>;
  /** Which numbers can go into such an order, and why the others can't. */
  check(request: ImportRequest, bandwidth: BandwidthPort): Promise<NumbersVerdict>;
}

export interface NumbersVerdict {
  eligible: Tn[];
  refused: { code: string; description: string; numbers: Tn[] }[];
}

/** In-service look-ups made at once while checking a removal: Bandwidth answers one number per call. */
const IN_SERVICE_CONCURRENCY = 8;

/** The refusal of a number a removal can't give back; Bandwidth's own code for it (§1.7). */
export const NOT_IMPORTED_HERE = {
  code: '5158',
  description: "Telephone number hasn't been previously imported.",
};

export function orderGateway(bandwidth: BandwidthPort, kind: RequestKind): OrderGateway {
  if (kind === 'remove') {
    return {
      kind,
      create: (_request, planned) =>
        bandwidth.createRemoveImportedOrder({
          customerOrderId: planned.customerOrderId,
          numbers: planned.numbers,
        }),
      get: (orderId) => bandwidth.getRemoveImportedOrder(orderId),
      listByCustomerOrderId: (customerOrderId) => bandwidth.listRemoveImportedOrders({ customerOrderId }),
      check: (request) => checkInService(bandwidth, request.numbers),
    };
  }
  return {
    kind,
    create: (request, planned) => bandwidth.createImportOrder(importOrderInput(request, planned)),
    get: (orderId) => bandwidth.getImportOrder(orderId),
    listByCustomerOrderId: (customerOrderId) => bandwidth.listImportOrders({ customerOrderId }),
    check: async (request) => {
      const result = await bandwidth.checkImportability({
        numbers: request.numbers,
        siteId: request.siteId,
        ...(request.sipPeerId === undefined ? {} : { sipPeerId: request.sipPeerId }),
      });
      return {
        eligible: result.importable,
        refused: result.rejected.map((r) => ({
          code: r.code,
          description: r.description,
          numbers: r.numbers,
        })),
      };
    },
  };
}

/** The gateway for the orders of this request. */
export function gatewayFor(bandwidth: BandwidthPort, request: Pick<ImportRequest, 'kind'>): OrderGateway {
  return orderGateway(bandwidth, kindOf(request));
}

/**
 * A removal can only give back numbers imported into this account, and Bandwidth's checker says
 * nothing about those: each number is looked up in the account's in-service numbers instead, a
 * few at a time. A failed look-up fails the whole check, which the workflow retries.
 */
async function checkInService(bandwidth: BandwidthPort, numbers: readonly Tn[]): Promise<NumbersVerdict> {
  const inService = await mapLimit(numbers, IN_SERVICE_CONCURRENCY, (tn) => bandwidth.isInService(tn));
  const eligible = numbers.filter((_, i) => inService[i]);
  const missing = numbers.filter((_, i) => !inService[i]);
  return {
    eligible,
    refused: missing.length === 0 ? [] : [{ ...NOT_IMPORTED_HERE, numbers: missing }],
  };
}

function importOrderInput(request: ImportRequest, planned: RequestOrder) {
  const details = request.details;
  if (details === undefined) throw new Error(`import request ${request.id} has no subscriber details`);
  const address = details.serviceAddress;
  return {
    customerOrderId: planned.customerOrderId,
    siteId: request.siteId,
    ...(request.sipPeerId === undefined ? {} : { sipPeerId: request.sipPeerId }),
    subscriber: {
      name: details.subscriberName,
      serviceAddress: {
        houseNumber: address.houseNumber,
        streetName: address.streetName,
        city: address.city,
        stateCode: address.stateCode,
        zip: address.zip,
        ...(address.county === undefined ? {} : { county: address.county }),
      },
    },
    loaAuthorizingPerson: details.loaAuthorizingPerson,
    numbers: planned.numbers,
  };
}
