import type { HomeView, KnownBlock } from '@slack/types';
import type { ImportRequest } from '../domain/request';
import { approveButton, rejectButton } from './buttons';
import { ids } from './ids';
import { LIMITS } from './limits';
import { requestSummarySection } from './request-list';
import { mrkdwn, plain, safe } from './text';

export interface HomeInput {
  /** Requests this user may decide on now (empty for non-approvers). */
  awaitingMyApproval: readonly ImportRequest[];
  /** Requests this user asked for that are not finished. */
  myRequests: readonly ImportRequest[];
  /** Requests whose Bandwidth orders are still open. */
  openOrders: readonly ImportRequest[];
  /** Requests that finished recently, newest first. */
  recentOutcomes: readonly ImportRequest[];
  isApprover: boolean;
  /** The slash command, for "/hosted list shows them all". */
  command?: string;
}

/** Items per list: four lists of 10 (20 blocks for approvals) keep the tab well under 100 blocks. */
const PER_LIST = 10;

/** The App Home tab: what needs this person, then what they asked for, then the team's picture. */
export function buildHomeView(input: HomeInput): HomeView {
  const command = input.command ?? '/hosted';
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain('Hosted messaging imports', LIMITS.headerText) },
    {
      type: 'actions',
      block_id: ids.home.toolbar,
      elements: [
        {
          type: 'button',
          action_id: ids.home.newImport,
          text: plain('New import', LIMITS.buttonText),
          style: 'primary',
        },
        { type: 'button', action_id: ids.home.refresh, text: plain('Refresh', LIMITS.buttonText) },
      ],
    },
  ];

  if (input.isApprover) {
    blocks.push(...heading('Waiting for your approval', input.awaitingMyApproval.length));
    if (input.awaitingMyApproval.length === 0) blocks.push(emptyLine('Nothing waits for you.'));
    for (const request of input.awaitingMyApproval.slice(0, PER_LIST)) {
      blocks.push(requestSummarySection(request), {
        type: 'actions',
        elements: [approveButton(request), rejectButton(request)],
      });
    }
    blocks.push(...more(input.awaitingMyApproval.length, command));
  }

  section(blocks, 'Your requests', input.myRequests, 'You have no open requests.', command);
  section(blocks, 'Orders in progress at Bandwidth', input.openOrders, 'No order is open.', command);
  section(blocks, 'Recently finished', input.recentOutcomes, 'Nothing finished lately.', command);
  return { type: 'home', callback_id: ids.home.callbackId, blocks };
}

function heading(title: string, count: number): KnownBlock[] {
  return [{ type: 'divider' }, { type: 'section', text: mrkdwn(`*${title}* (${count})`) }];
}

function emptyLine(text: string): KnownBlock {
  return { type: 'context', elements: [mrkdwn(text)] };
}

function more(count: number, command: string): KnownBlock[] {
  if (count <= PER_LIST) return [];
  const rest = (count - PER_LIST).toLocaleString('en-US');
  return [emptyLine(`…and ${rest} more. \`${safe(command, 40)} list\` shows them all.`)];
}

function section(
  blocks: KnownBlock[],
  title: string,
  requests: readonly ImportRequest[],
  empty: string,
  command: string,
): void {
  blocks.push(...heading(title, requests.length));
  if (requests.length === 0) blocks.push(emptyLine(empty));
  blocks.push(...requests.slice(0, PER_LIST).map(requestSummarySection), ...more(requests.length, command));
}
