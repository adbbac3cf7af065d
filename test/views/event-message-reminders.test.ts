import { renderRequestEvent } from '../../src/views/event-message';
import { checkBlockKitLimits } from '../../src/views/limits';
import { AT, makeRequest, submitted } from './fixtures';

describe('renderRequestEvent: reminders', () => {
  it('mentions approver users and user groups in the thread, with how long the request has waited', () => {
    const m = renderRequestEvent(makeRequest(), {
      type: 'reminder',
      kind: 'approval',
      approvers: ['U0APPROVER', 'S0APPROVERS'],
      since: AT,
      count: 2,
    });
    expect(checkBlockKitLimits({ text: m.text, blocks: m.blocks })).toEqual([]);
    expect(m.broadcast).toBe(false);
    expect(m.text).toContain(':bell: <@U0APPROVER> <!subteam^S0APPROVERS>, request HM-7KQ2XD');
    expect(m.text).toContain('(3 numbers for Acme Dental) has waited for approval since <!date^1741100760^');
    expect(m.text).toContain('Approve or reject it on the card above.');
  });

  it('never turns a malformed approver id into markup', () => {
    const m = renderRequestEvent(makeRequest(), {
      type: 'reminder',
      kind: 'approval',
      approvers: ['<!channel>'],
      since: AT,
      count: 1,
    });
    expect(m.text).not.toContain('<!channel>');
    expect(m.text).toContain('&lt;!channel&gt;');
  });

  it('still reads well when no approver can be mentioned', () => {
    const m = renderRequestEvent(makeRequest(), {
      type: 'reminder',
      kind: 'approval',
      approvers: [],
      since: AT,
      count: 1,
    });
    expect(m.text).toMatch(/^:bell: Request HM-7KQ2XD /);
  });

  it('asks the requester for the signed LOA in the thread', () => {
    const m = renderRequestEvent(submitted(), { type: 'reminder', kind: 'loa', since: AT, count: 1 });
    expect(m.broadcast).toBe(false);
    expect(m.text).toContain(
      ':bell: <@U0REQUEST>, the import order of request HM-7KQ2XD has had no signed LOA since',
    );
    expect(m.text).toContain("share the subscriber's signed LOA in this thread");
  });
});
