import type { KnownBlock } from '@slack/types';
import type { ImportRequest } from '../domain/request';
import { safeUrl } from './common';
import { ids } from './ids';
import { LIMITS } from './limits';
import { buildRequestCard } from './request-card';
import { actorName, clip, code, mrkdwn, safe, slackDate } from './text';

/** Audit entries shown, newest last; older ones are counted. */
const MAX_AUDIT_LINES = 40;

export interface StatusOptions {
  command?: string;
  /** Permalink of the request card, to jump to its thread. */
  cardUrl?: string;
}

/**
 * One request's status for `/hosted status <id>`: what the card shows, without its buttons (this
 * answer is ephemeral, and decisions belong on the card where everyone sees them), plus the
 * audit trail: who did what, when.
 */
export function buildRequestStatus(
  request: ImportRequest,
  options: StatusOptions = {},
): { text: string; blocks: KnownBlock[] } {
  const card = buildRequestCard(request, { command: options.command });
  // Read-only: no buttons, and no overflow menu on the state line (they act on the card).
  const blocks: KnownBlock[] = card.blocks
    .filter((b) => b.type !== 'actions')
    .map((b) => {
      if (b.type !== 'section' || b.block_id !== ids.card.stateBlock) return b;
      const { accessory: _menu, ...line } = b;
      return line;
    });
  const url = safeUrl(options.cardUrl);
  if (url)
    blocks.push({ type: 'context', elements: [mrkdwn(`<${url}|Open the request card and its thread>`)] });
  blocks.push({ type: 'divider' }, auditSection(request));
  return { text: clip(`Status of ${request.id}: ${card.text}`, LIMITS.messageTextBudget), blocks };
}

function auditSection(request: ImportRequest): KnownBlock {
  const entries = request.audit.slice(-MAX_AUDIT_LINES);
  const hidden = request.audit.length - entries.length;
  const lines = entries.map((e) => {
    const detail = e.detail ? `: ${safe(e.detail, 120)}` : '';
    return `• ${slackDate(e.at, '{date_num} {time}')} ${actorName(e.actor)} ${safe(e.action.replace(/_/g, ' '), 60)}${detail}`;
  });
  const head = hidden > 0 ? `*History* (latest ${entries.length}; ${hidden} earlier not shown)` : '*History*';
  let text = head;
  for (let i = lines.length - 1; i >= 0; i--) {
    // Keep the newest lines when the history is longer than a section holds.
    const candidate = `${head}\n${lines.slice(i).join('\n')}`;
    if (candidate.length > LIMITS.sectionText) break;
    text = candidate;
  }
  if (lines.length === 0) text = `${head}\nNothing recorded yet.`;
  return { type: 'section', text: mrkdwn(text) };
}

/** The answer when no request has that id. */
export function buildRequestNotFound(
  requestId: string,
  command = '/hosted',
): { text: string; blocks: KnownBlock[] } {
  const text = `No request ${clip(requestId, 40)} found.`;
  return {
    text,
    blocks: [
      {
        type: 'section',
        text: mrkdwn(
          `:grey_question: No request ${code(requestId, 40)} found. Request ids look like \`HM-7KQ2XD\`; \`${safe(command, 40)} list\` shows the open ones.`,
        ),
      },
    ],
  };
}
