import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BandwidthSimulator, startBandwidthSimulator } from '../../src/sandbox/bandwidth';
import {
  APPROVER,
  approveOk,
  createOk,
  type Harness,
  PDF_BYTES,
  REQUESTER,
  startHarness,
  types,
} from './helpers';

describe('workflow on a SQLite store', () => {
  let dir: string;
  let sim: BandwidthSimulator;
  const harnesses: Harness[] = [];
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'wf-sqlite-'));
    sim = await startBandwidthSimulator();
  });
  afterEach(async () => {
    for (const h of harnesses.splice(0)) await h.close();
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function start(): Promise<Harness> {
    const h = await startHarness({ storeUrl: `sqlite://${path.join(dir, 'bot.sqlite')}`, sim });
    harnesses.push(h);
    return h;
  }

  it('runs the whole path, and a restarted bot on the same file finishes it', async () => {
    const first = await start();
    const created = await createOk(first.workflow, ['9195550001', '9195557518']);
    const file = first.files.add('F1', 'loa.pdf', 'application/pdf', PDF_BYTES);
    await first.workflow.addLoa({ requestId: created.id }, file, REQUESTER, 'Ev1');
    await approveOk(first.workflow, created.id, APPROVER);
    await first.close();
    harnesses.splice(harnesses.indexOf(first), 1);

    // Notifications while the bot is down are lost: the restarted bot's poller catches up.
    await sim.advance();
    await sim.advance();
    const second = await start();
    await second.workflow.reconcile();
    const done = await second.workflow.getRequest(created.id);
    expect(done?.state).toBe('partial');
    expect(done?.orders[0]?.errors[0]?.numbers).toEqual(['9195557518']);
    expect(types(done)).toEqual([
      'checked',
      'loa_waiting',
      'approved',
      'orders_created',
      'loa_uploaded',
      'order_status',
      'finished',
    ]);
    expect(sim.importOrders()).toHaveLength(1);
    expect(sim.loaFiles(done?.orders[0]?.orderId ?? '')).toHaveLength(1);
    expect(await second.workflow.listOpenRequests()).toEqual([]);
    expect((await second.workflow.findRequest('9195557518'))?.id).toBe(created.id);
  });

  it('takes one decision when 20 approvals race', async () => {
    const approvers = Array.from({ length: 20 }, (_, i) => `UAPP${i}`);
    const h = await startHarness({ storeUrl: `sqlite://${path.join(dir, 'race.sqlite')}`, sim, approvers });
    harnesses.push(h);
    const created = await createOk(h.workflow, ['9195550001']);
    const results = await Promise.all(approvers.map((u) => h.workflow.approve(created.id, u)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(sim.importOrders()).toHaveLength(1);
  });
});
