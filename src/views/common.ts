import type { KnownBlock, SectionBlock } from '@slack/types';
import { type CodeContext, explainBandwidthCode } from '../domain/bandwidth-codes';
import type { OrderStatus } from '../domain/order-status';
import type { ImportRequest, RejectedNumbers, RequestState, ServiceAddress } from '../domain/request';
import { formatTn, type InvalidNumber, type Tn } from '../domain/tn';
import { wordsFor } from './kind-words';
import { LIMITS } from './limits';
import { clip, code, listWithin, mrkdwn, plural, safe } from './text';

/** Pieces several views share: state words, addresses, number lists, refused-number groups. */

const STATE_WORDS: Record<RequestState, { emoji: string; label: string }> = {
  checking: { emoji: ':mag:', label: 'Checking numbers with Bandwidth' },
  awaiting_approval: { emoji: ':hourglass_flowing_sand:', label: 'Waiting for approval' },
  submitting: { emoji: ':arrows_counterclockwise:', label: 'Creating Bandwidth orders' },
  submitted: { emoji: ':gear:', label: 'Submitted to Bandwidth' },
  complete: { emoji: ':white_check_mark:', label: 'Complete' },
  partial: { emoji: ':large_orange_diamond:', label: 'Partly complete' },
  failed: { emoji: ':x:', label: 'Failed' },
  rejected: { emoji: ':no_entry:', label: 'Rejected' },
  expired: { emoji: ':alarm_clock:', label: 'Expired without a decision' },
  cancelled: { emoji: ':heavy_multiplication_x:', label: 'Cancelled' },
  not_importable: { emoji: ':no_entry_sign:', label: 'Nothing can be imported' },
};

/** "⏳ Waiting for approval" as mrkdwn (emoji code plus words). */
export function stateLine(request: Pick<ImportRequest, 'state' | 'kind'>): string {
  return `${STATE_WORDS[request.state].emoji} ${stateLabel(request)}`;
}

export function stateLabel(request: Pick<ImportRequest, 'state' | 'kind'>): string {
  if (request.state === 'not_importable') return `Nothing ${wordsFor(request).can}`;
  return STATE_WORDS[request.state].label;
}

const ORDER_STATUS_WORDS: Record<OrderStatus, string> = {
  RECEIVED: ':inbox_tray: received by Bandwidth',
  PROCESSING: ':gear: processing',
  COMPLETE: ':white_check_mark: complete',
  PARTIAL: ':large_orange_diamond: partly complete',
  FAILED: ':x: failed',
  EXCEPTION: ':warning: stopped (exception): needs Bandwidth support',
};

export function orderStatusWords(status: OrderStatus | undefined): string {
  return status ? ORDER_STATUS_WORDS[status] : ':hourglass: waiting for Bandwidth';
}

/** "12 Main St, Raleigh, NC 27601 (Wake County)", escaped. */
export function formatAddress(address: ServiceAddress): string {
  const street = `${address.houseNumber} ${address.streetName}`;
  const county = address.county ? ` (${address.county})` : '';
  return safe(`${street}, ${address.city}, ${address.stateCode} ${address.zip}${county}`, 400);
}

/** Numbers written the way people read them, cut to `budget` characters with "and N more". */
export function numberList(numbers: readonly Tn[], budget: number): string {
  return listWithin(
    numbers.map((n) => formatTn(n)),
    budget,
  );
}

/** How many numbers the checker accepted and refused. */
export function checkCounts(request: ImportRequest): { importable: number; refused: number } {
  const importable = request.check?.importable.length ?? 0;
  const refused = (request.check?.rejected ?? []).reduce((sum, g) => sum + g.numbers.length, 0);
  return { importable, refused };
}

/**
 * One section per refused-number group: the code, what it means, what to do, and the numbers.
 * At most `maxGroups` sections; the rest are summed up in one more, so the caller can budget
 * blocks. A group's text stays under the section limit whatever the number count.
 */
export function refusedGroupBlocks(
  groups: readonly RejectedNumbers[],
  where: CodeContext,
  maxGroups = 8,
): KnownBlock[] {
  const sorted = [...groups].sort((a, b) => b.numbers.length - a.numbers.length);
  const shown = sorted.slice(0, maxGroups);
  const blocks: KnownBlock[] = shown.map((group) => refusedGroupSection(group, where));
  const rest = sorted.slice(maxGroups);
  if (rest.length > 0) {
    const count = rest.reduce((sum, g) => sum + g.numbers.length, 0);
    const codes = listWithin(
      rest.map((g) => safe(g.code, 20)),
      500,
    );
    blocks.push({
      type: 'section',
      text: mrkdwn(`…and ${plural(count, 'more number')} refused with other codes: ${codes}.`),
    });
  }
  return blocks;
}

/** The plain-words explanation of one code, as mrkdwn lines. */
export function explainLines(code: string, description: string, where: CodeContext): string[] {
  const hint = explainBandwidthCode(code, where);
  const title = hint.known ? hint.title : description || hint.title;
  const lines = [`*${safe(code, 20)}: ${safe(title, 200)}*`];
  if (hint.known && hint.meaning) lines.push(safe(hint.meaning, 600));
  if (description && description !== title)
    lines.push(hint.fromBot ? `_${safe(description, 400)}_` : `_Bandwidth said: ${safe(description, 400)}_`);
  if (hint.nextStep) lines.push(`*Next step:* ${safe(hint.nextStep, 500)}`);
  return lines;
}

function refusedGroupSection(group: RejectedNumbers, where: CodeContext): SectionBlock {
  const head = [
    `:x: ${plural(group.numbers.length, 'number')} refused`,
    ...explainLines(group.code, group.description, where),
  ].join('\n');
  const room = LIMITS.sectionText - head.length - 10;
  return { type: 'section', text: mrkdwn(`${head}\n${numberList(group.numbers, Math.min(room, 1200))}`) };
}

/** What the orders achieved: numbers imported, failures merged by code, orders needing a human. */
export interface OrderOutcome {
  ordered: number;
  imported: number;
  failed: RejectedNumbers[];
  failedCount: number;
  /** Order ids (or CustomerOrderIds) that ended in EXCEPTION: nobody knows which numbers went through. */
  exceptions: string[];
}

export function orderOutcome(request: ImportRequest): OrderOutcome {
  const byCode = new Map<string, RejectedNumbers>();
  let ordered = 0;
  let imported = 0;
  const exceptions: string[] = [];
  for (const order of request.orders) {
    ordered += order.numbers.length;
    if (order.status === 'EXCEPTION') {
      exceptions.push(order.orderId ?? order.customerOrderId);
      continue;
    }
    const failedHere = new Set<Tn>();
    for (const group of order.errors) {
      const key = `${group.code}\u0000${group.description}`;
      const merged = byCode.get(key) ?? { code: group.code, description: group.description, numbers: [] };
      merged.numbers.push(...group.numbers);
      byCode.set(key, merged);
      for (const n of group.numbers) failedHere.add(n);
    }
    if (order.status === 'COMPLETE' || order.status === 'PARTIAL')
      imported += order.numbers.length - failedHere.size;
  }
  const failed = [...byCode.values()];
  const failedCount = failed.reduce((sum, g) => sum + g.numbers.length, 0);
  return { ordered, imported, failed, failedCount, exceptions };
}

/** A link we made ourselves (a file permalink), accepted only when it cannot break out of `<…|…>`. */
export function safeUrl(url: string | undefined): string | undefined {
  if (!url || !/^https:\/\/[^\s<>|]+$/.test(url)) return undefined;
  return url;
}

/** Invalid entries listed one by one before "and N more". */
const MAX_INVALID_LINES = 25;

/** The entries of a paste that are not phone numbers, each with why; none when there are none. */
export function invalidEntryBlocks(invalid: readonly InvalidNumber[]): KnownBlock[] {
  if (invalid.length === 0) return [];
  const lines = invalid
    .slice(0, MAX_INVALID_LINES)
    .map((bad) => `• ${code(bad.input, 60)} ${safe(bad.reason, 150)}`);
  const more =
    invalid.length > MAX_INVALID_LINES
      ? `\n…and ${plural(invalid.length - MAX_INVALID_LINES, 'more entry', 'more entries')}`
      : '';
  const head =
    invalid.length === 1
      ? ":warning: *1 entry isn't a phone number* (not sent to Bandwidth)"
      : `:warning: *${invalid.length.toLocaleString('en-US')} entries aren't phone numbers* (not sent to Bandwidth)`;
  return [{ type: 'section', text: mrkdwn(clip(`${head}\n${lines.join('\n')}${more}`, LIMITS.sectionText)) }];
}
