import { checkLoaFile } from '../domain/loa';
import { type ImportRequest, needsLoa } from '../domain/request';
import { addLoaFile, describeState, recordLoaRefused } from '../domain/request-transitions';
import type { WorkflowContext } from './context';
import { NS } from './repository';
import { uploadPendingLoas } from './upload-loas';

/** Which request a shared file is for: named, or the thread of its card. */
export type LoaTarget = { requestId: string } | { channelId: string; threadTs: string };

/** A file as Slack's event describes it. */
export interface SharedFile {
  id: string;
  name: string;
  mimetype: string;
  size: number;
}

export type AddLoaResult =
  | { outcome: 'no_request' }
  | { outcome: 'duplicate'; requestId: string }
  /** The thread is a removal's: it takes no LOA, and files shared there are left alone. */
  | { outcome: 'not_needed'; requestId: string }
  | { outcome: 'closed'; request: ImportRequest; message: string }
  | { outcome: 'download_failed'; requestId: string; message: string }
  | { outcome: 'refused'; request: ImportRequest; reason: string; instead: string }
  /** Kept; `uploaded` uploads were made now (0 when no order exists yet or Bandwidth was down). */
  | { outcome: 'kept'; request: ImportRequest; uploaded: number };

/** How long a Slack event id is remembered: Slack retries within minutes. */
const EVENT_DEDUPE_MS = 24 * 3600_000;
/**
 * How long a file is claimed by the event handling it. Once kept, the request itself refuses the
 * same file again; the claim only has to cover the download and checks, and must run out so a
 * file whose handling died with the process (kill -9 mid-download) can be shared again.
 */
const FILE_CLAIM_MS = 10 * 60_000;

/**
 * Takes a file shared for a request as its LOA. Each Slack file is handled once per request, however
 * many events announce it (file_shared and message, Slack's retries): a claim on the file id is taken
 * before anything else. The file is checked by type and by content; a refusal is told in the thread
 * with what to share instead. A good file is kept and uploaded to every order that exists; when none
 * exists yet it waits and is uploaded as soon as the orders are created.
 */
export async function addLoa(
  ctx: WorkflowContext,
  target: LoaTarget,
  file: SharedFile,
  sharedBy: string,
  eventId?: string,
): Promise<AddLoaResult> {
  const requestId =
    'requestId' in target
      ? target.requestId
      : await ctx.repo.requestIdForCard(target.channelId, target.threadTs);
  const request = requestId === undefined ? undefined : await ctx.repo.load(requestId);
  if (!request) return { outcome: 'no_request' };
  const id = request.id;
  if (!needsLoa(request)) return { outcome: 'not_needed', requestId: id };

  const eventKey = `slack-event:${eventId}`;
  if (eventId !== undefined && !(await ctx.store.setIfAbsent(NS.dedupe, eventKey, true, EVENT_DEDUPE_MS))) {
    return { outcome: 'duplicate', requestId: id };
  }
  const fileClaim = `loa-file:${id}:${file.id}`;
  if (!(await ctx.store.setIfAbsent(NS.claims, fileClaim, sharedBy, FILE_CLAIM_MS)))
    return { outcome: 'duplicate', requestId: id };

  const refuse = async (reason: string, instead: string): Promise<AddLoaResult> => {
    const now = ctx.now();
    const saved = await ctx.repo.mutate(id, (r) => ({
      request: recordLoaRefused(r, { fileName: file.name, reason, by: sharedBy }, now),
      result: null,
    }));
    ctx.logger.info({ requestId: id, file: file.name, reason }, 'LOA refused');
    return { outcome: 'refused', request: saved?.request ?? request, reason, instead };
  };

  const maxBytes = ctx.config.loaMaxBytes;
  // Judge what Slack says first: a Word file or a 40 MB scan is refused without downloading it.
  const declared = checkLoaFile({ name: file.name, mimetype: file.mimetype, size: file.size }, { maxBytes });
  if (!declared.ok) return refuse(declared.reason, declared.instead);

  let bytes: Buffer;
  try {
    bytes = (await ctx.slackFiles.download(file.id)).bytes;
  } catch (error) {
    // Let the person share it again: forget this event and this file.
    await ctx.store.delete(NS.claims, fileClaim);
    if (eventId !== undefined) await ctx.store.delete(NS.dedupe, eventKey);
    ctx.logger.warn({ requestId: id, file: file.name, err: error }, 'LOA download from Slack failed');
    return {
      outcome: 'download_failed',
      requestId: id,
      message: `The bot could not download ${file.name} from Slack.`,
    };
  }
  const check = checkLoaFile(
    { name: file.name, mimetype: file.mimetype, size: bytes.length, firstBytes: bytes.subarray(0, 16) },
    { maxBytes },
  );
  if (!check.ok) return refuse(check.reason, check.instead);

  const now = ctx.now();
  const kept = await ctx.repo.mutate(id, (r) => {
    const t = addLoaFile(
      r,
      {
        slackFileId: file.id,
        name: file.name,
        mimetype: check.contentType,
        size: bytes.length,
        sharedBy,
        sharedAt: new Date(now).toISOString(),
      },
      now,
    );
    return { request: t.ok ? t.request : r, result: t };
  });
  if (!kept) return { outcome: 'no_request' };
  if (!kept.result.ok) {
    if (kept.result.refusal.code === 'duplicate_file') return { outcome: 'duplicate', requestId: id };
    return {
      outcome: 'closed',
      request: kept.request,
      message: `No LOA is needed: ${describeState(kept.request)}.`,
    };
  }
  ctx.logger.info({ requestId: id, file: file.name, contentType: check.contentType }, 'LOA kept');
  const uploaded = await uploadPendingLoas(ctx, id, new Map([[file.id, bytes]]));
  return { outcome: 'kept', request: (await ctx.repo.load(id)) ?? kept.request, uploaded };
}
