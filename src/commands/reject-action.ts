import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { buildRejectModal } from '../views/reject-modal';
import type { ListenerDeps } from './deps';

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/**
 * Reject on the request card or the Home tab: asks for the reason in a small modal (the decision
 * is taken on its submit). A Home-tab click carries no channel or message, so the request's own
 * card is named instead; without it the modal's submit would be refused as an expired form.
 */
export function handleRejectAction(deps: ListenerDeps) {
  return async ({ ack, action, body, client }: ButtonArgs): Promise<void> => {
    await ack();
    const requestId = action.value ?? '';
    let channelId = body.channel?.id;
    let messageTs = body.message?.ts;
    if (!channelId || !messageTs) {
      const request = await deps.workflow.getRequest(requestId);
      channelId = request?.channelId;
      messageTs = request?.cardTs;
    }
    await client.views.open({
      trigger_id: body.trigger_id,
      view: buildRejectModal({ requestId, channelId: channelId ?? '', messageTs: messageTs ?? '' }),
    });
  };
}
