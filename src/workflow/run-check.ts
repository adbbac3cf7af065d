import { randomUUID } from 'node:crypto';
import { IN_OPEN_REQUEST_CODE } from '../domain/bandwidth-codes';
import { holdsNumbersBefore, type ImportRequest, type RejectedNumbers } from '../domain/request';
import { recordCheck, recordRetryableFailure } from '../domain/request-transitions';
import { withLease } from '../store/lease';
import {
  describeFailure,
  isDefinitiveRefusal,
  isRetryable,
  mapLimit,
  toRejected,
  type WorkflowContext,
} from './context';
import { gatewayFor } from './order-kinds';
import { SETS } from './repository';

/**
 * Runs Bandwidth's checker for a request in `checking` and records the verdict. When Bandwidth
 * cannot be reached the request stays in `checking`, the thread hears so once, and the poller
 * checks again: nothing typed by the requester is lost. A definite refusal of the check itself
 * (a 4xx with Bandwidth's codes, e.g. an invalid site) makes every number not importable, with
 * Bandwidth's reason attached. Numbers an earlier open request already holds are left out before
 * Bandwidth is asked, each group naming that request.
 */
export async function runCheck(ctx: WorkflowContext, requestId: string): Promise<ImportRequest | undefined> {
  // The request's own path and the poller's sweep may both find it in `checking`: one checks, so a
  // removal's thousands of look-ups are not made twice; the other reads what it recorded later.
  const owner = `${ctx.instanceId}:${randomUUID()}`;
  const outcome = await withLease(
    ctx.store,
    `workflow:check:${requestId}`,
    owner,
    () => checkOnce(ctx, requestId),
    {
      ttlMs: ctx.config.leaseMs,
      onLost: (error) => ctx.logger.warn({ requestId, err: error }, 'check lease lost while checking'),
    },
  );
  return outcome.busy ? ctx.repo.load(requestId) : outcome.value;
}

async function checkOnce(ctx: WorkflowContext, requestId: string): Promise<ImportRequest | undefined> {
  const request = await ctx.repo.load(requestId);
  if (request?.state !== 'checking') return request;
  const held = await heldByEarlierRequests(ctx, request);
  const taken = new Set(held.flatMap((g) => g.numbers));
  const numbers = request.numbers.filter((n) => !taken.has(n));
  let verdict: { importable: string[]; rejected: ReturnType<typeof toRejected> };
  try {
    const result =
      numbers.length === 0
        ? { eligible: [], refused: [] }
        : await gatewayFor(ctx.bandwidth, request).check({ ...request, numbers });
    verdict = { importable: result.eligible, rejected: [...toRejected(result.refused), ...held] };
  } catch (error) {
    if (isDefinitiveRefusal(error)) {
      verdict = { importable: [], rejected: [...refusedGroups(error.errors, numbers), ...held] };
    } else if (isRetryable(error)) {
      ctx.logger.warn({ requestId, err: error }, 'checking the numbers failed; will retry');
      const message = describeFailure(error);
      const now = ctx.now();
      const saved = await ctx.repo.mutate(requestId, (r) => ({
        request:
          r.state === 'checking'
            ? recordRetryableFailure(
                r,
                { stage: 'check', message, event: { type: 'check_failed', message, willRetry: true } },
                now,
              )
            : r,
        result: null,
      }));
      return saved?.request;
    } else {
      throw error;
    }
  }
  const now = ctx.now();
  const saved = await ctx.repo.mutate(requestId, (r) => {
    const t = recordCheck(r, verdict, now);
    return { request: t.ok ? t.request : r, result: null };
  });
  ctx.logger.info(
    { requestId, importable: verdict.importable.length, state: saved?.request.state },
    'numbers checked',
  );
  return saved?.request;
}

/** Store reads made at once while looking for earlier requests holding the numbers. */
const HOLDER_LOOKUPS = 32;

/**
 * The request's numbers that earlier open requests (an import or a removal) already hold, one
 * group per holder naming it: they are left out of this request instead of ending in a second
 * order that Bandwidth would refuse.
 */
async function heldByEarlierRequests(
  ctx: WorkflowContext,
  request: ImportRequest,
): Promise<RejectedNumbers[]> {
  const holders = await mapLimit(request.numbers, HOLDER_LOOKUPS, (tn) =>
    ctx.store.setMembers(SETS.number(tn)),
  );
  const others = [...new Set(holders.flat())].filter((id) => id !== request.id);
  if (others.length === 0) return [];
  const earlier = new Set(
    (await ctx.repo.loadMany(others)).filter((o) => holdsNumbersBefore(o, request)).map((o) => o.id),
  );
  const groups = new Map<string, string[]>();
  request.numbers.forEach((tn, i) => {
    const holder = holders[i]?.find((id) => earlier.has(id));
    if (holder === undefined) return;
    const group = groups.get(holder);
    if (group) group.push(tn);
    else groups.set(holder, [tn]);
  });
  return [...groups].map(([id, numbers]) => ({
    code: IN_OPEN_REQUEST_CODE,
    description: `In open request ${id}`,
    numbers,
  }));
}

/** Every number gets a reason: those Bandwidth named under their code, the rest under the first code. */
function refusedGroups(
  errors: readonly { code: string; description: string; numbers?: string[] }[],
  numbers: readonly string[],
) {
  const groups = toRejected(errors);
  const named = new Set(groups.flatMap((g) => g.numbers));
  const rest = numbers.filter((n) => !named.has(n));
  const first = groups.find((g) => g.numbers.length === 0) ?? groups[0];
  if (rest.length > 0) {
    if (first) first.numbers.push(...rest);
    else groups.push({ code: 'unknown', description: 'Bandwidth refused the check', numbers: [...rest] });
  }
  return groups.filter((g) => g.numbers.length > 0);
}
