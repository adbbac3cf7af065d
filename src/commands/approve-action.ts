import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { ListenerDeps } from './deps';

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
        if (!result.ok && body.channel?.id) {
          await client.chat.postEphemeral({
            channel: body.channel.id,
            user: userId,
            text: `:no_entry: ${result.refusal.message}`,
          });
        }
      },
      { requestId, userId },
    );
  };
}
