import { flatErrors, type SimResponse, telephoneNumbers, xmlResponse } from '../http-util';
import { formatTn } from '../numbers';
import { checkerError } from '../rules';
import { flatErrorHandler, type RouteContext, readXmlBody, validateNumbers } from './context';

const ROOT = 'ImportTnCheckerResponse';

/** Most numbers one checker call takes (SPEC1, BANDWIDTH.md §1.1). */
export const MAX_CHECKER_NUMBERS = 5000;

/** `POST /importTnChecker` (BANDWIDTH.md §1.1); which numbers fail how is in rules.ts. */
export function checkNumbers(ctx: RouteContext): SimResponse {
  const parsed = readXmlBody(ctx, 'ImportTnCheckerPayload', flatErrorHandler(ROOT));
  if ('response' in parsed) return parsed.response;
  const { tns, errors } = validateNumbers(telephoneNumbers(parsed.root), ctx.version, MAX_CHECKER_NUMBERS);
  if (errors.length > 0) return flatErrors(ROOT, errors);

  const importable: string[] = [];
  const groups = new Map<
    number,
    { Code: number; Description: string; TelephoneNumbers: { TelephoneNumber: string[] } }
  >();
  for (const tn of tns) {
    const error = checkerError(tn);
    if (!error) {
      importable.push(formatTn(tn, ctx.version));
      continue;
    }
    const group = groups.get(error.code) ?? {
      Code: error.code,
      Description: error.description,
      TelephoneNumbers: { TelephoneNumber: [] },
    };
    group.TelephoneNumbers.TelephoneNumber.push(formatTn(tn, ctx.version));
    groups.set(error.code, group);
  }
  return xmlResponse(200, {
    [ROOT]: {
      ImportTnCheckerPayload: {
        TelephoneNumbers: { TelephoneNumber: importable },
        ImportTnErrors: groups.size > 0 ? { ImportTnError: [...groups.values()] } : undefined,
      },
    },
  });
}
