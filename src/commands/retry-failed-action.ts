import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { buildRetryNothingImportable } from '../views/retry-result';
import type { ListenerDeps } from './deps';
import { tellUser } from './tell-user';

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/**
 * "Retry failed numbers" on a PARTIAL or FAILED request's card or final message. The workflow
 * checks who may retry, claims the retry atomically and opens the new request, whose card and
 * thread tell the rest; only a refusal, or a check that found nothing importable, is told here.
 */
export function handleRetryFailedAction(deps: ListenerDeps) {
  const { workflow, jobs } = deps;
  return async ({ ack, action, body, client }: ButtonArgs): Promise<void> => {
    await ack();
    const requestId = action.value ?? '';
    const userId = body.user.id;
    jobs.run(
      'retry-failed',
      async () => {
        const result = await workflow.retryFailed(requestId, userId);
        if (!result.ok)
          return tellUser(client, userId, body.channel?.id, `:no_entry: ${result.refusal.message}`);
        if (!result.request) {
          await tellUser(client, userId, body.channel?.id, buildRetryNothingImportable(requestId, result));
        }
      },
      { requestId, userId },
    );
  };
}
