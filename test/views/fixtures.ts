import type { ImportRequest, RejectedNumbers, RequestOrder } from '../../src/domain/request';
import type { Tn } from '../../src/domain/tn';
import type { ViewStateValues } from '../../src/views/form';
import { ids } from '../../src/views/ids';

/** `count` distinct valid numbers: 919-200-0000, 919-200-0001, … */
export function tns(count: number, start = 0): Tn[] {
  return Array.from({ length: count }, (_, i) => `919${String(2_000_000 + start + i).padStart(7, '0')}`);
}

export const AT = '2025-03-04T15:06:00.000Z';

/** A request awaiting approval: 3 importable numbers, 2 refused with 19005. */
export function makeRequest(overrides: Partial<ImportRequest> = {}): ImportRequest {
  const numbers = overrides.numbers ?? tns(5);
  return {
    id: 'HM-7KQ2XD',
    state: 'awaiting_approval',
    requesterId: 'U0REQUEST',
    channelId: 'C0CHANNEL',
    cardTs: '1700000000.000100',
    createdAt: AT,
    updatedAt: AT,
    details: {
      subscriberName: 'Acme Dental',
      serviceAddress: {
        houseNumber: '900',
        streetName: 'Main Campus Dr',
        city: 'Raleigh',
        stateCode: 'NC',
        zip: '27606',
      },
      loaAuthorizingPerson: 'Jane Doe',
    },
    siteId: '12345',
    numbers,
    check: {
      importable: numbers.slice(0, 3),
      rejected: [
        {
          code: '19005',
          description: 'Messaging route of 9192000003 is not configured.',
          numbers: numbers.slice(3),
        },
      ],
      checkedAt: AT,
    },
    orders: [],
    loaFiles: [],
    audit: [{ at: AT, actor: 'user:U0REQUEST', action: 'created', detail: '5 numbers' }],
    outbox: [],
    nextSeq: 1,
    ...overrides,
  };
}

export function order(overrides: Partial<RequestOrder> = {}): RequestOrder {
  return {
    customerOrderId: 'HM-7KQ2XD',
    numbers: tns(3),
    orderId: 'b1a4c9e2-0000-4000-8000-000000000001',
    status: 'RECEIVED',
    errors: [],
    updatedAt: AT,
    ...overrides,
  };
}

/** A request that was approved and submitted, with the given order. */
export function submitted(
  orderOverrides: Partial<RequestOrder> = {},
  overrides: Partial<ImportRequest> = {},
) {
  return makeRequest({
    state: 'submitted',
    decision: { outcome: 'approved', by: 'U0APPROVER', at: AT },
    orders: [order(orderOverrides)],
    ...overrides,
  });
}

/** A request that ended PARTIAL: of its 3 numbers, the second failed in the order (7518). */
export function partialRequest(): ImportRequest {
  const numbers = tns(3);
  return makeRequest({
    state: 'partial',
    numbers,
    orders: [
      order({
        numbers,
        status: 'PARTIAL',
        errors: [{ code: '7518', description: 'Telephone Number Not Active', numbers: [numbers[1]!] }],
      }),
    ],
  });
}

/** A 5,000-number request: 4,000 importable, 1,000 refused across 12 codes. */
export function hugeRequest(overrides: Partial<ImportRequest> = {}): ImportRequest {
  const numbers = tns(5000);
  const rejected: RejectedNumbers[] = Array.from({ length: 12 }, (_, g) => ({
    code: String(19001 + g),
    description: `Reason number ${g}`,
    numbers: numbers.slice(4000 + g * 80, 4000 + (g + 1) * 80),
  }));
  rejected[11]!.numbers.push(...numbers.slice(4960));
  return makeRequest({
    numbers,
    check: { importable: numbers.slice(0, 4000), rejected, checkedAt: AT },
    ...overrides,
  });
}

type Fields = Partial<Record<keyof typeof ids.importModal.blocks, unknown>>;

/** A complete, valid import form. */
export const VALID_FORM = {
  numbers: '919 200 0000\n(919) 200-0001, 9192000002',
  subscriberName: 'Acme Dental',
  houseNumber: '900',
  streetName: 'Main Campus Dr',
  city: 'Raleigh',
  state: 'NC',
  zip: '27606',
  loaAuthorizingPerson: 'Jane Doe',
} satisfies Fields;

/** view.state.values as Slack sends them for the import modal. */
export function importValues(fields: Fields): ViewStateValues {
  const B = ids.importModal.blocks;
  const A = ids.importModal.actions;
  const values: Record<string, Record<string, object>> = {};
  for (const key of Object.keys(B) as (keyof typeof B)[]) {
    const value = fields[key];
    if (key === 'state') {
      values[B[key]] = {
        [A[key]]: { type: 'static_select', selected_option: value ? { value: value as string } : null },
      };
    } else if (key === 'loaFile' || key === 'numbersFile') {
      values[B[key]] = { [A[key]]: { type: 'file_input', files: (value as object[] | undefined) ?? [] } };
    } else {
      values[B[key]] = {
        [A[key]]: { type: 'plain_text_input', value: (value as string | undefined) ?? null },
      };
    }
  }
  return values;
}

/** Every mrkdwn text in the blocks: where Slack would turn markup into mentions and links. */
export function mrkdwnTexts(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(mrkdwnTexts);
  if (typeof value !== 'object' || value === null) return [];
  const obj = value as Record<string, unknown>;
  const own = obj.type === 'mrkdwn' && typeof obj.text === 'string' ? [obj.text] : [];
  return [...own, ...Object.values(obj).flatMap(mrkdwnTexts)];
}
