import type { WorkflowContext } from './context';

/**
 * Remembers where the CSV of every number of a long request was posted, so every later rebuild of
 * the card links to it. Written once: a second upload (after a retried drain) keeps the first link.
 */
export async function recordFullList(ctx: WorkflowContext, requestId: string, url: string): Promise<void> {
  await ctx.repo.mutate(requestId, (r) => ({
    request: r.fullListUrl ? r : { ...r, fullListUrl: url },
    result: null,
  }));
}
