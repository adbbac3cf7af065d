import type { ImportRequest, RequestDetails } from '../domain/request';
import { newRequest } from '../domain/request-transitions';
import { type ParsedNumbers, parseTelephoneNumbers } from '../domain/tn';
import type { UseCaseRefusal, WorkflowContext } from './context';
import { runCheck } from './run-check';

export interface CreateRequestInput {
  requesterId: string;
  /** Where the request was made; the card's channel once `attachCard` is called. */
  channelId: string;
  details: RequestDetails;
  /** The numbers as pasted (any format `parseTelephoneNumbers` reads), or already a list. */
  numbers: string | readonly string[];
  /** Defaults from the config. */
  siteId?: string;
  sipPeerId?: string;
  /** Check with Bandwidth before returning (default). False leaves it to `checkRequest` or the poller. */
  checkNow?: boolean;
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
  const sipPeerId = input.sipPeerId ?? ctx.config.sipPeerId;
  let request: ImportRequest | undefined;
  for (let attempt = 0; attempt < ID_ATTEMPTS && request === undefined; attempt += 1) {
    const candidate = newRequest(
      {
        id: ctx.newRequestId(),
        requesterId: input.requesterId,
        channelId: input.channelId,
        details: input.details,
        siteId: input.siteId ?? ctx.config.siteId,
        ...(sipPeerId === undefined ? {} : { sipPeerId }),
        numbers: parsed.numbers,
      },
      ctx.now(),
    );
    if (await ctx.repo.create(candidate)) request = candidate;
  }
  if (request === undefined) throw new Error(`no free request id after ${ID_ATTEMPTS} attempts`);
  ctx.logger.info({ requestId: request.id, numbers: request.numbers.length }, 'request created');
  if (input.checkNow === false) return { ok: true, request, parsed };
  const checked = await runCheck(ctx, request.id);
  return { ok: true, request: checked ?? request, parsed };
}
