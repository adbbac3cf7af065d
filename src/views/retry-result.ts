import type { RejectedNumbers } from '../domain/request';
import { plural, safe } from './text';

/** Most refusal codes named in the answer; the rest are counted. */
const MAX_CODES = 5;

/**
 * The answer to "Retry failed numbers" when Bandwidth's checker refuses every failed number:
 * nothing was opened, and each code says why, so the clicker knows what to fix first.
 */
export function buildRetryNothingImportable(
  requestId: string,
  result: { failed: number; refused: readonly RejectedNumbers[] },
): string {
  const reasons = result.refused
    .slice(0, MAX_CODES)
    .map((g) => `• ${plural(g.numbers.length, 'number')}: ${safe(g.code, 20)} ${safe(g.description, 200)}`);
  const more =
    result.refused.length > MAX_CODES
      ? `\n…and ${plural(result.refused.length - MAX_CODES, 'more code')}`
      : '';
  return `:no_entry_sign: Bandwidth still refuses all ${plural(result.failed, 'failed number')} of ${safe(requestId, 40)}, so no new request was opened.${reasons.length > 0 ? `\n${reasons.join('\n')}${more}` : ''}`;
}
