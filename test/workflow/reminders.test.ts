import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ImportRequest, RequestEvent } from '../../src/domain/request';
import { type BandwidthSimulator, startBandwidthSimulator } from '../../src/sandbox/bandwidth';
import { createStore, type Store } from '../../src/store';
import { SETS } from '../../src/workflow/repository';
import { APPROVER, approveOk, createOk, type Harness, PDF_BYTES, REQUESTER, startHarness } from './helpers';

const H = 3_600_000;
const T0 = Date.parse('2026-11-30T09:00:00.000Z');
const REMINDERS = { approvalReminderMs: 4 * H, loaReminderMs: 24 * H };

type Reminder = Extract<RequestEvent, { type: 'reminder' }>;

function reminders(request: ImportRequest | undefined, kind?: Reminder['kind']): Reminder[] {
  return (request?.outbox ?? [])
    .map((p) => p.event)
    .filter((e): e is Reminder => e.type === 'reminder' && (kind === undefined || e.kind === kind));
}

describe('reminders in the workflow', () => {
  let clock: number;
  const now = () => clock;
  let sim: BandwidthSimulator;
  const harnesses: Harness[] = [];

  beforeEach(async () => {
    clock = T0;
    sim = await startBandwidthSimulator();
  });
  afterEach(async () => {
    for (const h of harnesses.splice(0)) await h.close();
    await sim.close();
  });

  async function start(options: Parameters<typeof startHarness>[0] = {}): Promise<Harness> {
    const h = await startHarness({ sim, now, config: REMINDERS, ...options });
    harnesses.push(h);
    return h;
  }

  it('reminds the approvers once per interval while nobody decides, and stops at the decision', async () => {
    const h = await start({ approvers: [APPROVER, 'S0APPROVERS'] });
    const created = await createOk(h.workflow, ['9195550001']);
    clock = T0 + 4 * H - 1;
    await h.workflow.reconcile();
    expect(reminders(await h.workflow.getRequest(created.id))).toEqual([]);

    clock = T0 + 4 * H;
    await h.workflow.reconcile();
    await h.workflow.reconcile();
    clock = T0 + 8 * H - 1;
    await h.workflow.reconcile();
    expect(reminders(await h.workflow.getRequest(created.id))).toEqual([
      {
        type: 'reminder',
        kind: 'approval',
        approvers: [APPROVER, 'S0APPROVERS'],
        since: new Date(T0).toISOString(),
        count: 1,
      },
    ]);

    clock = T0 + 8 * H;
    await h.workflow.reconcile();
    expect(reminders(await h.workflow.getRequest(created.id)).map((r) => r.count)).toEqual([1, 2]);

    await approveOk(h.workflow, created.id);
    clock = T0 + 100 * H;
    await h.workflow.reconcile();
    expect(reminders(await h.workflow.getRequest(created.id), 'approval')).toHaveLength(2);
  });

  it('asks the requester for the LOA once a day after the order, also once complete, until it arrives', async () => {
    const h = await start();
    const created = await createOk(h.workflow, ['9195550001']);
    await approveOk(h.workflow, created.id);
    await sim.advance();
    await sim.advance();
    await h.workflow.reconcile();
    expect((await h.workflow.getRequest(created.id))?.state).toBe('complete');

    clock = T0 + 24 * H;
    await h.workflow.reconcile();
    clock = T0 + 47 * H;
    await h.workflow.reconcile();
    expect(reminders(await h.workflow.getRequest(created.id), 'loa')).toEqual([
      { type: 'reminder', kind: 'loa', since: new Date(T0).toISOString(), count: 1 },
    ]);

    clock = T0 + 48 * H;
    await h.workflow.reconcile();
    expect(reminders(await h.workflow.getRequest(created.id), 'loa')).toHaveLength(2);

    const file = h.files.add('F1', 'loa.pdf', 'application/pdf', PDF_BYTES);
    const added = await h.workflow.addLoa({ requestId: created.id }, file, REQUESTER, 'Ev1');
    expect(added.outcome).toBe('kept');
    clock = T0 + 200 * H;
    await h.workflow.reconcile();
    expect(reminders(await h.workflow.getRequest(created.id), 'loa')).toHaveLength(2);
    expect(await h.store.setMembers(SETS.reminders)).not.toContain(created.id);
  });

  it('sends nothing when both reminders are turned off', async () => {
    const h = await start({ config: { approvalReminderMs: 0, loaReminderMs: 0 } });
    const created = await createOk(h.workflow, ['9195550001']);
    clock = T0 + 1000 * H;
    expect(await h.workflow.sendReminders()).toEqual({ sent: 0, failed: 0 });
    expect(reminders(await h.workflow.getRequest(created.id))).toEqual([]);
  });

  it('survives a restart: the new process on the same SQLite file neither repeats nor forgets a reminder', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'wf-reminders-'));
    try {
      const storeUrl = `sqlite://${path.join(dir, 'bot.sqlite')}`;
      const first = await start({ storeUrl });
      const created = await createOk(first.workflow, ['9195550001']);
      clock = T0 + 4 * H;
      await first.workflow.reconcile();
      await first.close();
      harnesses.splice(harnesses.indexOf(first), 1);

      const second = await start({ storeUrl });
      clock = T0 + 5 * H;
      await second.workflow.reconcile();
      expect(reminders(await second.workflow.getRequest(created.id)).map((r) => r.count)).toEqual([1]);
      clock = T0 + 8 * H;
      await second.workflow.reconcile();
      expect(reminders(await second.workflow.getRequest(created.id)).map((r) => r.count)).toEqual([1, 2]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  const REDIS_URL = process.env.REDIS_URL;
  it(`records each reminder once when two replicas sweep at the same moment (${REDIS_URL ? 'two stores on Redis' : 'one memory:// store'})`, async () => {
    const stores: Store[] = [];
    try {
      let a: Harness;
      let b: Harness;
      if (REDIS_URL) {
        const namespace = `wf-reminders-${randomUUID()}`;
        stores.push(...(await Promise.all([1, 2].map(() => createStore({ url: REDIS_URL, namespace })))));
        a = await start({ store: stores[0], webhook: false });
        b = await start({ store: stores[1], webhook: false });
      } else {
        a = await start({ webhook: false });
        b = await a.replica({ now, config: REMINDERS });
      }
      const waiting = await Promise.all([1, 2, 3].map((i) => createOk(a.workflow, [`919555000${i}`])));
      const ordered = await createOk(a.workflow, ['9195550009']);
      await approveOk(a.workflow, ordered.id);
      for (const hours of [4, 8, 12, 24, 28]) {
        clock = T0 + hours * H;
        // Sweeps without the reconcile lease, and full reconciles, all at once on both replicas.
        await Promise.all([
          a.workflow.sendReminders(),
          b.workflow.sendReminders(),
          a.workflow.reconcile(),
          b.workflow.reconcile(),
        ]);
      }
      for (const request of waiting) {
        const counts = reminders(await b.workflow.getRequest(request.id)).map((r) => r.count);
        expect(counts).toEqual([1, 2, 3, 4, 5]);
      }
      expect(reminders(await b.workflow.getRequest(ordered.id), 'loa').map((r) => r.count)).toEqual([1]);
    } finally {
      for (const h of harnesses.splice(0)) await h.close();
      for (const s of stores) await s.close();
    }
  });
});
