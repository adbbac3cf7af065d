import type { ImportRequest } from '../domain/request';
import { claimRetry, failedNumbers, recordRetryOpened, releaseRetry } from '../domain/request-retry';
import { describeFailure, notFound, toRejected, type UseCaseResult, type WorkflowContext } from './context';
import { createRequest } from './create-request';
import { gatewayFor } from './order-kinds';

/** Why nothing was opened, or the new request with what the checker said about the failed numbers. */
export type RetryFailedResult = UseCaseResult<{
  /** The new request, absent when the checker accepted none of the failed numbers. */
  request?: ImportRequest;
  failed: number;
  stillImportable: number;
  /** Failed numbers the checker now refuses, by code. */
  refused: ReturnType<typeof toRejected>;
}>;

/**
 * "Retry failed numbers" on a PARTIAL or FAILED request: re-checks only the numbers Bandwidth did
 * not import and opens a new request (same subscriber, address and signer, linked both ways) for
 * those the checker still accepts; it then goes through the usual approval. The retry is claimed
 * in one atomic update of the first request, so a double click opens one new request. When
 * nothing is opened (the checker refuses them all, or cannot be reached) the claim is given back.
 */
export async function retryFailed(
  ctx: WorkflowContext,
  requestId: string,
  userId: string,
): Promise<RetryFailedResult> {
  const original = await ctx.repo.load(requestId);
  if (!original) return notFound(requestId);
  if (userId !== original.requesterId && !(await ctx.isApprover(userId))) {
    return {
      ok: false,
      refusal: {
        code: 'not_allowed',
        message: `Only the requester or an approver can retry the failed numbers of ${requestId}.`,
      },
    };
  }
  const newId = ctx.newRequestId();
  const claimed = await ctx.repo.mutate(requestId, (r) => {
    const t = claimRetry(r, userId, newId, ctx.now());
    return { request: t.ok ? t.request : r, result: t };
  });
  if (!claimed) return notFound(requestId);
  if (!claimed.result.ok) return claimed.result;
  const release = (reason: string) =>
    ctx.repo.mutate(requestId, (r) => ({ request: releaseRetry(r, newId, ctx.now(), reason), result: null }));

  const failed = failedNumbers(claimed.request);
  let verdict: { importable: string[]; refused: ReturnType<typeof toRejected> };
  try {
    const result = await gatewayFor(ctx.bandwidth, original).check({
      numbers: failed,
      siteId: original.siteId,
      ...(original.sipPeerId === undefined ? {} : { sipPeerId: original.sipPeerId }),
    });
    verdict = { importable: result.eligible, refused: toRejected(result.refused) };
  } catch (error) {
    await release('checker unavailable');
    const message = `Couldn't check the failed numbers with Bandwidth: ${describeFailure(error)}. Try again in a few minutes.`;
    return { ok: false, refusal: { code: 'not_allowed', message } };
  }
  const summary = {
    failed: failed.length,
    stillImportable: verdict.importable.length,
    refused: verdict.refused,
  };
  if (verdict.importable.length === 0) {
    await release('no failed number is importable');
    return { ok: true, ...summary };
  }
  const created = await createRequest(ctx, {
    id: newId,
    retryOf: requestId,
    requesterId: original.requesterId,
    channelId: original.channelId,
    ...(original.details === undefined ? {} : { details: original.details }),
    siteId: original.siteId,
    ...(original.sipPeerId === undefined ? {} : { sipPeerId: original.sipPeerId }),
    numbers: verdict.importable,
  });
  if (!created.ok) {
    await release(created.refusal.message);
    return created;
  }
  await ctx.repo.mutate(requestId, (r) => ({
    request: recordRetryOpened(r, userId, newId, verdict.importable.length, ctx.now()),
    result: null,
  }));
  ctx.logger.info(
    { requestId, retryId: newId, numbers: verdict.importable.length },
    'failed numbers retried',
  );
  return { ok: true, request: created.request, ...summary };
}
