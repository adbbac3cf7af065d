import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import type { ViewStateValues } from '../views/form';
import { parseRejectSubmission } from '../views/reject-modal';
import type { ListenerDeps } from './deps';

type ViewArgs = SlackViewMiddlewareArgs & AllMiddlewareArgs;

/** The reject modal's submit: the reason is required; the workflow checks who may reject. */
export function handleRejectSubmission(deps: ListenerDeps) {
  const { workflow, jobs } = deps;
  return async ({ ack, view, body, client }: ViewArgs): Promise<void> => {
    const parsed = parseRejectSubmission(view.state.values as ViewStateValues, view.private_metadata);
    if (!parsed.ok) return ack({ response_action: 'errors', errors: parsed.errors });
    await ack();
    const { requestId, channelId, reason } = parsed.value;
    const userId = body.user.id;
    jobs.run(
      'reject',
      async () => {
        const result = await workflow.reject(requestId, userId, reason);
        if (!result.ok && channelId) {
          await client.chat.postEphemeral({
            channel: channelId,
            user: userId,
            text: `:no_entry: ${result.refusal.message}`,
          });
        }
      },
      { requestId, userId },
    );
  };
}
