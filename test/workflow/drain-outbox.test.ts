import type { PendingEvent } from '../../src/domain/request';
import { APPROVER, approveOk, createOk, type Harness, startHarness } from './helpers';

describe('workflow: drainOutbox', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  it('tells events in order and removes each once told', async () => {
    h = await startHarness({ webhook: false });
    const created = await createOk(h.workflow, ['9195550001']);
    await approveOk(h.workflow, created.id);
    const told: PendingEvent[] = [];
    const outcome = await h.workflow.drainOutbox(created.id, async (_request, pending) => {
      told.push(pending);
    });
    expect(outcome).toEqual({ told: 3, busy: false });
    expect(told.map((p) => p.event.type)).toEqual(['checked', 'approved', 'orders_created']);
    expect(told.map((p) => p.seq)).toEqual([1, 2, 3]);
    expect((await h.workflow.getRequest(created.id))?.outbox).toEqual([]);
    expect(await h.workflow.listRequestsWithPendingEvents()).toEqual([]);
  });

  it('keeps an event that could not be told, and tells it (and the rest) next time', async () => {
    h = await startHarness({ webhook: false });
    const created = await createOk(h.workflow, ['9195550001']);
    await approveOk(h.workflow, created.id);
    const told: string[] = [];
    await expect(
      h.workflow.drainOutbox(created.id, async (_r, pending) => {
        if (pending.event.type === 'approved') throw new Error('slack is down');
        told.push(pending.event.type);
      }),
    ).rejects.toThrow('slack is down');
    expect(told).toEqual(['checked']);
    expect(await h.workflow.listRequestsWithPendingEvents()).toEqual([created.id]);

    await h.workflow.drainOutbox(created.id, async (_r, pending) => {
      told.push(pending.event.type);
    });
    expect(told).toEqual(['checked', 'approved', 'orders_created']);
  });

  it('tells each event once when drains race, across replicas', async () => {
    h = await startHarness({ webhook: false });
    const other = await h.replica();
    const created = await createOk(h.workflow, ['9195550001']);
    await approveOk(h.workflow, created.id, APPROVER);
    const told: number[] = [];
    const tell = async (_r: unknown, pending: PendingEvent) => {
      await new Promise((resolve) => setImmediate(resolve));
      told.push(pending.seq);
    };
    const outcomes = await Promise.all([
      ...Array.from({ length: 5 }, () => h.workflow.drainOutbox(created.id, tell)),
      ...Array.from({ length: 5 }, () => other.workflow.drainOutbox(created.id, tell)),
    ]);
    expect(told).toEqual([1, 2, 3]);
    expect(outcomes.reduce((sum, o) => sum + o.told, 0)).toBe(3);
  });

  it('tells an event again after a crash between telling and acknowledging', async () => {
    h = await startHarness({ webhook: false });
    const created = await createOk(h.workflow, ['9195550001']);
    const told: string[] = [];
    // The notifier posted the message and the process died before the acknowledgement.
    await expect(
      h.workflow.drainOutbox(created.id, async (_r, pending) => {
        told.push(pending.event.type);
        throw new Error('process died');
      }),
    ).rejects.toThrow('process died');
    const restarted = await h.replica();
    await restarted.workflow.drainOutbox(created.id, async (_r, pending) => {
      told.push(pending.event.type);
    });
    expect(told).toEqual(['checked', 'checked']);
  });

  it('calls onOutbox when a change leaves events to tell, and only then', async () => {
    const signalled: string[] = [];
    h = await startHarness({ webhook: false, onOutbox: (id) => signalled.push(id) });
    const created = await createOk(h.workflow, ['9195550001']);
    expect(signalled).toEqual([created.id]);
    await h.workflow.attachCard(created.id, 'C1', '1.1');
    expect(signalled).toEqual([created.id]);
    await approveOk(h.workflow, created.id);
    expect(signalled.length).toBeGreaterThan(1);
    expect(await h.workflow.listRequestsWithPendingEvents()).toEqual([created.id]);
  });
});
