import { ids } from '../../src/views/ids';
import { checkBlockKitLimits } from '../../src/views/limits';
import { buildRequestNotFound, buildRequestStatus } from '../../src/views/status';
import { AT, hugeRequest, makeRequest, mrkdwnTexts } from './fixtures';

describe('buildRequestStatus', () => {
  it('shows the request without its decision buttons, plus the audit trail', () => {
    const request = makeRequest({
      audit: [
        { at: AT, actor: 'user:U0REQUEST', action: 'created', detail: '5 numbers' },
        { at: AT, actor: 'bandwidth', action: 'checked', detail: '3 importable, 2 not' },
      ],
    });
    const status = buildRequestStatus(request);
    expect(status.blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(JSON.stringify(status.blocks)).not.toContain(ids.card.overflow);
    const all = mrkdwnTexts(status.blocks).join('\n');
    expect(all).toContain('*History*');
    expect(all).toContain('<@U0REQUEST> created: 5 numbers');
    expect(all).toContain('Bandwidth checked: 3 importable, 2 not');
    expect(status.text).toContain('Status of HM-7KQ2XD');
    expect(checkBlockKitLimits(status)).toEqual([]);
  });

  it('keeps the newest history entries of a long trail within limits', () => {
    const audit = Array.from({ length: 500 }, (_, i) => ({
      at: AT,
      actor: 'poller',
      action: 'order_status',
      detail: `step ${i} ${'x'.repeat(80)}`,
    }));
    const status = buildRequestStatus(hugeRequest({ audit }));
    expect(checkBlockKitLimits(status)).toEqual([]);
    const all = mrkdwnTexts(status.blocks).join('\n');
    expect(all).toContain('step 499');
    expect(all).not.toContain('step 0 ');
    expect(all).toContain('460 earlier not shown');
  });

  it('escapes audit details', () => {
    const status = buildRequestStatus(
      makeRequest({ audit: [{ at: AT, actor: 'bot', action: 'note', detail: '<!channel>' }] }),
    );
    expect(mrkdwnTexts(status.blocks).join('\n')).not.toContain('<!channel>');
  });

  it('links the card when given its permalink', () => {
    const status = buildRequestStatus(makeRequest(), { cardUrl: 'https://team.slack.com/archives/C1/p1' });
    expect(mrkdwnTexts(status.blocks).join('\n')).toContain(
      '<https://team.slack.com/archives/C1/p1|Open the request card',
    );
  });
});

describe('buildRequestNotFound', () => {
  it('says the id was not found, escaped, and how to list requests', () => {
    const answer = buildRequestNotFound('<@U1>', '/hm');
    const all = mrkdwnTexts(answer.blocks).join('\n');
    expect(all).toContain('No request `&lt;@U1&gt;` found');
    expect(all).toContain('`/hm list`');
    expect(checkBlockKitLimits(answer)).toEqual([]);
  });
});
