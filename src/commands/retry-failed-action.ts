import { buildRetryNothingImportable } from '../views/retry-result';
import type { ListenerDeps } from './deps';
import { requestButton } from './request-button';

/**
 * "Retry failed numbers" on a PARTIAL or FAILED request's card or final message. The workflow
 * checks who may retry, claims the retry atomically and opens the new request, whose card and
 * thread tell the rest; only a refusal, or a check that found nothing importable, is told here.
 */
export function handleRetryFailedAction(deps: ListenerDeps) {
  return requestButton(deps, 'retry-failed', async ({ requestId, userId, tell }) => {
    const result = await deps.workflow.retryFailed(requestId, userId);
    if (!result.ok) await tell(`:no_entry: ${result.refusal.message}`);
    else if (!result.request) await tell(buildRetryNothingImportable(requestId, result));
  });
}
