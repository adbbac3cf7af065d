import type { ActionsBlock, KnownBlock, Overflow, SectionBlock } from '@slack/types';
import { FINAL_REQUEST_STATES, type ImportRequest, needsLoa } from '../domain/request';
import { canRetryFailed, failedNumbers } from '../domain/request-retry';
import { approveButton, loaPdfButton, rejectButton, retryFailedButton } from './buttons';
import {
  checkCounts,
  formatAddress,
  numberList,
  orderOutcome,
  orderStatusWords,
  refusedGroupBlocks,
  safeUrl,
  stateLabel,
  stateLine,
} from './common';
import { encodeMenuValue, ids, menuCommands } from './ids';
import { wordsFor } from './kind-words';
import { LIMITS } from './limits';
import { clip, code, count, mention, mrkdwn, plain, plural, safe, slackDate } from './text';

export interface RequestCardOptions {
  /** The slash command, for "start again with /hosted import". */
  command?: string;
  /**
   * Permalink of the file listing every number and its result, once the bot has posted one in the
   * thread. A card shows at most a few hundred numbers; past that it links here.
   */
  fullListUrl?: string;
}

/** How many characters of a card go to one list of numbers (about 100 numbers). */
const LIST_BUDGET = 1600;
/** Refused-number groups shown on the card; more are summed up in one line. */
const MAX_GROUPS = 6;

/**
 * The request card: the channel message whose thread holds everything about one request. It is
 * rebuilt from the request after every change and replaces itself (chat.update), so it always
 * shows the current state and offers only the actions that make sense now.
 */
export function buildRequestCard(
  request: ImportRequest,
  options: RequestCardOptions = {},
): { text: string; blocks: KnownBlock[] } {
  const command = options.command ?? '/hosted';
  const words = wordsFor(request);
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain(`${words.title} ${request.id}`, LIMITS.headerText) },
    detailsSection(request),
    stateSection(request),
    ...retryLinkBlocks(request),
    ...inputProblemBlocks(request),
    ...eligibilityBlocks(request, command, options.fullListUrl ?? request.fullListUrl),
    ...decisionBlocks(request),
    ...orderBlocks(request),
    ...loaBlocks(request),
    ...failureBlocks(request),
    ...outcomeBlocks(request, command),
    ...actionBlocks(request),
    ...moreActionBlocks(request),
    {
      type: 'context',
      elements: [
        mrkdwn(
          `${safe(request.id, 40)} · asked ${slackDate(request.createdAt)} · updated ${slackDate(request.updatedAt)}`,
        ),
      ],
    },
  ];
  const whose = request.details ? ` for ${safe(request.details.subscriberName, 60)}` : '';
  const text = clip(
    `${words.title} ${request.id} from ${mention(request.requesterId)}: ${plural(request.numbers.length, 'number')}${whose}. ${stateLabel(request)}.`,
    LIMITS.messageTextBudget,
  );
  return { text, blocks };
}

function detailsSection(request: ImportRequest): SectionBlock {
  const d = request.details;
  if (!d) {
    return {
      type: 'section',
      fields: [
        mrkdwn(`*Requested by*\n${mention(request.requesterId)}`),
        mrkdwn(`*Numbers to give back*\n${plural(request.numbers.length, 'number')}`),
      ],
    };
  }
  const fields = [
    mrkdwn(`*Requested by*\n${mention(request.requesterId)}`),
    mrkdwn(`*Subscriber*\n${safe(d.subscriberName, 100)}`),
    mrkdwn(`*Service address*\n${formatAddress(d.serviceAddress)}`),
    mrkdwn(`*LOA signer*\n${safe(d.loaAuthorizingPerson, 150)}`),
    mrkdwn(`*Numbers*\n${plural(request.numbers.length, 'number')}`),
  ];
  if (d.reference) fields.push(mrkdwn(`*Reference*\n${safe(d.reference, 200)}`));
  return { type: 'section', fields };
}

function stateSection(request: ImportRequest): SectionBlock {
  const cancellable = request.state === 'checking' || request.state === 'awaiting_approval';
  const overflow: Overflow = {
    type: 'overflow',
    action_id: ids.card.overflow,
    options: [
      {
        text: plain('Status and history', LIMITS.optionText),
        value: encodeMenuValue(menuCommands.status, request.id),
      },
      ...(cancellable
        ? [
            {
              text: plain('Cancel request', LIMITS.optionText),
              value: encodeMenuValue(menuCommands.cancel, request.id),
            },
          ]
        : []),
    ],
  };
  return {
    type: 'section',
    block_id: ids.card.stateBlock,
    text: mrkdwn(`*Status:* ${stateLine(request)}`),
    accessory: overflow,
  };
}

function eligibilityBlocks(
  request: ImportRequest,
  command: string,
  fullListUrl: string | undefined,
): KnownBlock[] {
  const check = request.check;
  const words = wordsFor(request);
  if (!check) {
    return [
      {
        type: 'section',
        text: mrkdwn(`:mag: Checking ${plural(request.numbers.length, 'number')} with Bandwidth…`),
      },
    ];
  }
  const { importable, refused } = checkCounts(request);
  const blocks: KnownBlock[] = [{ type: 'divider' }];
  if (importable === 0) {
    blocks.push({
      type: 'section',
      text: mrkdwn(
        `:no_entry_sign: *None of the ${plural(refused, 'number')} ${words.can}*, so there is nothing to approve. The reasons are below; fix them and start a new request with \`${safe(command, 40)} ${words.subcommand}\`.`,
      ),
    });
  } else {
    const tail = refused > 0 ? `; ${plural(refused, 'number')} refused` : '';
    blocks.push({
      type: 'section',
      text: mrkdwn(
        `:white_check_mark: *${plural(importable, 'number')} ${words.can}*${tail}\n${numberList(check.importable, LIST_BUDGET)}`,
      ),
    });
  }
  blocks.push(...refusedGroupBlocks(check.rejected, 'checker', MAX_GROUPS));
  if (request.numbers.length > 100) {
    const url = safeUrl(fullListUrl);
    blocks.push({
      type: 'context',
      elements: [
        mrkdwn(
          url
            ? `Long lists are cut short here. <${url}|Every number and its result>.`
            : 'Long lists are cut short here; the full list follows in the thread.',
        ),
      ],
    });
  }
  return blocks;
}

function decisionBlocks(request: ImportRequest): KnownBlock[] {
  const decision = request.decision;
  if (!decision) return [];
  if (decision.outcome === 'approved') {
    return [
      {
        type: 'section',
        text: mrkdwn(`:white_check_mark: Approved by ${mention(decision.by)} ${slackDate(decision.at)}`),
      },
    ];
  }
  const reason = decision.reason?.trim() ? `\n>${safe(decision.reason, 1000).replace(/\n/g, '\n>')}` : '';
  return [
    {
      type: 'section',
      text: mrkdwn(`:no_entry: Rejected by ${mention(decision.by)} ${slackDate(decision.at)}${reason}`),
    },
  ];
}

function orderBlocks(request: ImportRequest): KnownBlock[] {
  if (request.orders.length === 0) return [];
  const lines = request.orders.map((order) => {
    const id = order.orderId ? `order ${code(order.orderId, 60)}` : 'not created yet';
    const failed = order.errors.reduce((sum, g) => sum + g.numbers.length, 0);
    const failures = failed > 0 ? `, ${plural(failed, 'number')} failed` : '';
    return `• ${code(order.customerOrderId, 45)}: ${id}, ${plural(order.numbers.length, 'number')}: ${orderStatusWords(order.status)}${failures}`;
  });
  let text = `*Bandwidth ${wordsFor(request).order}${request.orders.length === 1 ? '' : 's'}*`;
  for (const [i, line] of lines.entries()) {
    const rest = lines.length - i;
    if (text.length + line.length + 40 > LIMITS.sectionText) {
      text += `\n…and ${plural(rest, 'more order')}`;
      break;
    }
    text += `\n${line}`;
  }
  return [{ type: 'section', text: mrkdwn(text) }];
}

const LOA_STATES = new Set(['submitting', 'submitted', 'complete', 'partial', 'failed']);

function loaBlocks(request: ImportRequest): KnownBlock[] {
  if (!needsLoa(request)) return [];
  if (request.loaFiles.length === 0) {
    if (!LOA_STATES.has(request.state) || request.state === 'failed') return [];
    return [
      {
        type: 'section',
        text: mrkdwn(
          ':page_facing_up: *No signed LOA yet.* Share it in this thread (PDF, PNG, JPEG or TIFF) and the bot attaches it to the order.',
        ),
      },
    ];
  }
  const created = request.orders.filter((o) => o.orderId).length;
  const lines = request.loaFiles.slice(0, 5).map((file) => {
    const uploaded = Object.keys(file.uploads).length;
    const where =
      created === 0 ? 'waiting for the order' : `attached to ${uploaded} of ${plural(created, 'order')}`;
    return `• ${safe(file.name, 80)} from ${mention(file.sharedBy)}: ${where}`;
  });
  const more =
    request.loaFiles.length > 5 ? `\n…and ${plural(request.loaFiles.length - 5, 'more file')}` : '';
  return [{ type: 'section', text: mrkdwn(`:page_facing_up: *LOA*\n${lines.join('\n')}${more}`) }];
}

function failureBlocks(request: ImportRequest): KnownBlock[] {
  const failure = request.lastFailure;
  if (!failure || FINAL_REQUEST_STATES.has(request.state)) return [];
  const stage = { check: 'Checking the numbers', submit: 'Creating the order', loa: 'Uploading the LOA' }[
    failure.stage
  ];
  return [
    {
      type: 'context',
      elements: [
        mrkdwn(
          `:warning: ${stage} failed ${slackDate(failure.at)}: ${safe(failure.message, 400)}. The bot keeps trying.`,
        ),
      ],
    },
  ];
}

function outcomeBlocks(request: ImportRequest, command: string): KnownBlock[] {
  const outcome = orderOutcome(request);
  const words = wordsFor(request);
  const again = `\`${safe(command, 40)} ${words.subcommand}\``;
  const hasLoa = request.loaFiles.some((f) => Object.keys(f.uploads).length > 0);
  const loaNext =
    hasLoa || !needsLoa(request)
      ? ''
      : ' Next: share the signed LOA in this thread; Bandwidth expects one for every import.';
  const exceptions =
    outcome.exceptions.length > 0
      ? ` ${plural(outcome.exceptions.length, 'order')} stopped with an exception (${outcome.exceptions.map((id) => code(id, 60)).join(', ')}): ask Bandwidth support what happened to those numbers.`
      : '';
  let text: string | undefined;
  switch (request.state) {
    case 'complete':
      text = `:white_check_mark: *Done.* ${plural(outcome.imported, 'number')} ${words.completeMeaning(outcome.imported)}.${loaNext}`;
      break;
    case 'partial':
      text = `:large_orange_diamond: *Partly done.* ${count(outcome.imported)} of ${plural(outcome.ordered, 'number')} ${words.done}; ${plural(outcome.failedCount, 'number')} failed (reasons in the thread).${exceptions}${loaNext}`;
      break;
    case 'failed':
      text = `:x: *Failed.* No number was ${words.done}; the reasons are in the thread. Fix them and start again with ${again}.`;
      break;
    case 'rejected':
      text = 'Nothing was sent to Bandwidth.';
      break;
    case 'expired':
      text = `:alarm_clock: Nobody decided in time, so nothing was sent to Bandwidth. Start again with ${again} if it is still needed.`;
      break;
    case 'cancelled':
      text = ':heavy_multiplication_x: Cancelled before anything was sent to Bandwidth.';
      break;
    default:
      return [];
  }
  return [{ type: 'divider' }, { type: 'section', text: mrkdwn(text) }];
}

function actionBlocks(request: ImportRequest): KnownBlock[] {
  const { importable } = checkCounts(request);
  if (request.state !== 'awaiting_approval' || importable === 0) return [];
  const actions: ActionsBlock = {
    type: 'actions',
    block_id: ids.card.actionsBlock,
    elements: [approveButton(request), rejectButton(request)],
  };
  return [actions];
}

/** How many problems of a numbers file the card lists; the requester was sent more. */
const MAX_CARD_PROBLEMS = 8;

/** The link between a retry and the request whose failed numbers it holds, on both cards. */
function retryLinkBlocks(request: ImportRequest): KnownBlock[] {
  const lines: string[] = [];
  if (request.retryOf) lines.push(`:repeat: Retries the failed numbers of ${code(request.retryOf, 40)}.`);
  if (request.retriedAs) lines.push(`:repeat: Failed numbers retried in ${code(request.retriedAs, 40)}.`);
  return lines.length === 0 ? [] : [{ type: 'context', elements: [mrkdwn(lines.join('\n'))] }];
}

/** Lines of the attached numbers file that held no usable number: the first few, then a count. */
function inputProblemBlocks(request: ImportRequest): KnownBlock[] {
  const found = request.inputProblems;
  if (!found || found.total === 0) return [];
  const shown = found.problems
    .slice(0, MAX_CARD_PROBLEMS)
    .map((p) => `• line ${count(p.line)}: ${p.text ? `${code(p.text, 60)} ` : ''}${safe(p.reason, 160)}`);
  const rest = found.total - shown.length;
  const more = rest > 0 ? `\n…and ${plural(rest, 'more line')} (sent to the requester)` : '';
  const text = `:warning: *${plural(found.total, 'line')} of ${safe(found.fileName, 80)} skipped*\n${shown.join('\n')}${more}`;
  return [{ type: 'section', text: mrkdwn(clip(text, LIMITS.sectionText)) }];
}

/** States in which a pre-filled LOA is still worth signing. */
const LOA_PDF_STATES = new Set(['awaiting_approval', 'submitting', 'submitted', 'complete', 'partial']);

/** The second row of buttons: the LOA to sign, and retrying what failed. */
function moreActionBlocks(request: ImportRequest): KnownBlock[] {
  const elements = [];
  if (LOA_PDF_STATES.has(request.state) && needsLoa(request)) elements.push(loaPdfButton(request));
  if (canRetryFailed(request)) elements.push(retryFailedButton(request, failedNumbers(request).length));
  if (elements.length === 0) return [];
  const block: ActionsBlock = { type: 'actions', block_id: ids.card.moreBlock, elements };
  return [block];
}
