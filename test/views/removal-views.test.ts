import type { ImportRequest, RequestEvent, RequestState } from '../../src/domain/request';
import { renderRequestEvent } from '../../src/views/event-message';
import { ids } from '../../src/views/ids';
import { checkBlockKitLimits } from '../../src/views/limits';
import { buildRemovalOpened } from '../../src/views/removal-opened';
import { buildRequestCard } from '../../src/views/request-card';
import { buildRequestList } from '../../src/views/request-list';
import { NOT_IN_SERVICE } from '../../src/workflow/order-kinds';
import { AT, hugeRequest, mrkdwnTexts, order } from './fixtures';

/** A removal of 5,000 numbers: no subscriber details, 1,000 of them not in service here. */
function removal(overrides: Partial<ImportRequest> = {}): ImportRequest {
  const { details: _none, ...rest } = hugeRequest(overrides);
  const numbers = rest.numbers;
  const rejected = [{ ...NOT_IN_SERVICE, numbers: numbers.slice(4000) }];
  return { ...rest, kind: 'remove', check: { importable: numbers.slice(0, 4000), rejected, checkedAt: AT } };
}

const STATES: RequestState[] = [
  'checking',
  'awaiting_approval',
  'submitting',
  'submitted',
  'complete',
  'partial',
  'failed',
  'rejected',
  'expired',
  'cancelled',
  'not_importable',
];

const EVENTS: RequestEvent[] = [
  { type: 'checked' },
  { type: 'approved', by: 'U0APPROVER' },
  { type: 'orders_created', orderIds: ['b1a4c9e2-0000-4000-8000-000000000001'] },
  { type: 'submit_failed', message: 'Bandwidth is down', willRetry: true },
  { type: 'order_status', orderId: 'b1a4c9e2-0000-4000-8000-000000000001', status: 'PROCESSING' },
  { type: 'finished', outcome: 'complete' },
  { type: 'finished', outcome: 'partial' },
  { type: 'finished', outcome: 'failed' },
  {
    type: 'reminder',
    kind: 'approval',
    approvers: ['U0APPROVER'],
    since: '2026-03-02T10:00:00.000Z',
    count: 1,
  },
];

describe('removal views', () => {
  it.each(STATES)(
    'the card of a 5,000-number removal, %s, is within Block Kit limits and speaks of removal, never of an LOA',
    (state) => {
      const request = removal({
        state,
        orders: ['submitted', 'complete', 'partial', 'failed'].includes(state)
          ? [order({ customerOrderId: 'HM-7KQ2XD', numbers: hugeRequest().numbers.slice(0, 4000) })]
          : [],
      });
      const card = buildRequestCard(request);
      expect(checkBlockKitLimits(card)).toEqual([]);
      const text = `${card.text} ${mrkdwnTexts(card.blocks).join(' ')} ${JSON.stringify(card.blocks)}`;
      expect(text).toContain('Removal request HM-7KQ2XD');
      expect(text).not.toMatch(/\bLOA\b/);
      expect(text).not.toContain(ids.card.loaPdf);
      expect(text).not.toContain(ids.card.retryFailed);
      expect(text).not.toMatch(/can be imported|Subscriber/);
    },
  );

  it('asks for a confirmation that says what a removal does, on a red button', () => {
    const card = buildRequestCard(removal({ state: 'awaiting_approval' }));
    const approve =
      JSON.stringify(card.blocks).match(/"action_id":"request_approve"[\s\S]*?"deny"/)?.[0] ?? '';
    expect(approve).toContain('"style":"danger"');
    expect(approve).toContain('Approve this removal?');
    expect(approve).toContain('Give 4,000 numbers back to Bandwidth');
  });

  it.each(EVENTS.map((e) => [e.type, e] as const))(
    'the %s thread message speaks of removal and fits',
    (_type, event) => {
      const message = renderRequestEvent(removal({ state: 'partial', orders: [order()] }), event);
      expect(checkBlockKitLimits({ text: message.text, blocks: message.blocks ?? [] })).toEqual([]);
      expect(message.text).not.toMatch(/\bLOA\b|import order|can be imported/);
    },
  );

  it("explains the bot's own verdicts without putting them in Bandwidth's mouth", () => {
    const request = removal({ state: 'awaiting_approval' });
    const held = {
      code: 'in-open-request',
      description: 'In open request HM-EARLY1',
      numbers: request.numbers.slice(0, 2),
    };
    const card = buildRequestCard({
      ...request,
      check: { ...request.check!, rejected: [...request.check!.rejected, held] },
    });
    const text = mrkdwnTexts(card.blocks).join('\n');
    expect(text).toContain('Not in service on this account');
    expect(text).toContain('Already in an open request');
    expect(text).toContain('_In open request HM-EARLY1_');
    expect(text).not.toContain('Bandwidth said');
  });

  it('lists a removal by its kind where an import shows its subscriber', () => {
    const list = buildRequestList([removal({ state: 'awaiting_approval' })]);
    expect(mrkdwnTexts(list.blocks).join(' ')).toContain('Removal request');
  });

  it('answers /hosted remove with the request opened, or why not, and the entries that are not numbers', () => {
    const opened = buildRemovalOpened({
      outcome: { requestId: 'HM-7KQ2XD', numbers: 3 },
      invalid: [{ input: 'banana', reason: 'has letters' }],
      duplicates: ['9192000000'],
    });
    const text = `${opened.text} ${mrkdwnTexts(opened.blocks).join(' ')}`;
    expect(text).toContain('Removal request `HM-7KQ2XD` opened for 3 numbers');
    expect(text).toContain('banana');
    expect(text).toContain('kept once');
    const refused = buildRemovalOpened({
      outcome: { refusal: 'No valid phone number was found.' },
      invalid: [],
      duplicates: [],
    });
    expect(refused.text).toContain('No removal request was opened: No valid phone number was found.');
    expect(checkBlockKitLimits(refused)).toEqual([]);
  });
});
