import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { ImportRequest, PendingEvent } from '../domain/request';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import type { Store } from '../store';
import { renderRequestEvent } from '../views/event-message';
import { buildRequestCard } from '../views/request-card';
import type { Workflow } from '../workflow';
import { postFullList } from './full-list';

/** The Web API calls the notifier makes. */
export interface ChatApi {
  chat: Pick<WebClient['chat'], 'postMessage' | 'update'>;
  /** To find a message an interrupted attempt may have posted (see `attempted`). */
  conversations: Pick<WebClient['conversations'], 'history' | 'replies'>;
  /** For the CSV of every number of a long request (see full-list.ts). */
  filesUploadV2?: WebClient['filesUploadV2'];
}

export interface NotifierOptions {
  client: ChatApi;
  workflow: Pick<Workflow, 'drainOutbox' | 'attachCard' | 'listRequestsWithPendingEvents' | 'recordFullList'>;
  /** Remembers which posts were attempted, so a retry looks in Slack before posting again. */
  attempts: Pick<Store, 'setIfAbsent'>;
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
  const { client, workflow, attempts, metrics, logger, command } = options;

  /**
   * True when an earlier attempt at this post began: it may have reached Slack before the
   * process died or the answer was lost, so Slack is searched for it (by the message metadata
   * every post carries) before posting again. A first attempt costs one store write, no search.
   */
  async function attempted(key: string): Promise<boolean> {
    return !(await attempts.setIfAbsent(ATTEMPTS, key, true, ATTEMPT_MEMORY_MS));
  }

  // A failed search must not turn into a dropped post: when Slack cannot be searched, post.
  async function findCard(request: ImportRequest): Promise<string | undefined> {
    const page = await client.conversations
      .history({
        channel: request.channelId,
        limit: 200,
        include_all_metadata: true,
      })
      .catch(() => undefined);
    return page?.messages?.find((m) => isOurs(m.metadata, CARD_EVENT, request.id))?.ts;
  }

  async function threadHas(request: ImportRequest, cardTs: string, seq: number): Promise<boolean> {
    const page = await client.conversations
      .replies({ channel: request.channelId, ts: cardTs, limit: 1000, include_all_metadata: true })
      .catch(() => undefined);
    return (page?.messages ?? []).some((m) => isOurs(m.metadata, REPLY_EVENT, request.id, seq));
  }

  /**
   * Tells one event. When Slack refuses it for good (the channel is gone, the bot was removed,
   * the blocks are invalid), retrying cannot help and would block every later event of the
   * request behind it, so the event is logged, counted as dropped and taken as told.
   */
  async function tell(request: ImportRequest, pending: PendingEvent, shown: ShownCard): Promise<void> {
    try {
      await post(request, pending, shown);
    } catch (error) {
      const refusal = slackRefusal(error);
      if (!refusal || !PERMANENT_REFUSALS.has(refusal)) throw error;
      metrics.slackPosts.inc({ outcome: 'dropped' });
      logger.error(
        { requestId: request.id, channel: request.channelId, event: pending.event.type, slackError: refusal },
        'Slack refused a request message for good; it is dropped so later ones can be told',
      );
    }
  }

  async function post(request: ImportRequest, pending: PendingEvent, shown: ShownCard): Promise<void> {
    const card = buildRequestCard(request, { command });
    const cardBlocks = JSON.stringify(card.blocks);
    // What the card shows, to tell whether the update would change anything (see ShownCard).
    const shows = `${card.text}\n${cardBlocks}`;
    let cardTs = request.cardTs;
    if (!cardTs) {
      cardTs = (await attempted(`card:${request.id}`)) ? await findCard(request) : undefined;
      if (!cardTs) {
        const posted = await client.chat.postMessage({
          channel: request.channelId,
          text: card.text,
          blocks: asSent(cardBlocks),
          metadata: { event_type: CARD_EVENT, event_payload: { request_id: request.id } },
        });
        if (!posted.ts) throw new Error('chat.postMessage answered without a ts');
        cardTs = posted.ts;
      }
      await workflow.attachCard(request.id, request.channelId, cardTs);
      shown.card = shows;
    } else if (shown.card !== shows) {
      await client.chat
        .update({ channel: request.channelId, ts: cardTs, text: card.text, blocks: asSent(cardBlocks) })
        .catch((error: unknown) => {
          // Someone deleted the card or it can no longer be edited: the thread still tells the story.
          if (!STALE_CARD.has(slackRefusal(error) ?? '')) throw error;
          logger.warn(
            { requestId: request.id, slackError: slackRefusal(error) },
            'request card can no longer be updated',
          );
        });
      shown.card = shows;
    }
    if (
      (await attempted(`reply:${request.id}:${pending.seq}`)) &&
      (await threadHas(request, cardTs, pending.seq))
    ) {
      metrics.slackPosts.inc({ outcome: 'already_posted' });
      return;
    }
    const message = renderRequestEvent(request, pending.event, { command });
    const reply = {
      channel: request.channelId,
      thread_ts: cardTs,
      text: message.text,
      reply_broadcast: message.broadcast,
      unfurl_links: false,
      metadata: { event_type: REPLY_EVENT, event_payload: { request_id: request.id, seq: pending.seq } },
    };
    await client.chat.postMessage(
      message.blocks ? { ...reply, blocks: asSent(JSON.stringify(message.blocks)) } : reply,
    );
    metrics.slackPosts.inc({ outcome: 'ok' });
    if (pending.event.type === 'checked')
      await postFullList({ client, workflow, logger, command }, request, cardTs);
  }

  /** Drains this process has running, by request: whether another was asked for meanwhile. */
  const running = new Map<string, { again: boolean }>();

  /**
   * Every change asks for a drain, and a burst of changes to one request queued as many; all but
   * the first found the outbox told already, each at the cost of a lease taken and given back and
   * the request read twice (docs/BENCHMARKS.md, row 2). A drain asked for while one of the same
   * request runs here is folded into it: the running one drains once more when it ends, which
   * tells whatever came after its last look. Other replicas still meet at the lease.
   */
  async function drain(requestId: string): Promise<void> {
    const current = running.get(requestId);
    if (current) {
      current.again = true;
      return;
    }
    const state = { again: false };
    running.set(requestId, state);
    try {
      do {
        state.again = false;
        // After a failure the events stay queued for the next change or the poller's sweep.
        if (!(await drainOnce(requestId))) break;
      } while (state.again);
    } finally {
      running.delete(requestId);
    }
  }

  async function drainOnce(requestId: string): Promise<boolean> {
    const shown: ShownCard = {};
    try {
      await workflow.drainOutbox(requestId, (request, pending) => tell(request, pending, shown));
      return true;
    } catch (error) {
      metrics.slackPosts.inc({ outcome: 'error' });
      logger.warn({ err: error, requestId }, 'could not tell a request event in Slack; it stays queued');
      return false;
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

/**
 * The card as this drain last posted or updated it. A drain holds the request's outbox lease, so
 * nobody else changes the card meanwhile: when several events are told in one drain and the card
 * built for the next is the one already shown, the chat.update would change nothing and is skipped.
 * Each drain starts with none, so the first event it tells always brings the card up to date.
 */
interface ShownCard {
  card?: string;
}

/**
 * Blocks in the form the Web API client sends them anyway: JSON text in the form-encoded body (it
 * JSON-encodes every argument that is not a string), so Slack gets the same bytes. Given the text,
 * the client no longer walks the whole block tree twice per call (a redacted copy, and its JSON
 * for a debug line it builds even when debug logging is off), which was a few percent of the
 * bot's CPU while telling a burst of status changes (docs/BENCHMARKS.md, row 2).
 */
function asSent(blocksJson: string): KnownBlock[] {
  return blocksJson as unknown as KnownBlock[];
}

/** Slack's answers that no retry can change. */
const PERMANENT_REFUSALS: ReadonlySet<string> = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'invalid_blocks',
  'invalid_blocks_format',
  'invalid_arguments',
  'msg_too_long',
  'no_text',
  'restricted_action',
  'thread_not_found',
]);

/** Answers to chat.update meaning the card is gone or frozen. */
const STALE_CARD: ReadonlySet<string> = new Set([
  'message_not_found',
  'cant_update_message',
  'edit_window_closed',
]);

/** The `error` of a Web API answer with ok:false, when that is what the call threw. */
function slackRefusal(error: unknown): string | undefined {
  const e = error as { code?: string; data?: { error?: string } };
  return e.code === 'slack_webapi_platform_error' ? e.data?.error : undefined;
}

/** Store namespace of post attempts, and how long one is remembered (far beyond any retry). */
const ATTEMPTS = 'slack-post-attempts';
const ATTEMPT_MEMORY_MS = 7 * 24 * 3600_000;

/** Slack message metadata types the bot puts on its posts, so a post can be recognised later. */
const CARD_EVENT = 'hosted_request_card';
const REPLY_EVENT = 'hosted_request_event';

/** Whether a message's metadata says it is this request's card (or, with `seq`, this event's reply). */
function isOurs(metadata: unknown, type: string, requestId: string, seq?: number): boolean {
  const m = metadata as
    | { event_type?: string; event_payload?: { request_id?: unknown; seq?: unknown } }
    | undefined;
  if (m?.event_type !== type || m.event_payload?.request_id !== requestId) return false;
  return seq === undefined || Number(m.event_payload.seq) === seq;
}
