import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { ListenerDeps } from './deps';

type MessageArgs = SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs;

interface SharedFileFields {
  id: string;
  name?: string;
  mimetype?: string;
  size?: number;
}

/**
 * A file shared in a request card's thread is that request's LOA. The workflow remembers each
 * Slack file per request, so Slack's retries and duplicate events never upload it twice.
 */
export function handleThreadFileShare(deps: ListenerDeps) {
  const { workflow, jobs } = deps;
  return async ({ event, body, client, context }: MessageArgs): Promise<void> => {
    const message = event as unknown as {
      subtype?: string;
      channel: string;
      user?: string;
      bot_id?: string;
      thread_ts?: string;
      files?: SharedFileFields[];
    };
    if (message.subtype !== 'file_share' || !message.thread_ts || !message.files?.length || !message.user)
      return;
    // The bot's own uploads (the pre-filled LOA waiting for a signature) are never the signed LOA.
    if (message.bot_id || message.user === context.botUserId) return;
    const { channel, thread_ts: threadTs, user } = message;
    const eventId = (body as { event_id?: string }).event_id;
    jobs.run(
      'loa',
      async () => {
        for (const file of message.files ?? []) {
          const result = await workflow.addLoa(
            { channelId: channel, threadTs },
            { id: file.id, name: file.name ?? file.id, mimetype: file.mimetype ?? '', size: file.size ?? 0 },
            user,
            eventId ? `${eventId}:${file.id}` : undefined,
          );
          // Refusals and uploads are told through the request's outbox; these two outcomes change
          // nothing in the request, so they are answered here or the person hears nothing.
          const answer =
            result.outcome === 'download_failed'
              ? `:warning: <@${user}>, ${result.message} Share it again in this thread in a minute.`
              : result.outcome === 'closed'
                ? `<@${user}>, ${result.message}`
                : undefined;
          if (answer) await client.chat.postMessage({ channel, thread_ts: threadTs, text: answer });
        }
      },
      { channel, threadTs },
    );
  };
}
