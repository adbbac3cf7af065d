import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { buildRequestNotFound, buildRequestStatus } from '../views/status';
import type { ListenerDeps } from './deps';

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** "Status" on a card or in the Home tab: the request's status and audit trail, to the clicker alone. */
export function handleStatusButton(deps: ListenerDeps) {
  return async ({ ack, action, body, client }: ButtonArgs): Promise<void> => {
    await ack();
    await postStatus(deps, client, body.user.id, body.channel?.id, action.value ?? '');
  };
}

/** Shows a request's status ephemerally in the channel, or in a DM with the bot when there is no channel. */
export async function postStatus(
  deps: ListenerDeps,
  client: ButtonArgs['client'],
  userId: string,
  channelId: string | undefined,
  requestId: string,
): Promise<void> {
  const request = await deps.workflow.getRequest(requestId);
  const message = request
    ? buildRequestStatus(request, { command: deps.command })
    : buildRequestNotFound(requestId, deps.command);
  if (channelId) {
    await client.chat.postEphemeral({ channel: channelId, user: userId, ...message });
  } else {
    await client.chat.postMessage({ channel: userId, ...message });
  }
}
