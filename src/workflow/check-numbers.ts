import type { RejectedNumbers } from '../domain/request';
import { type InvalidNumber, parseTelephoneNumbers, type Tn } from '../domain/tn';
import type { WorkflowContext } from './context';
import { orderGateway } from './order-kinds';

/** What the checker says about pasted numbers, before any request exists. */
export interface NumbersCheck {
  /** Valid numbers found in the text, each once. */
  numbers: Tn[];
  /** Pieces of the text that are not numbers, with why. */
  invalid: InvalidNumber[];
  duplicates: Tn[];
  importable: Tn[];
  rejected: RejectedNumbers[];
}

/**
 * Parses the text and asks Bandwidth's checker about the numbers in it. Changes nothing: this is
 * the "can these be imported?" question asked before filling in a request.
 * Bandwidth errors are thrown (BandwidthError family) for the caller to turn into a reply.
 */
export async function checkNumbers(
  ctx: WorkflowContext,
  text: string,
  options: { siteId?: string; sipPeerId?: string } = {},
): Promise<NumbersCheck> {
  const parsed = parseTelephoneNumbers(text);
  if (parsed.numbers.length === 0) return { ...parsed, importable: [], rejected: [] };
  const siteId = options.siteId ?? ctx.config.siteId;
  const sipPeerId = options.sipPeerId ?? ctx.config.sipPeerId;
  const result = await orderGateway(ctx.bandwidth, 'import').check({
    numbers: parsed.numbers,
    siteId,
    ...(sipPeerId === undefined ? {} : { sipPeerId }),
  });
  return { ...parsed, importable: result.eligible, rejected: result.refused };
}
