import type { KnownBlock } from '@slack/types';
import type { RejectedNumbers } from '../domain/request';
import type { InvalidNumber, Tn } from '../domain/tn';
import { invalidEntryBlocks, numberList, refusedGroupBlocks } from './common';
import { LIMITS } from './limits';
import { mrkdwn, plain, plural, safe } from './text';

export interface CheckResultInput {
  importable: readonly Tn[];
  rejected: readonly RejectedNumbers[];
  /** Entries that are not phone numbers (never sent to Bandwidth). */
  invalid: readonly InvalidNumber[];
  /** Numbers given more than once (checked once). */
  duplicates: readonly Tn[];
  /** The slash command, for "request it with /hosted import". */
  command?: string;
}

/**
 * The ephemeral answer to `/hosted check`: which numbers Bandwidth would import, which it
 * refuses and why (code, Bandwidth's words, what to do), and which entries were not numbers.
 */
export function buildCheckResult(input: CheckResultInput): { text: string; blocks: KnownBlock[] } {
  const refused = input.rejected.reduce((sum, g) => sum + g.numbers.length, 0);
  const checked = input.importable.length + refused;
  const command = safe(input.command ?? '/hosted', 40);
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain(`Import check: ${plural(checked, 'number')}`, LIMITS.headerText) },
  ];

  if (input.importable.length > 0) {
    blocks.push({
      type: 'section',
      text: mrkdwn(
        `:white_check_mark: *${plural(input.importable.length, 'number')} can be imported*\n${numberList(input.importable, 2500)}`,
      ),
    });
  } else if (checked > 0) {
    blocks.push({
      type: 'section',
      text: mrkdwn(':no_entry_sign: *None of these numbers can be imported.*'),
    });
  }
  blocks.push(...refusedGroupBlocks(input.rejected, 'checker', 10));

  blocks.push(...invalidEntryBlocks(input.invalid));
  if (input.duplicates.length > 0) {
    blocks.push({
      type: 'context',
      elements: [mrkdwn(`Given more than once, checked once: ${numberList(input.duplicates, 1000)}`)],
    });
  }
  if (checked === 0 && input.invalid.length === 0) {
    blocks.push({
      type: 'section',
      text: mrkdwn(`No numbers found. Try \`${command} check 919 555 1234\`.`),
    });
  }
  blocks.push({
    type: 'context',
    elements: [
      mrkdwn(
        input.importable.length > 0
          ? `This was only a check; nothing was requested. To import, use \`${command} import\`.`
          : 'This was only a check; nothing was requested.',
      ),
    ],
  });

  const parts = [`${plural(input.importable.length, 'number')} can be imported`];
  if (refused > 0) parts.push(`${plural(refused, 'number')} refused`);
  if (input.invalid.length > 0)
    parts.push(`${plural(input.invalid.length, 'entry', 'entries')} not a phone number`);
  return { text: `Import check: ${parts.join(', ')}.`, blocks };
}
