import { z } from 'zod';
import { element, list, optionalText, tnList } from './common';

/** `ImportTnCheckerResponse` (BANDWIDTH.md §1.1): importable numbers, and rejected ones grouped by code. */
export const checkerResponseSchema = z
  .object({
    ImportTnCheckerResponse: element({
      ImportTnCheckerPayload: element({
        TelephoneNumbers: tnList,
        ImportTnErrors: element({
          ImportTnError: list(
            z.object({ Code: z.string(), Description: optionalText, TelephoneNumbers: tnList }),
          ),
        }),
      }),
    }),
  })
  .transform(({ ImportTnCheckerResponse: { ImportTnCheckerPayload: payload } }) => ({
    importable: payload.TelephoneNumbers,
    rejected: payload.ImportTnErrors.ImportTnError.map((group) => ({
      code: group.Code,
      description: group.Description ?? '',
      numbers: group.TelephoneNumbers,
    })),
  }));

/** What the checker says about a list of numbers (10-digit form). */
export type ImportabilityResult = z.infer<typeof checkerResponseSchema>;

/** One rejection group: every number refused for the same reason. */
export type ImportabilityRejection = ImportabilityResult['rejected'][number];
