import type { KnownBlock, SectionBlock } from '@slack/types';
import type { ImportRequest } from '../domain/request';
import { statusButton } from './buttons';
import { stateLine } from './common';
import { wordsFor } from './kind-words';
import { LIMITS } from './limits';
import { mention, mrkdwn, plain, plural, safe, slackDate } from './text';

/** One line-ish summary of a request, with a Status button. Shared with the Home tab. */
export function requestSummarySection(request: ImportRequest): SectionBlock {
  const details = request.details;
  const what = details ? safe(details.subscriberName, 60) : wordsFor(request).title;
  const ref = details?.reference ? ` · ${safe(details.reference, 60)}` : '';
  return {
    type: 'section',
    text: mrkdwn(
      `*${safe(request.id, 40)}* · ${what} · ${plural(request.numbers.length, 'number')}${ref}\n${stateLine(request)} · asked by ${mention(request.requesterId)} ${slackDate(request.createdAt, '{date_short_pretty}')}`,
    ),
    accessory: statusButton(request),
  };
}

export interface RequestListOptions {
  title?: string;
  command?: string;
}

/** Requests listed at most; a message holds 50 blocks and nobody reads further. */
export const MAX_LISTED_REQUESTS = 40;

/** The answer to `/hosted list`: open requests, newest first. */
export function buildRequestList(
  requests: readonly ImportRequest[],
  options: RequestListOptions = {},
): { text: string; blocks: KnownBlock[] } {
  const title = options.title ?? 'Open requests';
  if (requests.length === 0) {
    return {
      text: `${title}: none.`,
      blocks: [
        {
          type: 'section',
          text: mrkdwn(
            `*${safe(title, 100)}*\nNone. Start one with \`${safe(options.command ?? '/hosted', 40)} import\`.`,
          ),
        },
      ],
    };
  }
  const sorted = [...requests].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const shown = sorted.slice(0, MAX_LISTED_REQUESTS);
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain(`${title} (${requests.length})`, LIMITS.headerText) },
    ...shown.map(requestSummarySection),
  ];
  if (sorted.length > shown.length) {
    blocks.push({
      type: 'context',
      elements: [mrkdwn(`…and ${plural(sorted.length - shown.length, 'older request')} not shown.`)],
    });
  }
  return { text: `${title}: ${requests.length}.`, blocks };
}
