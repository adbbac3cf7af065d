import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { ListenerDeps } from './deps';
import { tellUser } from './tell-user';

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/**
 * Approve on the request card. The workflow decides whether this person may approve and claims
 * the decision atomically, so a double click or two replicas still make one set of orders; a
 * refusal is explained to the clicker alone.
 */
export function handleApproveAction(deps: ListenerDeps) {
  const { workflow, jobs } = deps;
  return async ({ ack, action, body, client }: ButtonArgs): Promise<void> => {
    await ack();
    const requestId = action.value ?? '';
    const userId = body.user.id;
    jobs.run(
      'approve',
      async () => {
        const result = await workflow.approve(requestId, userId);
        if (!result.ok)
          await tellUser(client, userId, body.channel?.id, `:no_entry: ${result.refusal.message}`);
      },
      { requestId, userId },
    );
  };
}
