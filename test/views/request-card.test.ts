import type { ActionsBlock, Button, KnownBlock, SectionBlock } from '@slack/types';
import type { ImportRequest } from '../../src/domain/request';
import { decodeMenuValue, ids } from '../../src/views/ids';
import { checkBlockKitLimits } from '../../src/views/limits';
import { buildRequestCard } from '../../src/views/request-card';
import { AT, hugeRequest, makeRequest, mrkdwnTexts, order, submitted, tns } from './fixtures';

function all(blocks: KnownBlock[]): string {
  return JSON.stringify(blocks);
}

function actions(blocks: KnownBlock[]): ActionsBlock | undefined {
  return blocks.find((b): b is ActionsBlock => b.type === 'actions' && b.block_id === ids.card.actionsBlock);
}

function button(blocks: KnownBlock[], actionId: string): Button | undefined {
  return actions(blocks)?.elements.find((e): e is Button => e.type === 'button' && e.action_id === actionId);
}

function overflowValues(blocks: KnownBlock[]): string[] {
  const state = blocks.find((b): b is SectionBlock => b.block_id === ids.card.stateBlock);
  const accessory = state?.accessory;
  if (accessory?.type !== 'overflow') return [];
  return accessory.options.map((o) => o.value ?? '');
}

function expectWithinLimits(card: { text: string; blocks: KnownBlock[] }): void {
  expect(checkBlockKitLimits(card)).toEqual([]);
}

describe('buildRequestCard while awaiting approval', () => {
  const card = buildRequestCard(makeRequest());

  it('heads the card with the request id and names requester, subscriber, address and signer', () => {
    expect(card.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'Import request HM-7KQ2XD', emoji: true },
    });
    const text = all(card.blocks);
    expect(text).toContain('<@U0REQUEST>');
    expect(text).toContain('Acme Dental');
    expect(text).toContain('900 Main Campus Dr, Raleigh, NC 27606');
    expect(text).toContain('Jane Doe');
    expect(card.text).toBe(
      'Import request HM-7KQ2XD from <@U0REQUEST>: 5 numbers for Acme Dental. Waiting for approval.',
    );
    expectWithinLimits(card);
  });

  it('lists the importable numbers and groups refused ones by code with meaning and next step', () => {
    const text = all(card.blocks);
    expect(text).toContain('3 numbers can be imported*; 2 numbers refused');
    expect(text).toContain('(919) 200-0000, (919) 200-0001, (919) 200-0002');
    expect(text).toContain('*19005: ');
    expect(text).toContain('*Next step:*');
    expect(text).toContain('(919) 200-0003, (919) 200-0004');
  });

  it('offers Approve with a confirm dialog naming the count, and Reject, both carrying the request id', () => {
    const approve = button(card.blocks, ids.card.approve);
    const reject = button(card.blocks, ids.card.reject);
    expect(approve).toMatchObject({ style: 'primary', value: 'HM-7KQ2XD' });
    expect(approve?.confirm?.text.text).toContain('3 numbers');
    expect(approve?.confirm?.confirm?.text).toBe('Import 3 numbers');
    expect(reject).toMatchObject({ style: 'danger', value: 'HM-7KQ2XD' });
    expect(reject?.confirm).toBeUndefined();
  });

  it('offers status and cancel in the overflow menu', () => {
    expect(overflowValues(card.blocks).map(decodeMenuValue)).toEqual([
      { command: 'status', requestId: 'HM-7KQ2XD' },
      { command: 'cancel', requestId: 'HM-7KQ2XD' },
    ]);
  });
});

describe('buildRequestCard in other states', () => {
  it('shows no buttons while checking, and says the numbers are being checked', () => {
    const { check: _none, ...rest } = makeRequest();
    const card = buildRequestCard({ ...rest, state: 'checking' });
    expect(actions(card.blocks)).toBeUndefined();
    expect(all(card.blocks)).toContain('Checking 5 numbers with Bandwidth');
    expectWithinLimits(card);
  });

  it('has no Approve when nothing is importable, and says why', () => {
    const numbers = tns(2);
    const request = makeRequest({
      state: 'not_importable',
      numbers,
      check: {
        importable: [],
        rejected: [{ code: '19006', description: 'Bandwidth numbers', numbers }],
        checkedAt: AT,
      },
    });
    const card = buildRequestCard(request);
    expect(actions(card.blocks)).toBeUndefined();
    expect(all(card.blocks)).toContain(
      'None of the 2 numbers can be imported*, so there is nothing to approve',
    );
    expect(all(card.blocks)).toContain('*19006: ');
    expectWithinLimits(card);
  });

  it('has no Approve even in awaiting_approval when the check accepted nothing', () => {
    const numbers = tns(1);
    const request = makeRequest({
      numbers,
      check: { importable: [], rejected: [{ code: '19001', description: 'x', numbers }], checkedAt: AT },
    });
    expect(button(buildRequestCard(request).blocks, ids.card.approve)).toBeUndefined();
  });

  it('after rejection shows who, when and why, escaped, with no buttons or cancel', () => {
    const request = makeRequest({
      state: 'rejected',
      decision: { outcome: 'rejected', by: 'U0APPROVER', at: AT, reason: 'Wrong customer <!channel> & co' },
    });
    const card = buildRequestCard(request);
    const text = all(card.blocks);
    expect(actions(card.blocks)).toBeUndefined();
    expect(text).toContain('Rejected by <@U0APPROVER> <!date^1741100760^');
    expect(text).toContain('>Wrong customer &lt;!channel&gt; &amp; co');
    expect(text).not.toContain('<!channel>');
    expect(overflowValues(card.blocks).map((v) => decodeMenuValue(v)?.command)).toEqual(['status']);
    expectWithinLimits(card);
  });

  it('after submission shows the approver, each order id and status, and asks for the LOA', () => {
    const card = buildRequestCard(submitted({ status: 'PROCESSING' }));
    const text = all(card.blocks);
    expect(actions(card.blocks)).toBeUndefined();
    expect(text).toContain('Approved by <@U0APPROVER>');
    expect(text).toContain('`b1a4c9e2-0000-4000-8000-000000000001`');
    expect(text).toContain(':gear: processing');
    expect(text).toContain('No signed LOA yet');
    expectWithinLimits(card);
  });

  it('shows LOA files and where they were attached', () => {
    const request = submitted(
      {},
      {
        loaFiles: [
          {
            slackFileId: 'F1',
            name: 'signed <loa>.pdf',
            mimetype: 'application/pdf',
            size: 1000,
            sharedBy: 'U0REQUEST',
            sharedAt: AT,
            uploads: { 'b1a4c9e2-0000-4000-8000-000000000001': 'x.pdf' },
          },
        ],
      },
    );
    const text = all(buildRequestCard(request).blocks);
    expect(text).toContain('signed &lt;loa&gt;.pdf from <@U0REQUEST>: attached to 1 of 1 order');
    expect(text).not.toContain('No signed LOA yet');
  });

  it('says a complete import is done and what is left', () => {
    const card = buildRequestCard(submitted({ status: 'COMPLETE' }, { state: 'complete' }));
    const text = all(card.blocks);
    expect(text).toContain('*Done.* 3 numbers can now send and receive messages through Bandwidth.');
    expect(text).toContain('Next: share the signed LOA');
    expectWithinLimits(card);
  });

  it('says how much of a partial import went through', () => {
    const failed = { code: '7518', description: 'Telephone Number Not Active', numbers: tns(1, 2) };
    const card = buildRequestCard(submitted({ status: 'PARTIAL', errors: [failed] }, { state: 'partial' }));
    const text = all(card.blocks);
    expect(text).toContain('*Partly done.* 2 of 3 numbers imported; 1 number failed');
    expect(text).toContain('1 number failed');
    expectWithinLimits(card);
  });

  it('says a failed import imported nothing and how to start again', () => {
    const failed = { code: '7518', description: 'Not active', numbers: tns(3) };
    const card = buildRequestCard(submitted({ status: 'FAILED', errors: [failed] }, { state: 'failed' }), {
      command: '/hm',
    });
    expect(all(card.blocks)).toContain('*Failed.* No number was imported');
    expect(all(card.blocks)).toContain('`/hm import`');
  });

  it('shows a retryable failure while the bot keeps trying', () => {
    const request = submitted(
      { orderId: undefined, status: undefined },
      {
        state: 'submitting',
        lastFailure: { stage: 'submit', message: 'timeout <after 10 s>', at: AT },
      },
    );
    const text = all(buildRequestCard(request).blocks);
    expect(text).toContain('Creating the order failed');
    expect(text).toContain('timeout &lt;after 10 s&gt;. The bot keeps trying.');
    expect(text).toContain('not created yet');
  });

  it.each<[ImportRequest['state'], string]>([
    [
      'expired',
      'Nobody decided in time, so nothing was sent to Bandwidth. Start again with `/hosted import`',
    ],
    ['cancelled', 'Cancelled before anything was sent to Bandwidth.'],
  ])('explains a %s request and offers nothing', (state, words) => {
    const card = buildRequestCard(makeRequest({ state }));
    expect(actions(card.blocks)).toBeUndefined();
    expect(all(card.blocks)).toContain(words);
    expectWithinLimits(card);
  });
});

describe('buildRequestCard escaping', () => {
  it('escapes the subscriber, address and reference', () => {
    const request = makeRequest({
      details: {
        subscriberName: '<!here> Acme',
        serviceAddress: {
          houseNumber: '1',
          streetName: '<@U999>',
          city: 'A&B',
          stateCode: 'NC',
          zip: '27606',
        },
        loaAuthorizingPerson: 'Jane <https://x.example|Doe>',
        reference: '<!subteam^S1>',
      },
    });
    const card = buildRequestCard(request);
    const text = [...mrkdwnTexts(card.blocks), card.text].join('\n');
    expect(text).not.toMatch(/<!here>|<@U999>|<https:|<!subteam/);
    expect(text).toContain('&lt;!here&gt; Acme');
    expect(text).toContain('A&amp;B');
  });
});

describe('buildRequestCard for 5,000 numbers', () => {
  it('stays within every limit while awaiting approval', () => {
    const card = buildRequestCard(hugeRequest());
    expectWithinLimits(card);
    expect(all(card.blocks)).toContain('4,000 numbers can be imported*; 1,000 numbers refused');
    expect(all(card.blocks)).toMatch(/and [\d,]+ more/);
    expect(all(card.blocks)).toContain('the full list follows in the thread');
  });

  it('links the full list when the caller has one, and only a safe https link', () => {
    const linked = buildRequestCard(hugeRequest(), { fullListUrl: 'https://files.example/HM.csv' });
    expect(all(linked.blocks)).toContain('<https://files.example/HM.csv|Every number and its result>');
    const bad = buildRequestCard(hugeRequest(), { fullListUrl: 'https://x.example|<!channel>' });
    expect(all(bad.blocks)).not.toContain('<!channel>');
  });

  it('sums up refused groups beyond the few it shows', () => {
    expect(all(buildRequestCard(hugeRequest()).blocks)).toContain('refused with other codes');
  });

  it('stays within every limit when split over many orders that partly failed', () => {
    const base = hugeRequest();
    const importable = base.check?.importable ?? [];
    const orders = Array.from({ length: 40 }, (_, i) =>
      order({
        customerOrderId: i === 0 ? base.id : `${base.id}-${i + 1}`,
        orderId: `order-${i}`,
        numbers: importable.slice(i * 100, (i + 1) * 100),
        status: 'PARTIAL',
        errors: [
          {
            code: '7518',
            description: 'Telephone Number Not Active',
            numbers: importable.slice(i * 100, i * 100 + 10),
          },
        ],
      }),
    );
    const card = buildRequestCard({
      ...base,
      state: 'partial',
      orders,
      decision: { outcome: 'approved', by: 'U1', at: AT },
    });
    expectWithinLimits(card);
    expect(all(card.blocks)).toContain('3,600 of 4,000 numbers imported; 400 numbers failed');
  });
});
