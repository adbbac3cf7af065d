import type { ImportRequest } from '../domain/request';
import { notFound, type UseCaseResult, type WorkflowContext } from './context';

/**
 * Remembers where the request's card was posted, so files and replies shared in its thread find
 * the request. The card's channel becomes the request's channel: that is where its thread lives.
 */
export async function attachCard(
  ctx: WorkflowContext,
  requestId: string,
  channelId: string,
  ts: string,
): Promise<UseCaseResult<{ request: ImportRequest }>> {
  // Indexed first: a file shared the instant the card appears must already find the request.
  await ctx.repo.indexCard(channelId, ts, requestId);
  const saved = await ctx.repo.mutate(requestId, (r) => ({
    request: r.cardTs === ts && r.channelId === channelId ? r : { ...r, channelId, cardTs: ts },
    result: null,
  }));
  return saved ? { ok: true, request: saved.request } : notFound(requestId);
}
