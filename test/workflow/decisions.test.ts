import {
  APPROVER,
  APPROVER_2,
  approveOk,
  createOk,
  events,
  type Harness,
  REQUESTER,
  startHarness,
  types,
} from './helpers';

const MANY_APPROVERS = Array.from({ length: 20 }, (_, i) => `UAPP${String(i).padStart(2, '0')}`);

describe('workflow: decisions', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  it('takes exactly one decision and makes one order when 20 approvals race', async () => {
    h = await startHarness({ approvers: MANY_APPROVERS });
    const created = await createOk(h.workflow, ['9195550001', '9195550002']);
    const results = await Promise.all(MANY_APPROVERS.map((userId) => h.workflow.approve(created.id, userId)));
    const winners = results.filter((r) => r.ok);
    expect(winners).toHaveLength(1);
    for (const r of results.filter((r) => !r.ok)) {
      expect(r).toEqual({ ok: false, refusal: expect.objectContaining({ code: 'wrong_state' }) });
    }
    expect(h.sim.importOrders()).toHaveLength(1);
    const request = await h.workflow.getRequest(created.id);
    expect(types(request).filter((t) => t === 'approved')).toHaveLength(1);
    expect(request?.audit.filter((a) => a.action === 'approved')).toHaveLength(1);
  });

  it('takes one decision when two replicas over the same store race', async () => {
    h = await startHarness({ approvers: MANY_APPROVERS });
    const other = await h.replica();
    const created = await createOk(h.workflow, ['9195550001']);
    const results = await Promise.all(
      MANY_APPROVERS.map((userId, i) =>
        (i % 2 === 0 ? h.workflow : other.workflow).approve(created.id, userId),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(h.sim.importOrders()).toHaveLength(1);
  });

  it('lets exactly one of a racing approve and reject win', async () => {
    h = await startHarness();
    const created = await createOk(h.workflow, ['9195550001']);
    const [approval, rejection] = await Promise.all([
      h.workflow.approve(created.id, APPROVER),
      h.workflow.reject(created.id, APPROVER_2, 'duplicate request'),
    ]);
    expect([approval.ok, rejection.ok].filter(Boolean)).toHaveLength(1);
    const request = await h.workflow.getRequest(created.id);
    expect(h.sim.importOrders()).toHaveLength(approval.ok ? 1 : 0);
    expect(request?.state).toBe(approval.ok ? 'submitted' : 'rejected');
  });

  it('refuses self-approval in plain words and creates nothing', async () => {
    h = await startHarness({ approvers: [REQUESTER, APPROVER] });
    const created = await createOk(h.workflow, ['9195550001']);
    const result = await h.workflow.approve(created.id, REQUESTER);
    expect(result).toEqual({
      ok: false,
      refusal: {
        code: 'self_approval',
        message: 'You asked for this import, so someone else has to approve it.',
      },
    });
    expect(h.sim.importOrders()).toHaveLength(0);
    expect((await h.workflow.getRequest(created.id))?.state).toBe('awaiting_approval');
  });

  it('allows self-approval when configured', async () => {
    h = await startHarness({ approvers: [REQUESTER], config: { allowSelfApproval: true } });
    const created = await createOk(h.workflow, ['9195550001']);
    expect((await approveOk(h.workflow, created.id, REQUESTER)).state).toBe('submitted');
  });

  it('refuses someone who is not an approver', async () => {
    h = await startHarness();
    const created = await createOk(h.workflow, ['9195550001']);
    const result = await h.workflow.approve(created.id, 'USTRANGER');
    expect(result).toEqual(
      expect.objectContaining({ ok: false, refusal: expect.objectContaining({ code: 'not_approver' }) }),
    );
    const rejection = await h.workflow.reject(created.id, 'USTRANGER', 'no');
    expect(rejection.ok).toBe(false);
  });

  it('rejects with the reason, after which approval is refused naming who rejected', async () => {
    h = await startHarness();
    const created = await createOk(h.workflow, ['9195550001']);
    const rejected = await h.workflow.reject(created.id, APPROVER, 'customer withdrew');
    expect(rejected.ok).toBe(true);
    const late = await h.workflow.approve(created.id, APPROVER_2);
    expect(late.ok).toBe(false);
    if (!late.ok) expect(late.refusal.message).toContain(`rejected by <@${APPROVER}>`);
    const request = await h.workflow.getRequest(created.id);
    expect(events(request).at(-1)).toEqual({ type: 'rejected', by: APPROVER, reason: 'customer withdrew' });
    expect(await h.workflow.listOpenRequests()).toEqual([]);
  });

  it('lets the requester cancel, but not a stranger', async () => {
    h = await startHarness();
    const created = await createOk(h.workflow, ['9195550001']);
    expect((await h.workflow.cancel(created.id, 'USTRANGER')).ok).toBe(false);
    const cancelled = await h.workflow.cancel(created.id, REQUESTER);
    expect(cancelled).toEqual(expect.objectContaining({ ok: true }));
    expect((await h.workflow.getRequest(created.id))?.state).toBe('cancelled');
  });

  it('answers not_found for a request that does not exist', async () => {
    h = await startHarness({ webhook: false });
    expect(await h.workflow.approve('HM-NOPE99', APPROVER)).toEqual(
      expect.objectContaining({ ok: false, refusal: expect.objectContaining({ code: 'not_found' }) }),
    );
  });

  it('expires a request nobody decided on, from the poller', async () => {
    let clock = Date.parse('2026-03-02T10:00:00Z');
    h = await startHarness({ config: { approvalExpiryMs: 3_600_000 }, now: () => clock, webhook: false });
    const created = await createOk(h.workflow, ['9195550001']);
    await h.workflow.reconcile();
    expect((await h.workflow.getRequest(created.id))?.state).toBe('awaiting_approval');
    clock += 3_600_000;
    await h.workflow.reconcile();
    const expired = await h.workflow.getRequest(created.id);
    expect(expired?.state).toBe('expired');
    expect(events(expired).at(-1)).toEqual({ type: 'expired' });
  });
});
