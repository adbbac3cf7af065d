import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { buildRejectModal } from '../views/reject-modal';
import type { ListenerDeps } from './deps';

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** Reject on the request card: asks for the reason in a small modal (the decision is taken on its submit). */
export function handleRejectAction(_deps: ListenerDeps) {
  return async ({ ack, action, body, client }: ButtonArgs): Promise<void> => {
    await ack();
    await client.views.open({
      trigger_id: body.trigger_id,
      view: buildRejectModal({
        requestId: action.value ?? '',
        channelId: body.channel?.id ?? '',
        messageTs: body.message?.ts ?? '',
      }),
    });
  };
}
