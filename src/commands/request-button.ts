import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { ListenerDeps } from './deps';
import { tellUser } from './tell-user';

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** One click on a button whose value is a request id (on the card, a thread message or Home). */
export interface RequestClick {
  requestId: string;
  userId: string;
  client: WebClient;
  /** Tells the clicker alone: ephemerally where they clicked, or by direct message from Home. */
  tell(text: string): Promise<void>;
}

/**
 * A request button's listener: acknowledge at once, then run the work after the ack with who
 * clicked which request. The work's refusals are for `click.tell`; anything else it throws is
 * logged by the background jobs.
 */
export function requestButton(
  deps: ListenerDeps,
  name: string,
  work: (click: RequestClick) => Promise<unknown>,
) {
  return async ({ ack, action, body, client }: ButtonArgs): Promise<void> => {
    await ack();
    const userId = body.user.id;
    const click: RequestClick = {
      requestId: action.value ?? '',
      userId,
      client,
      tell: (text) => tellUser(client, userId, body.channel?.id, text),
    };
    deps.jobs.run(name, () => work(click), { requestId: click.requestId, userId });
  };
}
