import type { KnownBlock } from '@slack/types';
import { LIMITS } from './limits';
import { mrkdwn, plain, safe } from './text';

/**
 * The answer to `/hosted help`. The command is a parameter because each workspace names it
 * (SLACK_COMMAND), and help that names the wrong command is worse than none.
 */
export function buildHelp(command: string): { text: string; blocks: KnownBlock[] } {
  const c = safe(command, 40);
  const usage = [
    `\`${c} import [numbers]\`: open the import form (numbers you type after the command are filled in). Bandwidth checks each number, then a request card goes to this channel for an approver.`,
    `\`${c} remove <numbers>\`: give imported numbers back to Bandwidth. The bot checks that each number is imported into this account, then a removal card goes to this channel for an approver, and the removal order is followed like an import.`,
    `\`${c} check <numbers>\`: only check whether Bandwidth can import the numbers; nothing is requested.`,
    `\`${c} status <request id>\`: one request's state and history, e.g. \`${c} status HM-7KQ2XD\`.`,
    `\`${c} list\`: the requests still open.`,
    `\`${c} export [from] [to]\`: approvers only. The audit trail (requests, numbers, decisions and reasons, orders and outcomes) as a CSV file in this conversation, e.g. \`${c} export 2026-11\` or \`${c} export 2026-11-01 2026-11-15\`.`,
    `\`${c} help\`: this message.`,
  ];
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain('Hosted messaging imports', LIMITS.headerText) },
    {
      type: 'section',
      text: mrkdwn(
        'This bot brings phone numbers you already own to Bandwidth for messaging (hosted messaging) and follows each import to the end.',
      ),
    },
    { type: 'section', text: mrkdwn(usage.map((line) => `• ${line}`).join('\n')) },
    {
      type: 'section',
      text: mrkdwn(
        "*How a request goes*\n1. The requester fills in the form: numbers, subscriber, service address, who signs the Letter of Authorization (LOA).\n2. The bot checks each number with Bandwidth and posts the request card.\n3. An approver clicks Approve or Reject on the card.\n4. The bot creates the import order and posts every status change in the card's thread.\n5. Share the signed LOA (PDF, PNG, JPEG or TIFF) in the thread; the bot attaches it to the order.\n6. The channel hears when the import completes, partly completes or fails, and what to do next.",
      ),
    },
    {
      type: 'context',
      elements: [
        mrkdwn('Numbers can be typed any common way: (919) 555-1234, 919.555.1234, +1 919 555 1234.'),
      ],
    },
  ];
  return { text: `How to use ${c}: import, remove, check, status, list, export, help.`, blocks };
}
