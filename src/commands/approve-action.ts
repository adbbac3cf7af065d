import type { ListenerDeps } from './deps';
import { requestButton } from './request-button';

/**
 * Approve on the request card. The workflow decides whether this person may approve and claims
 * the decision atomically, so a double click or two replicas still make one set of orders; a
 * refusal is explained to the clicker alone.
 */
export function handleApproveAction(deps: ListenerDeps) {
  return requestButton(deps, 'approve', async ({ requestId, userId, tell }) => {
    const result = await deps.workflow.approve(requestId, userId);
    if (!result.ok) await tell(`:no_entry: ${result.refusal.message}`);
  });
}
