import type { ImportRequest } from '../domain/request';
import { recordCheck, recordRetryableFailure } from '../domain/request-transitions';
import {
  describeFailure,
  isDefinitiveRefusal,
  isRetryable,
  toRejected,
  type WorkflowContext,
} from './context';
import { gatewayFor } from './order-kinds';

/**
 * Runs Bandwidth's checker for a request in `checking` and records the verdict. When Bandwidth
 * cannot be reached the request stays in `checking`, the thread hears so once, and the poller
 * checks again: nothing typed by the requester is lost. A definite refusal of the check itself
 * (a 4xx with Bandwidth's codes, e.g. an invalid site) makes every number not importable, with
 * Bandwidth's reason attached.
 */
export async function runCheck(ctx: WorkflowContext, requestId: string): Promise<ImportRequest | undefined> {
  const request = await ctx.repo.load(requestId);
  if (request?.state !== 'checking') return request;
  let verdict: { importable: string[]; rejected: ReturnType<typeof toRejected> };
  try {
    const result = await gatewayFor(ctx.bandwidth, request).check(request);
    verdict = { importable: result.eligible, rejected: toRejected(result.refused) };
  } catch (error) {
    if (isDefinitiveRefusal(error)) {
      verdict = { importable: [], rejected: refusedGroups(error.errors, request.numbers) };
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
