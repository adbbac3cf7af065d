import {
  type ImportRequest,
  type InputProblems,
  MAX_NUMBERS_PER_REQUEST,
  type RequestDetails,
  type RequestKind,
} from '../domain/request';
import { newRequest } from '../domain/request-transitions';
import { unsafeCharacter } from '../domain/safe-text';
import { type ParsedNumbers, parseTelephoneNumbers } from '../domain/tn';
import type { UseCaseRefusal, WorkflowContext } from './context';
import { runCheck } from './run-check';

export interface CreateRequestInput {
  requesterId: string;
  /** Where the request was made; the card's channel once `attachCard` is called. */
  channelId: string;
  /** Default 'import'. A removal gives imported numbers back and has no subscriber details. */
  kind?: RequestKind;
  /** The subscriber, required for an import. */
  details?: RequestDetails;
  /** The numbers as pasted (any format `parseTelephoneNumbers` reads), or already a list. */
  numbers: string | readonly string[];
  /** Defaults from the config. */
  siteId?: string;
  sipPeerId?: string;
  /** Check with Bandwidth before returning (default). False leaves it to `checkRequest` or the poller. */
  checkNow?: boolean;
  /** The id to use (a retry claims its id before the request exists); default a fresh one. */
  id?: string;
  /** The request whose failed numbers this one retries. */
  retryOf?: string;
  /** What was wrong in the attached numbers file, shown on the card. */
  inputProblems?: InputProblems;
}

/** The stored request, or why none was stored; either way what the parser made of the numbers. */
export type CreateRequestResult =
  | { ok: true; request: ImportRequest; parsed: ParsedNumbers }
  | { ok: false; refusal: UseCaseRefusal; parsed: ParsedNumbers };

/** Ids are drawn at random; a collision is astronomically rare, so a few draws always suffice. */
const ID_ATTEMPTS = 5;

/**
 * Stores a new request and checks its numbers. The request is saved before Bandwidth is asked, so
 * when the checker is down the request waits in `checking` (its thread is told) and the poller
 * checks it later.
 */
export async function createRequest(
  ctx: WorkflowContext,
  input: CreateRequestInput,
): Promise<CreateRequestResult> {
  const parsed = parseTelephoneNumbers(
    typeof input.numbers === 'string' ? input.numbers : input.numbers.join('\n'),
  );
  if (parsed.numbers.length === 0) {
    const message = 'No valid phone number was found in the request.';
    return { ok: false, refusal: { code: 'no_numbers', message }, parsed };
  }
  // The form refuses these too; a numbers file or another caller reaches here without it.
  if (parsed.numbers.length > MAX_NUMBERS_PER_REQUEST) {
    const message = `That's ${parsed.numbers.length.toLocaleString('en-US')} numbers; one request holds up to ${MAX_NUMBERS_PER_REQUEST.toLocaleString('en-US')}. Split the list into several requests.`;
    return { ok: false, refusal: { code: 'too_many_numbers', message }, parsed };
  }
  const kind = input.kind ?? 'import';
  if (kind === 'import' && input.details === undefined) {
    const message = 'An import needs the subscriber, the service address and the LOA signer.';
    return { ok: false, refusal: { code: 'invalid_details', message }, parsed };
  }
  const unsafe = input.details === undefined ? undefined : unsafeDetail(input.details);
  if (unsafe !== undefined) {
    return { ok: false, refusal: { code: 'invalid_details', message: unsafe }, parsed };
  }
  const sipPeerId = input.sipPeerId ?? ctx.config.sipPeerId;
  let request: ImportRequest | undefined;
  const attempts = input.id === undefined ? ID_ATTEMPTS : 1;
  for (let attempt = 0; attempt < attempts && request === undefined; attempt += 1) {
    const fresh = newRequest(
      {
        id: input.id ?? ctx.newRequestId(),
        requesterId: input.requesterId,
        channelId: input.channelId,
        kind,
        ...(input.details === undefined ? {} : { details: input.details }),
        siteId: input.siteId ?? ctx.config.siteId,
        ...(sipPeerId === undefined ? {} : { sipPeerId }),
        numbers: parsed.numbers,
      },
      ctx.now(),
    );
    const candidate: ImportRequest = {
      ...fresh,
      ...(input.retryOf === undefined ? {} : { retryOf: input.retryOf }),
      ...(input.inputProblems === undefined ? {} : { inputProblems: input.inputProblems }),
    };
    if (await ctx.repo.create(candidate)) request = candidate;
  }
  if (request === undefined) throw new Error(`no free request id after ${attempts} attempts`);
  ctx.logger.info({ requestId: request.id, kind, numbers: request.numbers.length }, 'request created');
  if (input.checkNow === false) return { ok: true, request, parsed };
  const checked = await runCheck(ctx, request.id);
  return { ok: true, request: checked ?? request, parsed };
}

/** Names the first detail holding a character that has no place in it, in words for the requester. */
function unsafeDetail(details: RequestDetails): string | undefined {
  const fields: Array<[string, string | undefined]> = [
    ['The subscriber name', details.subscriberName],
    ['The house number', details.serviceAddress.houseNumber],
    ['The street name', details.serviceAddress.streetName],
    ['The city', details.serviceAddress.city],
    ['The state', details.serviceAddress.stateCode],
    ['The ZIP code', details.serviceAddress.zip],
    ['The county', details.serviceAddress.county],
    ['The LOA signer', details.loaAuthorizingPerson],
    ['The reference', details.reference],
  ];
  for (const [what, value] of fields) {
    const found = value === undefined ? undefined : unsafeCharacter(value);
    if (found !== undefined) return `${what} contains ${found}; type it again without it.`;
  }
  return undefined;
}
