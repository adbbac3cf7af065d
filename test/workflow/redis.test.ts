import { randomUUID } from 'node:crypto';
import { type BandwidthSimulator, startBandwidthSimulator } from '../../src/sandbox/bandwidth';
import { createStore, type Store } from '../../src/store';
import { approveOk, createOk, type Harness, startHarness } from './helpers';

const REDIS_URL = process.env.REDIS_URL;
const describeWithRedis = REDIS_URL ? describe : describe.skip;

/** Two bots (two store connections, two workflows) sharing one Redis, as two replicas would. */
describeWithRedis('workflow on Redis shared by two replicas', () => {
  let sim: BandwidthSimulator;
  let stores: Store[];
  let harnesses: Harness[];
  const approvers = Array.from({ length: 20 }, (_, i) => `UAPP${i}`);

  beforeEach(async () => {
    sim = await startBandwidthSimulator();
    const namespace = `wf-test-${randomUUID()}`;
    stores = await Promise.all([1, 2].map(() => createStore({ url: REDIS_URL ?? '', namespace })));
    harnesses = await Promise.all(
      stores.map((store) => startHarness({ store, sim, approvers, webhook: false })),
    );
  });
  afterEach(async () => {
    for (const h of harnesses) await h.close();
    for (const s of stores) await s.close();
    await sim.close();
  });

  it('takes one decision and makes one order when 20 approvals race across replicas', async () => {
    const [a, b] = harnesses as [Harness, Harness];
    const created = await createOk(a.workflow, ['9195550001']);
    const results = await Promise.all(
      approvers.map((u, i) => (i % 2 ? a : b).workflow.approve(created.id, u)),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(sim.importOrders()).toHaveLength(1);
    expect((await b.workflow.getRequest(created.id))?.orders[0]?.orderId).toBe(
      sim.importOrders()[0]?.orderId,
    );
  });

  it('lets one replica finish what the other started', async () => {
    const [a, b] = harnesses as [Harness, Harness];
    const created = await createOk(a.workflow, ['9195550001']);
    await approveOk(a.workflow, created.id, 'UAPP1');
    await sim.advance();
    await sim.advance();
    const [first, second] = await Promise.all([a.workflow.reconcile(), b.workflow.reconcile()]);
    expect([first.skipped, second.skipped].filter((s) => !s).length).toBeGreaterThanOrEqual(1);
    expect((await a.workflow.getRequest(created.id))?.state).toBe('complete');
  });
});
