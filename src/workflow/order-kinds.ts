import { NOT_IN_SERVICE_CODE } from '../domain/bandwidth-codes';
import { type ImportRequest, kindOf, type RequestKind, type RequestOrder } from '../domain/request';
import type { Tn } from '../domain/tn';
import { mapLimit } from './context';
import type { BandwidthPort, PortOrder } from './ports';

/**
 * The one place where an import and a removal differ on Bandwidth's side: which order collection
 * is created, read and listed, and how the numbers are checked before anyone approves.
 * Everything else (card, approval, order tracking, outbox) is shared.
 */
export interface OrderGateway {
  create(request: ImportRequest, planned: RequestOrder): Promise<PortOrder>;
  get(orderId: string): Promise<PortOrder>;
  listByCustomerOrderId(customerOrderId: string): ReturnType<BandwidthPort['listImportOrders']>;
  /** Which numbers can go into such an order, and why the others can't. */
  check(input: CheckInput): Promise<NumbersVerdict>;
}

/** What a check is about: the numbers, and the site (and SIP peer) they would be imported to. */
export interface CheckInput {
  numbers: readonly Tn[];
  siteId: string;
  sipPeerId?: string;
}

export interface NumbersVerdict {
  eligible: Tn[];
  refused: { code: string; description: string; numbers: Tn[] }[];
}

/** In-service look-ups made at once while checking a removal: Bandwidth answers one number per call. */
const IN_SERVICE_CONCURRENCY = 8;

/** The bot's refusal of a number a removal can't give back (see NOT_IN_SERVICE_CODE). */
export const NOT_IN_SERVICE = {
  code: NOT_IN_SERVICE_CODE,
  description: 'Not in service on this account',
};

export function orderGateway(bandwidth: BandwidthPort, kind: RequestKind): OrderGateway {
  if (kind === 'remove') {
    return {
      create: (_request, planned) =>
        bandwidth.createRemoveImportedOrder({
          customerOrderId: planned.customerOrderId,
          numbers: planned.numbers,
        }),
      get: (orderId) => bandwidth.getRemoveImportedOrder(orderId),
      listByCustomerOrderId: (customerOrderId) => bandwidth.listRemoveImportedOrders({ customerOrderId }),
      check: (input) => checkInService(bandwidth, input.numbers),
    };
  }
  return {
    create: (request, planned) => bandwidth.createImportOrder(importOrderInput(request, planned)),
    get: (orderId) => bandwidth.getImportOrder(orderId),
    listByCustomerOrderId: (customerOrderId) => bandwidth.listImportOrders({ customerOrderId }),
    check: async (input) => {
      const result = await bandwidth.checkImportability({
        numbers: input.numbers,
        siteId: input.siteId,
        ...(input.sipPeerId === undefined ? {} : { sipPeerId: input.sipPeerId }),
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
 * few at a time (the client retries a 5xx or a short 429 itself). In service is the closest
 * question Bandwidth answers: a number bought from Bandwidth is in service too, and its removal
 * order then fails with 5158, which the thread explains. A look-up that still fails fails the
 * whole check, which the workflow retries later.
 */
async function checkInService(bandwidth: BandwidthPort, numbers: readonly Tn[]): Promise<NumbersVerdict> {
  const inService = await mapLimit(numbers, IN_SERVICE_CONCURRENCY, (tn) => bandwidth.isInService(tn));
  const eligible = numbers.filter((_, i) => inService[i]);
  const missing = numbers.filter((_, i) => !inService[i]);
  return {
    eligible,
    refused: missing.length === 0 ? [] : [{ ...NOT_IN_SERVICE, numbers: missing }],
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
