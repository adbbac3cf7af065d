import type { ImportRequest } from '../../src/domain/request';
import { approve, newRequest, recordCheck, recordOrderCreated } from '../../src/domain/request-transitions';

/** Shared builders for the request transition tests. Not a test file itself. */

export const T0 = Date.parse('2026-03-02T10:00:00.000Z');

export const DETAILS = {
  subscriberName: 'Acme Dental',
  serviceAddress: {
    houseNumber: '100',
    streetName: 'Main St',
    city: 'Raleigh',
    stateCode: 'NC',
    zip: '27601',
  },
  loaAuthorizingPerson: 'Jane Smith',
};

export function numbers(count: number, start = 9195550000): string[] {
  return Array.from({ length: count }, (_, i) => String(start + i));
}

export function fresh(nums: string[] = numbers(3), id = 'HM-ABCDEF'): ImportRequest {
  return newRequest(
    { id, requesterId: 'UREQ', channelId: 'C1', details: DETAILS, siteId: '123', numbers: nums },
    T0,
  );
}

export function unwrap(
  result: { ok: true; request: ImportRequest } | { ok: false; refusal: { message: string } },
) {
  if (!result.ok) throw new Error(`unexpected refusal: ${result.refusal.message}`);
  return result.request;
}

export function awaiting(nums: string[] = numbers(3)): ImportRequest {
  return unwrap(recordCheck(fresh(nums), { importable: nums, rejected: [] }, T0 + 1000));
}

export function approved(nums: string[] = numbers(3), maxNumbersPerOrder?: number): ImportRequest {
  const options = maxNumbersPerOrder === undefined ? {} : { maxNumbersPerOrder };
  return unwrap(approve(awaiting(nums), 'UAPP', T0 + 2000, options));
}

/** Approved, with every planned order created as ORD-1, ORD-2… */
export function submitted(nums: string[] = numbers(3), maxNumbersPerOrder?: number): ImportRequest {
  let request = approved(nums, maxNumbersPerOrder);
  request.orders.forEach((order, i) => {
    request = unwrap(
      recordOrderCreated(
        request,
        order.customerOrderId,
        { orderId: `ORD-${i + 1}`, status: 'RECEIVED' },
        T0 + 3000,
      ),
    );
  });
  return request;
}

export function eventTypes(request: ImportRequest): string[] {
  return request.outbox.map((p) => p.event.type);
}
