import {
  approveOk,
  createOk,
  createRemovalOk,
  DETAILS,
  type Harness,
  importToCompletion,
  REQUESTER,
  startHarness,
} from './helpers';

/** Calls the simulator's checker received so far. */
function checkerCalls(h: Harness): number {
  return h.sim.requests.filter((r) => /importTnChecker$/i.test(r.path)).length;
}

describe('workflow: one open request per number', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  it('leaves out of a new request the numbers an earlier open request holds, naming it, without asking Bandwidth about them', async () => {
    h = await startHarness({ webhook: false });
    const first = await createOk(h.workflow, ['9195550001', '9195550002']);
    expect(first.state).toBe('awaiting_approval');
    const calls = checkerCalls(h);

    const second = await createOk(h.workflow, ['9195550002', '9195550003']);
    expect(second.state).toBe('awaiting_approval');
    expect(second.check?.importable).toEqual(['9195550003']);
    expect(second.check?.rejected).toEqual([
      { code: 'in-open-request', description: `In open request ${first.id}`, numbers: ['9195550002'] },
    ]);
    expect(checkerCalls(h)).toBe(calls + 1);

    // Every number held elsewhere: nothing to approve, and Bandwidth is not asked at all.
    const third = await createOk(h.workflow, ['9195550001']);
    expect(third.state).toBe('not_importable');
    expect(checkerCalls(h)).toBe(calls + 1);
  });

  it('frees the numbers once the earlier request is finished', async () => {
    h = await startHarness({ webhook: false });
    const first = await createOk(h.workflow, ['9195550001']);
    const cancelled = await h.workflow.cancel(first.id, REQUESTER);
    expect(cancelled.ok).toBe(true);
    const second = await createOk(h.workflow, ['9195550001']);
    expect(second.check?.importable).toEqual(['9195550001']);
  });

  it('keeps a removal off a number an import is still working on, and the reverse', async () => {
    h = await startHarness({ webhook: false });
    await importToCompletion(h, ['9195550001']);
    const removal = await createRemovalOk(h.workflow, ['9195550001']);
    expect(removal.state).toBe('awaiting_approval');
    const reimport = await createOk(h.workflow, ['9195550001']);
    expect(reimport.state).toBe('not_importable');
    expect(reimport.check?.rejected[0]).toMatchObject({
      code: 'in-open-request',
      description: `In open request ${removal.id}`,
    });
    await approveOk(h.workflow, removal.id);
    expect((await h.workflow.getRequest(removal.id))?.state).toBe('submitted');
  });

  it('gives a number to exactly one of two requests checked at the same time: the earlier', async () => {
    h = await startHarness({ webhook: false });
    const make = async () => {
      const created = await h.workflow.createRequest({
        requesterId: REQUESTER,
        channelId: 'CREQUESTS',
        details: DETAILS,
        numbers: '9195550001',
        checkNow: false,
      });
      if (!created.ok) throw new Error(created.refusal.message);
      return created.request;
    };
    const a = await make();
    const b = await make();
    await Promise.all([h.workflow.checkRequest(a.id), h.workflow.checkRequest(b.id)]);
    const [first, second] = [await h.workflow.getRequest(a.id), await h.workflow.getRequest(b.id)];
    const earlier =
      a.createdAt < b.createdAt || (a.createdAt === b.createdAt && a.id < b.id) ? first : second;
    const later = earlier === first ? second : first;
    expect(earlier?.state).toBe('awaiting_approval');
    expect(later?.state).toBe('not_importable');
  });
});
