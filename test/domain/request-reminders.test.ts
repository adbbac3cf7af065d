import type { ImportRequest } from '../../src/domain/request';
import {
  awaitsReminders,
  dueReminders,
  type ReminderPolicy,
  recordReminder,
} from '../../src/domain/request-reminders';
import {
  addLoaFile,
  applyOrderStatus,
  cancel,
  expire,
  recordCheck,
  reject,
} from '../../src/domain/request-transitions';
import { approved, awaiting, fresh, numbers, submitted, T0, unwrap } from './request-fixtures';

const H = 3_600_000;
const POLICY: ReminderPolicy = { approvalEveryMs: 4 * H, loaEveryMs: 24 * H };
const AUDIENCE = { approvers: ['UAPP', 'S0GROUP', 'UREQ'], allowSelfApproval: false };
/** awaiting() is checked at T0 + 1 s, submitted() creates its order at T0 + 3 s. */
const CHECKED = T0 + 1000;
const ORDERED = T0 + 3000;

function complete(): ImportRequest {
  return applyOrderStatus(submitted(), 'ORD-1', 'COMPLETE', [], 'notification', ORDERED + H).request;
}

function withLoa(request: ImportRequest): ImportRequest {
  const file = { slackFileId: 'F1', name: 'loa.pdf', mimetype: 'application/pdf', size: 10 };
  return unwrap(addLoaFile(request, { ...file, sharedBy: 'UREQ', sharedAt: new Date(T0).toISOString() }, T0));
}

/** The request after every reminder due at each of `times` was recorded. */
function remindedAt(request: ImportRequest, ...times: number[]): ImportRequest {
  let r = request;
  for (const now of times) {
    for (const due of dueReminders(r, now, POLICY)) r = unwrap(recordReminder(r, due, now, POLICY, AUDIENCE));
  }
  return r;
}

describe('dueReminders', () => {
  it.each<[string, () => ImportRequest, number, ReminderPolicy, string[]]>([
    ['awaiting approval, before the interval', () => awaiting(), CHECKED + 4 * H - 1, POLICY, []],
    ['awaiting approval, at the interval', () => awaiting(), CHECKED + 4 * H, POLICY, ['approval#1']],
    [
      'awaiting approval, approval reminders off',
      () => awaiting(),
      CHECKED + 99 * H,
      { ...POLICY, approvalEveryMs: 0 },
      [],
    ],
    [
      'awaiting approval, one reminder sent, not yet again',
      () => remindedAt(awaiting(), CHECKED + 4 * H),
      CHECKED + 8 * H - 1,
      POLICY,
      [],
    ],
    [
      'awaiting approval, one reminder sent, again',
      () => remindedAt(awaiting(), CHECKED + 4 * H),
      CHECKED + 8 * H,
      POLICY,
      ['approval#2'],
    ],
    [
      'awaiting approval, sent late: the next waits a full interval',
      () => remindedAt(awaiting(), CHECKED + 7 * H),
      CHECKED + 10 * H,
      POLICY,
      [],
    ],
    ['still checking', () => fresh(), T0 + 99 * H, POLICY, []],
    ['approved, orders not created yet', () => approved(), T0 + 99 * H, POLICY, []],
    ['rejected', () => unwrap(reject(awaiting(), 'UAPP', 'no', CHECKED)), T0 + 99 * H, POLICY, []],
    ['expired', () => unwrap(expire(awaiting(), CHECKED)), T0 + 99 * H, POLICY, []],
    ['cancelled', () => unwrap(cancel(awaiting(), 'UREQ', CHECKED)), T0 + 99 * H, POLICY, []],
    [
      'not importable',
      () => unwrap(recordCheck(fresh(), { importable: [], rejected: [] }, CHECKED)),
      T0 + 99 * H,
      POLICY,
      [],
    ],
    ['submitted without an LOA, before the interval', () => submitted(), ORDERED + 24 * H - 1, POLICY, []],
    ['submitted without an LOA, at the interval', () => submitted(), ORDERED + 24 * H, POLICY, ['loa#1']],
    ['submitted with an LOA', () => withLoa(submitted()), ORDERED + 99 * H, POLICY, []],
    [
      'LOA shared before approval',
      () => withLoa(awaiting()),
      CHECKED + 4 * H,
      { ...POLICY, loaEveryMs: 1 },
      ['approval#1'],
    ],
    ['complete without an LOA', () => complete(), ORDERED + 24 * H, POLICY, ['loa#1']],
    [
      'complete without an LOA, reminded the day before',
      () => remindedAt(complete(), ORDERED + 24 * H),
      ORDERED + 48 * H,
      POLICY,
      ['loa#2'],
    ],
    ['complete with an LOA', () => withLoa(complete()), ORDERED + 99 * H, POLICY, []],
    [
      'failed',
      () => applyOrderStatus(submitted(), 'ORD-1', 'FAILED', [], 'poller', ORDERED).request,
      ORDERED + 99 * H,
      POLICY,
      [],
    ],
    ['LOA reminders off', () => complete(), ORDERED + 99 * H, { ...POLICY, loaEveryMs: 0 }, []],
  ])('%s', (_what, build, now, policy, expected) => {
    expect(dueReminders(build(), now, policy).map((d) => `${d.kind}#${d.slot}`)).toEqual(expected);
  });
});

describe('recordReminder', () => {
  it('mentions the approvers but not a requester who may not approve their own request', () => {
    const r = remindedAt(awaiting(), CHECKED + 4 * H);
    expect(r.outbox.at(-1)?.event).toEqual({
      type: 'reminder',
      kind: 'approval',
      approvers: ['UAPP', 'S0GROUP'],
      since: new Date(CHECKED).toISOString(),
      count: 1,
    });
    expect(r.reminders?.approval).toEqual({ count: 1, lastAt: new Date(CHECKED + 4 * H).toISOString() });
    expect(r.audit.at(-1)).toMatchObject({ actor: 'bot', action: 'reminded', detail: 'approval #1' });
  });

  it('asks the requester for the LOA, counting from the order', () => {
    const r = remindedAt(submitted(), ORDERED + 24 * H);
    expect(r.outbox.at(-1)?.event).toEqual({
      type: 'reminder',
      kind: 'loa',
      since: new Date(ORDERED).toISOString(),
      count: 1,
    });
  });

  it('changes nothing when the reminder was already recorded (the claim another sweep lost)', () => {
    const now = CHECKED + 4 * H;
    const [due] = dueReminders(awaiting(), now, POLICY);
    const once = unwrap(recordReminder(awaiting(), due!, now, POLICY, AUDIENCE));
    expect(unwrap(recordReminder(once, due!, now, POLICY, AUDIENCE))).toBe(once);
  });

  it('changes nothing when the request moved on meanwhile', () => {
    const now = CHECKED + 4 * H;
    const [due] = dueReminders(awaiting(), now, POLICY);
    const rejected = unwrap(reject(awaiting(), 'UAPP', 'no', now - 1));
    expect(unwrap(recordReminder(rejected, due!, now, POLICY, AUDIENCE))).toBe(rejected);
  });
});

describe('awaitsReminders', () => {
  it('holds while a decision or an LOA is awaited, and not once a request is done with', () => {
    expect(awaitsReminders(awaiting())).toBe(true);
    expect(awaitsReminders(complete())).toBe(true);
    expect(awaitsReminders(withLoa(complete()))).toBe(false);
    expect(awaitsReminders(unwrap(reject(awaiting(numbers(1)), 'UAPP', 'no', CHECKED)))).toBe(false);
  });
});
