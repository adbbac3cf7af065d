import type { RequestEvent } from '../../src/domain/request';
import { renderRequestEvent } from '../../src/views/event-message';
import { checkBlockKitLimits } from '../../src/views/limits';
import { AT, hugeRequest, makeRequest, mrkdwnTexts, order, submitted, tns } from './fixtures';

function render(request = makeRequest(), event: RequestEvent = { type: 'checked' }) {
  const message = renderRequestEvent(request, event);
  expect(checkBlockKitLimits({ text: message.text, blocks: message.blocks })).toEqual([]);
  return { ...message, all: [message.text, ...mrkdwnTexts(message.blocks)].join('\n') };
}

describe('renderRequestEvent: check and decision', () => {
  it('reports the check in the thread with the refused numbers explained', () => {
    const m = render();
    expect(m.broadcast).toBe(false);
    expect(m.text).toContain("3 numbers can be imported, 2 numbers can't");
    expect(m.all).toContain('*19005: ');
    expect(m.all).toContain('(919) 200-0003');
  });

  it('has no blocks when every number is importable', () => {
    const numbers = tns(2);
    const m = render(makeRequest({ numbers, check: { importable: numbers, rejected: [], checkedAt: AT } }));
    expect(m.text).toContain('all 2 numbers can be imported');
    expect(m.blocks).toBeUndefined();
  });

  it('says plainly when nothing can be imported', () => {
    const numbers = tns(2);
    const m = render(
      makeRequest({
        state: 'not_importable',
        numbers,
        check: { importable: [], rejected: [{ code: '19006', description: 'x', numbers }], checkedAt: AT },
      }),
    );
    expect(m.text).toContain('Bandwidth refused all 2 numbers, so there is nothing to approve');
  });

  it('tells whether a failed check will be retried', () => {
    expect(render(undefined, { type: 'check_failed', message: 'timeout', willRetry: true }).text).toContain(
      'The bot tries again shortly',
    );
    expect(render(undefined, { type: 'check_failed', message: 'timeout', willRetry: false }).text).toContain(
      'Start again with `/hosted import` later',
    );
  });

  it('names the approver and how many numbers are ordered', () => {
    const m = render(undefined, { type: 'approved', by: 'U0APPROVER' });
    expect(m.text).toBe(
      ':white_check_mark: <@U0APPROVER> approved. Creating Bandwidth import orders for 3 numbers…',
    );
    expect(m.broadcast).toBe(false);
  });

  it('quotes the rejection reason, escaped, and mentions the requester', () => {
    const m = render(undefined, {
      type: 'rejected',
      by: 'U0APPROVER',
      reason: 'Wrong <!channel>\nsecond line',
    });
    expect(m.text).toContain('<@U0APPROVER> rejected this request, <@U0REQUEST>');
    expect(m.text).toContain('>Wrong &lt;!channel&gt;\n>second line');
    expect(m.text).not.toContain('<!channel>');
  });

  it('tells the requester an expired request can be started again with the configured command', () => {
    const m = renderRequestEvent(makeRequest(), { type: 'expired' }, { command: '/numbers' });
    expect(m.text).toContain('<@U0REQUEST>, nobody decided');
    expect(m.text).toContain('`/numbers import`');
  });

  it('names who cancelled', () => {
    expect(render(undefined, { type: 'cancelled', by: 'U0REQUEST' }).text).toContain(
      '<@U0REQUEST> cancelled',
    );
  });
});

describe('renderRequestEvent: orders', () => {
  it('lists created order ids and asks for the LOA when none was shared', () => {
    const m = render(submitted(), { type: 'orders_created', orderIds: ['ord-1', 'ord-2'] });
    expect(m.text).toContain('Bandwidth accepted 2 import orders: `ord-1`, `ord-2`');
    expect(m.text).toContain("Next: share the subscriber's signed LOA in this thread");
  });

  it('says whether a failed create will be retried', () => {
    expect(
      render(submitted(), { type: 'submit_failed', message: 'HTTP 503', willRetry: true }).text,
    ).toContain('nothing is created twice');
    expect(
      render(submitted(), { type: 'submit_failed', message: '7309 <bad site>', willRetry: false }).text,
    ).toContain('7309 &lt;bad site&gt;. The bot will not retry');
  });

  it('reports a status change in the thread only', () => {
    const m = render(submitted({ status: 'PROCESSING' }), {
      type: 'order_status',
      orderId: 'b1a4c9e2-0000-4000-8000-000000000001',
      status: 'PROCESSING',
    });
    expect(m.broadcast).toBe(false);
    expect(m.text).toBe('Order `b1a4c9e2-0000-4000-8000-000000000001` (3 numbers): :gear: processing.');
  });

  it('lists a PARTIAL order’s failed numbers with code and next step', () => {
    const errors = [{ code: '7518', description: 'Telephone Number Not Active', numbers: tns(1, 2) }];
    const request = submitted({ status: 'PARTIAL', errors });
    const m = render(request, {
      type: 'order_status',
      orderId: 'b1a4c9e2-0000-4000-8000-000000000001',
      status: 'PARTIAL',
    });
    expect(m.all).toContain('*7518: ');
    expect(m.all).toContain('(919) 200-0002');
    expect(m.all).toContain('*Next step:*');
  });

  it('sends people to Bandwidth support for an EXCEPTION', () => {
    const m = render(submitted({ status: 'EXCEPTION' }), {
      type: 'order_status',
      orderId: 'b1a4c9e2-0000-4000-8000-000000000001',
      status: 'EXCEPTION',
    });
    expect(m.text).toContain('Ask Bandwidth support about order');
  });
});

describe('renderRequestEvent: finished', () => {
  it('broadcasts a completion to the channel, mentioning the requester, with the LOA as next step', () => {
    const m = render(submitted({ status: 'COMPLETE' }, { state: 'complete' }), {
      type: 'finished',
      outcome: 'complete',
    });
    expect(m.broadcast).toBe(true);
    expect(m.text).toMatch(
      /^:white_check_mark: <@U0REQUEST> import request HM-7KQ2XD is complete: 3 numbers/,
    );
    expect(m.text).toContain("Share the subscriber's signed LOA");
  });

  it('leaves out the LOA reminder once an LOA was uploaded', () => {
    const loa = {
      slackFileId: 'F1',
      name: 'loa.pdf',
      mimetype: 'application/pdf',
      size: 10,
      sharedBy: 'U0REQUEST',
      sharedAt: AT,
      uploads: { x: 'y.pdf' },
    };
    const m = render(submitted({ status: 'COMPLETE' }, { state: 'complete', loaFiles: [loa] }), {
      type: 'finished',
      outcome: 'complete',
    });
    expect(m.text).not.toContain('LOA');
  });

  it('lists each failed number of a partial import with its code, reason and next step', () => {
    const errors = [{ code: '7518', description: 'Telephone Number Not Active', numbers: tns(1, 2) }];
    const m = render(submitted({ status: 'PARTIAL', errors }, { state: 'partial' }), {
      type: 'finished',
      outcome: 'partial',
    });
    expect(m.broadcast).toBe(true);
    expect(m.text).toContain(
      '<@U0REQUEST> import request HM-7KQ2XD partly completed: 2 of 3 numbers imported, 1 number failed',
    );
    expect(m.all).toContain('*7518: ');
    expect(m.all).toContain('_Bandwidth said: Telephone Number Not Active_');
    expect(m.all).toContain('*Next step:*');
    expect(m.all).toContain('(919) 200-0002');
  });

  it('names orders that need a human', () => {
    const m = render(submitted({ status: 'EXCEPTION' }, { state: 'partial' }), {
      type: 'finished',
      outcome: 'partial',
      needsAttention: ['ord-9'],
    });
    expect(m.text).toContain('1 order stopped with an exception (`ord-9`)');
  });

  it('broadcasts a failure with what to do next', () => {
    const errors = [{ code: '5163', description: 'No messaging service', numbers: tns(3) }];
    const m = render(submitted({ status: 'FAILED', errors }, { state: 'failed' }), {
      type: 'finished',
      outcome: 'failed',
    });
    expect(m.broadcast).toBe(true);
    expect(m.text).toContain('failed: no number was imported');
    expect(m.all).toContain('*5163: ');
    expect(m.text).toContain('start again with `/hosted import`');
  });

  it('stays within limits when thousands of numbers failed under many codes', () => {
    const base = hugeRequest();
    const importable = base.check?.importable ?? [];
    const errors = Array.from({ length: 15 }, (_, i) => ({
      code: String(7500 + i),
      description: `Reason ${i}`,
      numbers: importable.slice(i * 200, (i + 1) * 200),
    }));
    const request = {
      ...base,
      state: 'failed' as const,
      orders: [order({ numbers: importable, status: 'FAILED', errors })],
    };
    const m = render(request, { type: 'finished', outcome: 'failed' });
    expect(m.all).toContain('refused with other codes');
  });
});

describe('renderRequestEvent: LOA and messaging', () => {
  it('says a file waits for the order', () => {
    expect(render(makeRequest(), { type: 'loa_waiting', fileName: 'loa.pdf' }).text).toContain(
      'Got loa.pdf. It is attached to the order as soon as Bandwidth creates it.',
    );
  });

  it('confirms an upload with the order and Bandwidth’s file name', () => {
    const m = render(submitted(), {
      type: 'loa_uploaded',
      fileName: 'loa.pdf',
      orderId: 'ord-1',
      bandwidthFileName: 'ord-1-123.pdf',
    });
    expect(m.text).toBe(
      ':page_facing_up: Attached loa.pdf to order `ord-1` (Bandwidth file `ord-1-123.pdf`).',
    );
  });

  it('says why an LOA was refused and what to send instead, escaping the file name', () => {
    const m = render(submitted(), {
      type: 'loa_refused',
      fileName: '<!channel>.docx',
      reason: 'it is a Word document',
      by: 'U0SHARER',
    });
    expect(m.text).toContain(
      "<@U0SHARER>, &lt;!channel&gt;.docx can't be used as the LOA: it is a Word document.",
    );
    expect(m.text).toContain(
      'Share the signed LOA as a PDF (best), or a TIFF, JPEG or PNG scan, up to 10 MB',
    );
  });

  it('says a failed upload is retried', () => {
    expect(
      render(submitted(), {
        type: 'loa_upload_failed',
        fileName: 'loa.pdf',
        orderId: 'ord-1',
        message: 'HTTP 500',
      }).text,
    ).toContain('The bot tries again later');
  });

  it('broadcasts lost messaging, naming the numbers and what it means', () => {
    const m = render(submitted({ status: 'COMPLETE' }, { state: 'complete' }), {
      type: 'messaging_lost',
      numbers: tns(2),
    });
    expect(m.broadcast).toBe(true);
    expect(m.text).toContain(
      '<@U0REQUEST>, 2 numbers from request HM-7KQ2XD no longer have hosted messaging',
    );
    expect(m.text).toContain('(919) 200-0000, (919) 200-0001');
    expect(m.text).toContain('another provider took messaging over');
  });

  it('keeps lost messaging for thousands of numbers within limits', () => {
    const m = render(hugeRequest(), { type: 'messaging_lost', numbers: tns(5000) });
    expect(m.text).toMatch(/and [\d,]+ more/);
  });
});
