import type { KnownBlock } from '@slack/types';
import { DEFAULT_LOA_MAX_BYTES } from '../domain/loa';
import type { OrderStatus } from '../domain/order-status';
import {
  type ImportRequest,
  kindNoun,
  needsLoa,
  type RejectedNumbers,
  type RequestEvent,
} from '../domain/request';
import { canRetryFailed, failedNumbers } from '../domain/request-retry';
import { retryFailedButton } from './buttons';
import { checkCounts, numberList, orderOutcome, orderStatusWords, refusedGroupBlocks } from './common';
import { ids } from './ids';
import { wordsFor } from './kind-words';
import { LIMITS } from './limits';
import { clip, code, count, mention, mrkdwn, plural, safe, slackDate } from './text';

/** A message for the request's thread. `broadcast` also shows it in the channel (reply_broadcast). */
export interface EventMessage {
  text: string;
  blocks?: KnownBlock[];
  broadcast: boolean;
}

export interface EventMessageOptions {
  /** The slash command, for "start again with /hosted import". */
  command?: string;
}

/** Most refused-number groups one thread message lists; the rest are summed up. */
const MAX_GROUPS = 10;

const LOA_TYPES = 'a PDF (best), or a TIFF, JPEG or PNG scan';
const LOA_MAX_MB = Math.round(DEFAULT_LOA_MAX_BYTES / (1024 * 1024));

/**
 * The thread message for one event of a request. Only the end of an import (and numbers losing
 * messaging) is broadcast to the channel: everything else stays in the thread so the channel is
 * not flooded by status changes.
 */
export function renderRequestEvent(
  request: ImportRequest,
  event: RequestEvent,
  options: EventMessageOptions = {},
): EventMessage {
  const again = `\`${safe(options.command ?? '/hosted', 40)} ${wordsFor(request).subcommand}\``;
  const message = render(request, event, again);
  return { ...message, text: clip(message.text, LIMITS.messageTextBudget) };
}

function thread(text: string, blocks?: KnownBlock[]): EventMessage {
  return blocks ? { text, blocks, broadcast: false } : { text, broadcast: false };
}

function render(request: ImportRequest, event: RequestEvent, again: string): EventMessage {
  const words = wordsFor(request);
  switch (event.type) {
    case 'checked': {
      const { importable, refused } = checkCounts(request);
      const groups = request.check?.rejected ?? [];
      if (importable === 0) {
        const text = `:no_entry_sign: Bandwidth refused ${refused === 1 ? 'the number' : `all ${plural(refused, 'number')}`}, so there is nothing to approve. Fix the problems below and start again with ${again}.`;
        return thread(text, withGroups(text, groups, 'checker'));
      }
      const checked = request.retryOf
        ? `Checked with Bandwidth again (these are the failed numbers of ${code(request.retryOf, 40)})`
        : 'Checked with Bandwidth';
      const text =
        refused > 0
          ? `:mag: ${checked}: ${plural(importable, 'number')} ${words.can}, ${plural(refused, 'number')} can't (reasons below). An approver can now approve the ${plural(importable, 'number')} that ${words.can}.`
          : `:mag: ${checked}: ${importable === 1 ? 'the number' : `all ${plural(importable, 'number')}`} ${words.can}. Waiting for an approver.`;
      return thread(text, refused > 0 ? withGroups(text, groups, 'checker') : undefined);
    }
    case 'check_failed':
      return thread(
        `:warning: Couldn't check the numbers with Bandwidth: ${safe(event.message, 500)}. ${
          event.willRetry
            ? 'The bot tries again shortly; nothing to do yet.'
            : `Start again with ${again} later.`
        }`,
      );
    case 'approved': {
      const { importable } = checkCounts(request);
      return thread(
        `:white_check_mark: ${mention(event.by)} approved. Creating Bandwidth ${words.order}s for ${plural(importable, 'number')}…`,
      );
    }
    case 'rejected':
      return thread(
        `:no_entry: ${mention(event.by)} rejected this request, ${mention(request.requesterId)}. Nothing was sent to Bandwidth.\n>${safe(event.reason, 1500).replace(/\n/g, '\n>')}`,
      );
    case 'expired':
      return thread(
        `:alarm_clock: ${mention(request.requesterId)}, nobody decided on this request in time, so it expired. Nothing was sent to Bandwidth; start again with ${again} if it is still needed.`,
      );
    case 'cancelled':
      return thread(
        `:heavy_multiplication_x: ${mention(event.by)} cancelled this request. Nothing was sent to Bandwidth.`,
      );
    case 'orders_created': {
      const ids = event.orderIds.slice(0, 20).map((id) => code(id, 60));
      const more = event.orderIds.length > 20 ? ` and ${event.orderIds.length - 20} more` : '';
      const loa =
        request.loaFiles.length === 0 && needsLoa(request)
          ? ` Next: share the subscriber's signed LOA in this thread, as ${LOA_TYPES}.`
          : '';
      return thread(
        `:outbox_tray: Bandwidth accepted ${plural(event.orderIds.length, words.order)}: ${ids.join(', ')}${more}. Updates follow here.${loa}`,
      );
    }
    case 'submit_failed':
      return thread(
        `:warning: Creating the ${words.order} failed: ${safe(event.message, 500)}. ${
          event.willRetry
            ? 'The bot tries again (it first looks the order up, so nothing is created twice).'
            : `The bot will not retry; ask an admin to look at the error, then start again with ${again}.`
        }`,
      );
    case 'order_status':
      return orderStatusMessage(request, event.orderId, event.status);
    case 'finished':
      return finishedMessage(request, event.outcome, event.needsAttention ?? [], again);
    case 'loa_waiting':
      return thread(
        `:page_facing_up: Got ${safe(event.fileName, 100)}. It is attached to the order as soon as Bandwidth creates it.`,
      );
    case 'loa_uploaded':
      return thread(
        `:page_facing_up: Attached ${safe(event.fileName, 100)} to order ${code(event.orderId, 60)} (Bandwidth file ${code(event.bandwidthFileName, 100)}).`,
      );
    case 'loa_upload_failed':
      return thread(
        `:warning: Attaching ${safe(event.fileName, 100)} to order ${code(event.orderId, 60)} failed: ${safe(event.message, 500)}. The bot tries again later; nothing to do yet.`,
      );
    case 'loa_refused':
      return thread(
        `:warning: ${mention(event.by)}, ${safe(event.fileName, 100)} can't be used as the LOA: ${safe(event.reason, 500)}. Share the signed LOA as ${LOA_TYPES}, up to ${LOA_MAX_MB} MB, in this thread.`,
      );
    case 'messaging_lost': {
      const text = `:rotating_light: ${mention(request.requesterId)}, ${plural(event.numbers.length, 'number')} from request ${safe(request.id, 40)} no longer ${event.numbers.length === 1 ? 'has' : 'have'} hosted messaging on Bandwidth: ${numberList(event.numbers, 1500)}. Messages to and from ${event.numbers.length === 1 ? 'it' : 'them'} no longer go through Bandwidth, usually because another provider took messaging over. Ask the subscriber whether that was intended; if not, import ${event.numbers.length === 1 ? 'it' : 'them'} again with ${again}.`;
      return {
        text,
        blocks: [{ type: 'section', text: mrkdwn(clip(text, LIMITS.sectionText)) }],
        broadcast: true,
      };
    }
    case 'reminder':
      return reminderMessage(request, event);
    case 'retry_opened':
      return thread(
        `:repeat: ${mention(event.by)} asked to retry the failed numbers: ${plural(event.numbers, 'number')} that Bandwidth can now import went into request ${code(event.requestId, 40)}, which waits for approval in its own thread.`,
      );
  }
}

/** A reminder in the thread: it mentions who can act, so Slack notifies them. */
function reminderMessage(
  request: ImportRequest,
  event: Extract<RequestEvent, { type: 'reminder' }>,
): EventMessage {
  const id = safe(request.id, 40);
  const since = slackDate(event.since);
  if (event.kind === 'approval') {
    const who = event.approvers.map(approverMention).join(' ');
    const { importable } = checkCounts(request);
    const what = request.details
      ? `${plural(importable, 'number')} for ${safe(request.details.subscriberName, 60)}`
      : `${plural(importable, 'number')} to remove`;
    return thread(
      `:bell: ${who ? `${who}, r` : 'R'}equest ${id} (${what}) has waited for approval since ${since}. Approve or reject it on the card above.`,
    );
  }
  return thread(
    `:bell: ${mention(request.requesterId)}, the import order of request ${id} has had no signed LOA since ${since}. Bandwidth expects one: share the subscriber's signed LOA in this thread, as ${LOA_TYPES}.`,
  );
}

/** A configured approver: a user group (S…) is mentioned as one, so all its members are notified. */
function approverMention(id: string): string {
  return /^S[A-Z0-9]+$/.test(id) ? `<!subteam^${id}>` : mention(id);
}

function withGroups(
  text: string,
  groups: readonly RejectedNumbers[],
  where: 'checker' | 'order',
): KnownBlock[] {
  return [
    { type: 'section', text: mrkdwn(clip(text, LIMITS.sectionText)) },
    ...refusedGroupBlocks(groups, where, MAX_GROUPS),
  ];
}

function orderStatusMessage(request: ImportRequest, orderId: string, status: OrderStatus): EventMessage {
  const order = request.orders.find((o) => o.orderId === orderId);
  const count = order ? ` (${plural(order.numbers.length, 'number')})` : '';
  const text = `Order ${code(orderId, 60)}${count}: ${orderStatusWords(status)}.`;
  if ((status === 'PARTIAL' || status === 'FAILED') && order && order.errors.length > 0) {
    return thread(text, withGroups(text, order.errors, 'order'));
  }
  if (status === 'EXCEPTION') {
    return thread(
      `${text} Bandwidth gave no result for this order, so nobody can tell which numbers were imported. Ask Bandwidth support about order ${code(orderId, 60)}.`,
    );
  }
  return thread(text);
}

function finishedMessage(
  request: ImportRequest,
  outcome: 'complete' | 'partial' | 'failed',
  needsAttention: readonly string[],
  again: string,
): EventMessage {
  const result = orderOutcome(request);
  const who = mention(request.requesterId);
  const id = safe(request.id, 40);
  const words = wordsFor(request);
  const kind = kindNoun(request);
  const hasLoa = request.loaFiles.some((f) => Object.keys(f.uploads).length > 0);
  const loaNext =
    hasLoa || !needsLoa(request)
      ? ''
      : ` Share the subscriber's signed LOA in the thread (${LOA_TYPES}); Bandwidth expects one.`;
  const attention =
    needsAttention.length > 0
      ? ` ${plural(needsAttention.length, 'order')} stopped with an exception (${needsAttention.map((o) => code(o, 60)).join(', ')}): ask Bandwidth support which numbers went through.`
      : '';
  const whose = request.details ? ` for ${safe(request.details.subscriberName, 60)}` : '';
  let text: string;
  switch (outcome) {
    case 'complete':
      text = `:white_check_mark: ${who} ${kind} request ${id} is complete: ${plural(result.imported, 'number')}${whose} ${words.completeMeaning(result.imported)}.${loaNext}`;
      break;
    case 'partial':
      text = `:large_orange_diamond: ${who} ${kind} request ${id} partly completed: ${count(result.imported)} of ${plural(result.ordered, 'number')} ${words.done}, ${plural(result.failedCount, 'number')} failed.${attention} The failed numbers and what to do are below; once fixed, try them again with ${again}.${loaNext}`;
      break;
    case 'failed':
      text = `:x: ${who} ${kind} request ${id} failed: no number was ${words.done}.${attention} The reasons and what to do are below; once fixed, start again with ${again}.`;
      break;
  }
  const blocks: KnownBlock[] = [{ type: 'section', text: mrkdwn(clip(text, LIMITS.sectionText)) }];
  if (outcome !== 'complete') blocks.push(...refusedGroupBlocks(result.failed, 'order', MAX_GROUPS));
  const failed = failedNumbers(request).length;
  if (outcome !== 'complete' && canRetryFailed(request)) {
    blocks.push({
      type: 'actions',
      block_id: ids.card.moreBlock,
      elements: [retryFailedButton(request, failed)],
    });
  }
  return { text, blocks, broadcast: true };
}
