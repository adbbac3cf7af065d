/**
 * Which numbers do what in the simulator. A person must be able to remember these, so every
 * rule looks only at the LAST FOUR DIGITS of the number (see RULES.md for the table):
 *
 * - `19NN` -> the checker reports error 190NN for the number, when 190NN is a documented
 *   checker code (19001-19010, 19012), and an order with the number fails it with that code.
 *   `1900` and `1911` are ordinary numbers (19000 and 19011 are not checker codes).
 * - `7518` -> importable at check time, but fails in an order with 7518 "Telephone Number Not
 *   Active" (a clean checker result is no guarantee, BANDWIDTH.md §1.1).
 * - `5163` -> same, with 5163 (the account does not own messaging service on the number).
 * - `0911` -> the order containing it ends in EXCEPTION (it needs a human, like 911).
 * - `0408` -> the order containing it never leaves PROCESSING (it times out, like HTTP 408).
 * - anything else is importable and completes.
 *
 * Tests can override any number with `setNumberOutcome(pattern, outcome)`.
 */
import type { NumberOutcome } from './types';

/** Import checker codes (ERR "Import Number Checker API Call errors"; wording after BANDWIDTH.md §4). */
export const CHECKER_ERRORS: Readonly<Record<number, string>> = {
  19001: 'Telephone number is not in service.',
  19002: 'Telephone number is not in Bandwidth inventory and the NPAC check failed.',
  19003: 'Telephone number is in a blacklisted losing account.',
  19004: 'Telephone number is in an unmigrated losing account.',
  19005: 'Messaging route of the telephone number is not configured.',
  19006: 'Bandwidth numbers cannot be imported by this account at this time.',
  19007: 'Account is not contracted for importing external numbers.',
  19008: 'Non-Bandwidth numbers cannot be imported by this account at this time.',
  19009: 'No messaging route found for the telephone number.',
  19010: 'Unable to provision the telephone number; please contact support.',
  19012: 'Account has not been migrated to the new messaging platform.',
};

/** The checker's verdict on one (valid, canonical) number: undefined when importable. */
export function checkerError(tn: string): { code: number; description: string } | undefined {
  const last4 = tn.slice(-4);
  if (!last4.startsWith('19')) return undefined;
  const code = 19000 + Number(last4.slice(2));
  const description = CHECKER_ERRORS[code];
  return description === undefined ? undefined : { code, description };
}

/** An override set by a test; the latest one added wins. */
export interface OutcomeOverride {
  pattern: RegExp;
  outcome: NumberOutcome;
}

/** What happens to one number of an import order when the order finishes. */
export function importOutcome(
  tn: string,
  accountId: string,
  overrides: readonly OutcomeOverride[],
): NumberOutcome {
  for (let i = overrides.length - 1; i >= 0; i--) {
    const override = overrides[i]!;
    override.pattern.lastIndex = 0;
    if (override.pattern.test(tn)) return override.outcome;
  }
  const last4 = tn.slice(-4);
  if (last4 === '7518') return { kind: 'error', code: 7518, description: 'Telephone Number Not Active' };
  if (last4 === '5163') {
    return {
      kind: 'error',
      code: 5163,
      description: `The account ${accountId} does not own messaging service on the number ${tn}.`,
    };
  }
  if (last4 === '0911') return { kind: 'exception' };
  if (last4 === '0408') return { kind: 'stuck' };
  const checker = checkerError(tn);
  return checker ? { kind: 'error', ...checker } : { kind: 'ok' };
}
