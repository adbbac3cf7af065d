import type { WebClient } from '@slack/web-api';

/**
 * Tells one person why their click did nothing: ephemerally where they clicked, or, from the Home
 * tab (which has no channel), in their direct messages with the bot, where Slack puts a
 * chat.postMessage addressed to a user id.
 */
export async function tellUser(
  client: Pick<WebClient, 'chat'>,
  userId: string,
  channelId: string | undefined,
  text: string,
): Promise<void> {
  if (channelId) await client.chat.postEphemeral({ channel: channelId, user: userId, text });
  else await client.chat.postMessage({ channel: userId, text });
}
