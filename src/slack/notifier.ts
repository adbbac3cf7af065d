import type { WebClient } from '@slack/web-api';
import type { ImportRequest, PendingEvent } from '../domain/request';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import { renderRequestEvent } from '../views/event-message';
import { buildRequestCard } from '../views/request-card';
import type { Workflow } from '../workflow';

/** The Web API calls the notifier makes. */
export interface ChatApi {
  chat: Pick<WebClient['chat'], 'postMessage' | 'update'>;
}

export interface NotifierOptions {
  client: ChatApi;
  workflow: Pick<Workflow, 'drainOutbox' | 'attachCard' | 'listRequestsWithPendingEvents'>;
  metrics: Metrics;
  logger: Logger;
  command: string;
}

/** Tells requests' events in Slack: the card in the channel, and one thread message per event. */
export interface Notifier {
  /** Tells what is pending for one request now (called after every change). */
  drain(requestId: string): Promise<void>;
  /** Tells whatever is still pending for any request (after a restart or a Slack outage). */
  sweep(): Promise<void>;
}

/**
 * The only writer of request messages in Slack. Each event is taken from the request's outbox
 * (see RequestEvent): the card is posted the first time and rebuilt from the request after
 * every change, then the event's own message goes into the card's thread, broadcast to the
 * channel when the import ends. A post that fails leaves the event in the outbox for the next
 * drain, so Slack being down delays messages but loses none.
 */
export function createNotifier(options: NotifierOptions): Notifier {
  const { client, workflow, metrics, logger, command } = options;

  async function tell(request: ImportRequest, pending: PendingEvent): Promise<void> {
    const card = buildRequestCard(request, { command });
    let cardTs = request.cardTs;
    if (!cardTs) {
      const posted = await client.chat.postMessage({
        channel: request.channelId,
        text: card.text,
        blocks: card.blocks,
      });
      if (!posted.ts) throw new Error('chat.postMessage answered without a ts');
      cardTs = posted.ts;
      await workflow.attachCard(request.id, posted.channel ?? request.channelId, cardTs);
    } else {
      await client.chat.update({
        channel: request.channelId,
        ts: cardTs,
        text: card.text,
        blocks: card.blocks,
      });
    }
    const message = renderRequestEvent(request, pending.event, { command });
    const reply = {
      channel: request.channelId,
      thread_ts: cardTs,
      text: message.text,
      reply_broadcast: message.broadcast,
      unfurl_links: false,
    };
    await client.chat.postMessage(message.blocks ? { ...reply, blocks: message.blocks } : reply);
    metrics.slackPosts.inc({ outcome: 'ok' });
  }

  async function drain(requestId: string): Promise<void> {
    try {
      await workflow.drainOutbox(requestId, tell);
    } catch (error) {
      metrics.slackPosts.inc({ outcome: 'error' });
      logger.warn({ err: error, requestId }, 'could not tell a request event in Slack; it stays queued');
    }
  }

  return {
    drain,
    async sweep() {
      for (const requestId of await workflow.listRequestsWithPendingEvents()) {
        await drain(requestId);
      }
    },
  };
}
