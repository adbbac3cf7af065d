import type { AllMiddlewareArgs, BlockOverflowAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { decodeMenuValue } from '../views/ids';
import type { ListenerDeps } from './deps';
import { postStatus } from './status-button';
import { tellUser } from './tell-user';

type OverflowArgs = SlackActionMiddlewareArgs<BlockOverflowAction> & AllMiddlewareArgs;

/** The card's overflow menu: status (to the clicker alone) or cancel (requester or approver). */
export function handleCardMenuAction(deps: ListenerDeps) {
  const { workflow, jobs } = deps;
  return async ({ ack, action, body, client }: OverflowArgs): Promise<void> => {
    await ack();
    const choice = decodeMenuValue(action.selected_option.value);
    if (!choice) return;
    const userId = body.user.id;
    const channelId = body.channel?.id;
    jobs.run(
      `menu-${choice.command}`,
      async () => {
        if (choice.command === 'status') return postStatus(deps, client, userId, channelId, choice.requestId);
        const result = await workflow.cancel(choice.requestId, userId);
        if (!result.ok) await tellUser(client, userId, channelId, `:no_entry: ${result.refusal.message}`);
      },
      { requestId: choice.requestId, userId },
    );
  };
}
