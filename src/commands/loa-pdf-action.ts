import type { ListenerDeps } from './deps';
import { requestButton } from './request-button';

/**
 * "Pre-filled LOA (PDF)" on the card: the Letter of Authorization, filled in from the request,
 * goes into the request's thread for the authorizing person to sign. The signed copy shared back
 * in the thread is taken as the LOA as usual; this upload itself is not (it comes from the bot).
 */
export function handleLoaPdfAction(deps: ListenerDeps) {
  return requestButton(deps, 'loa-pdf', async ({ requestId, userId, client, tell }) => {
    const request = await deps.workflow.getRequest(requestId);
    if (!request?.cardTs) return tell(`:no_entry: There is no request ${requestId}.`);
    if (!request.details)
      return tell(`:no_entry: ${requestId} gives numbers back to Bandwidth; it needs no LOA.`);
    // pdf-lib is some 7 MB of heap: loaded the first time someone asks for a PDF, not at start.
    const { buildLoaPdf } = await import('../documents/loa-pdf');
    const pdf = await buildLoaPdf(request, { now: Date.now() });
    await client.filesUploadV2({
      channel_id: request.channelId,
      thread_ts: request.cardTs,
      file: Buffer.from(pdf),
      filename: `${request.id}-loa.pdf`,
      title: `Letter of Authorization ${request.id}`,
      initial_comment: `:page_facing_up: <@${userId}> asked for the LOA of ${request.id}, pre-filled for ${request.details.loaAuthorizingPerson}. Print or e-sign it, then share the signed copy in this thread and the bot attaches it to the order.`,
    });
  });
}
