import type { KnownBlock } from '@slack/types';
import type { InvalidNumber, Tn } from '../domain/tn';
import { invalidEntryBlocks, numberList } from './common';
import { LIMITS } from './limits';
import { clip, code, mrkdwn, plural, safe } from './text';

export interface RemovalOpenedInput {
  /** The new removal request, or why none was opened (in words for the requester). */
  outcome: { requestId: string; numbers: number } | { refusal: string };
  invalid: readonly InvalidNumber[];
  duplicates: readonly Tn[];
  command?: string;
}

/**
 * The ephemeral answer to `/hosted remove <numbers>`: the removal request opened (its card, with
 * what Bandwidth's account says about each number, is in the channel for an approver), or why
 * none was, and the entries that were not numbers.
 */
export function buildRemovalOpened(input: RemovalOpenedInput): { text: string; blocks: KnownBlock[] } {
  const command = safe(input.command ?? '/hosted', 40);
  const { outcome } = input;
  const text =
    'requestId' in outcome
      ? `:wastebasket: Removal request ${code(outcome.requestId, 40)} opened for ${plural(outcome.numbers, 'number')}. The bot looks each number up in this Bandwidth account; the card appears in this channel once it has, and an approver decides there. Nothing is given back before that.`
      : `:warning: No removal request was opened: ${safe(outcome.refusal, 500)} Try \`${command} remove 919 555 1234\`.`;
  const blocks: KnownBlock[] = [
    { type: 'section', text: mrkdwn(clip(text, LIMITS.sectionText)) },
    ...invalidEntryBlocks(input.invalid),
  ];
  if (input.duplicates.length > 0) {
    blocks.push({
      type: 'context',
      elements: [mrkdwn(`Given more than once, kept once: ${numberList(input.duplicates, 1000)}`)],
    });
  }
  return { text: clip(text, LIMITS.messageTextBudget), blocks };
}
