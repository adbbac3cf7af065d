import { randomUUID } from 'node:crypto';
import { checkLoaFile } from '../domain/loa';
import type { LoaFile } from '../domain/request';
import { pendingLoaUploads, recordLoaUpload, recordRetryableFailure } from '../domain/request-transitions';
import { describeFailure, type WorkflowContext } from './context';
import { NS } from './repository';

/**
 * While a replica uploads one file to one order, no other one does. After a success the request
 * records Bandwidth's file name and the upload is no longer owed; only a crash between Bandwidth's
 * answer and that save can upload the same file twice, once this claim has run out.
 */
const UPLOAD_CLAIM_MS = 10 * 60_000;

/**
 * Uploads every kept LOA to every created order it has not reached yet, with the file's real MIME
 * type. The bytes are not stored by the bot: they are downloaded from Slack again when needed (a
 * file kept before approval, or after a restart), unless the caller just downloaded them.
 * Returns how many uploads were made.
 */
export async function uploadPendingLoas(
  ctx: WorkflowContext,
  requestId: string,
  downloaded: ReadonlyMap<string, Buffer> = new Map(),
): Promise<number> {
  const request = await ctx.repo.load(requestId);
  if (!request) return 0;
  let uploaded = 0;
  const bytesOf = new Map(downloaded);
  for (const { file, orderId } of pendingLoaUploads(request)) {
    const claim = `loa-upload:${requestId}:${file.slackFileId}:${orderId}`;
    if (
      !(await ctx.store.setIfAbsent(NS.claims, claim, `${ctx.instanceId}:${randomUUID()}`, UPLOAD_CLAIM_MS))
    )
      continue;
    // Re-read under the claim: another replica may have finished this upload since we looked.
    const fresh = await ctx.repo.load(requestId);
    const current = fresh?.loaFiles.find((f) => f.slackFileId === file.slackFileId);
    if (!current || current.uploads[orderId] !== undefined) continue;
    try {
      let bytes = bytesOf.get(file.slackFileId);
      if (bytes === undefined) {
        bytes = await downloadChecked(ctx, file);
        bytesOf.set(file.slackFileId, bytes);
      }
      const { fileName } = await ctx.bandwidth.uploadLoa(orderId, {
        body: bytes,
        contentType: file.mimetype,
        documentType: 'LOA',
      });
      const now = ctx.now();
      await ctx.repo.mutate(requestId, (r) => {
        const t = recordLoaUpload(r, file.slackFileId, orderId, fileName, now);
        return { request: t.ok ? t.request : r, result: null };
      });
      uploaded += 1;
      ctx.logger.info({ requestId, orderId, file: file.name, bandwidthFileName: fileName }, 'LOA uploaded');
    } catch (error) {
      await ctx.store.delete(NS.claims, claim);
      ctx.logger.warn({ requestId, orderId, file: file.name, err: error }, 'LOA upload failed; will retry');
      const message = error instanceof LoaDownloadError ? error.message : describeFailure(error);
      const now = ctx.now();
      await ctx.repo.mutate(requestId, (r) => ({
        request: recordRetryableFailure(
          r,
          {
            stage: 'loa',
            message,
            event: { type: 'loa_upload_failed', fileName: file.name, orderId, message },
          },
          now,
        ),
        result: null,
      }));
    }
  }
  return uploaded;
}

/** Slack could not give the file back as the LOA it was when kept. */
export class LoaDownloadError extends Error {
  override readonly name = 'LoaDownloadError';
}

async function downloadChecked(ctx: WorkflowContext, file: LoaFile): Promise<Buffer> {
  let download: { bytes: Buffer; mimetype: string; name: string };
  try {
    download = await ctx.slackFiles.download(file.slackFileId);
  } catch (error) {
    throw new LoaDownloadError(`Slack did not give back ${file.name}`, { cause: error });
  }
  const check = checkLoaFile(
    {
      name: file.name,
      mimetype: file.mimetype,
      size: download.bytes.length,
      firstBytes: download.bytes.subarray(0, 16),
    },
    { maxBytes: ctx.config.loaMaxBytes },
  );
  if (!check.ok) throw new LoaDownloadError(check.reason);
  return download.bytes;
}
