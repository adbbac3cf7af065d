import { buildXml } from '../../xml';
import { toWireTn } from '../numbers-format';
import { RETRY_POLICIES } from '../retry';
import {
  checkerResponseSchema,
  type ImportabilityRejection,
  type ImportabilityResult,
} from '../schemas/checker';
import type { OperationContext } from './context';

/** Bandwidth refuses a checker call with more numbers than this (400, BANDWIDTH.md §1.1). */
export const CHECKER_BATCH_SIZE = 5_000;

export interface CheckImportabilityInput {
  /** 10-digit numbers. Duplicates are checked once (Bandwidth refuses duplicates with a 400). */
  numbers: readonly string[];
  siteId?: string | number;
  sipPeerId?: string | number;
}

/**
 * Asks Bandwidth which numbers can be hosted here. Lists over 5,000 are checked in batches, one
 * after another (the checker's rate limit is undocumented), and merged: rejection groups with the
 * same code become one.
 */
export async function checkImportability(
  context: OperationContext,
  input: CheckImportabilityInput,
): Promise<ImportabilityResult> {
  const numbers = [...new Set(input.numbers)];
  const importable: string[] = [];
  const rejected = new Map<string, ImportabilityRejection>();
  for (let start = 0; start < numbers.length; start += CHECKER_BATCH_SIZE) {
    const batch = numbers.slice(start, start + CHECKER_BATCH_SIZE);
    const result = await context.transport.callXml(
      {
        method: 'POST',
        path: context.paths.checker,
        // The checker only reads: repeating it is harmless, so it retries like a GET.
        policy: RETRY_POLICIES.safe.name,
        body: buildXml({
          ImportTnCheckerPayload: {
            TelephoneNumbers: { TelephoneNumber: batch.map((tn) => toWireTn(tn, context.version)) },
            SiteId: input.siteId === undefined ? undefined : String(input.siteId),
            SipPeerId: input.sipPeerId === undefined ? undefined : String(input.sipPeerId),
          },
        }),
      },
      checkerResponseSchema,
    );
    importable.push(...result.importable);
    for (const group of result.rejected) {
      const existing = rejected.get(group.code);
      if (existing) existing.numbers.push(...group.numbers);
      else rejected.set(group.code, { ...group, numbers: [...group.numbers] });
    }
  }
  return { importable, rejected: [...rejected.values()] };
}

/** Whether a number is in service on the account: 200 yes, 404 no (BANDWIDTH.md §1.9). */
export async function isInService(context: OperationContext, tn: string): Promise<boolean> {
  const response = await context.transport.call({
    method: 'GET',
    path: context.paths.inService(toWireTn(tn, context.version)),
    policy: 'safe',
    accept: [404],
  });
  return response.status !== 404;
}
