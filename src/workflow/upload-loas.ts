import { randomUUID } from 'node:crypto';
import { checkLoaFile } from '../domain/loa';
import type { LoaFile } from '../domain/request';
import { pendingLoaUploads, recordLoaUpload, recordRetryableFailure } from '../domain/request-transitions';
import { withLease } from '../store/lease';
import { describeFailure, type WorkflowContext } from './context';

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
    // While a replica uploads one file to one order, no other one does. After a success the
    // request records Bandwidth's file name and the upload is no longer owed; only a crash between
    // Bandwidth's answer and that save can upload the same file twice.
    const lease = `loa-upload:${requestId}:${file.slackFileId}:${orderId}`;
    const owner = `${ctx.instanceId}:${randomUUID()}`;
    const outcome = await withLease(
      ctx.store,
      lease,
      owner,
      () => uploadOne(ctx, requestId, file, orderId, bytesOf),
      {
        ttlMs: ctx.config.leaseMs,
      },
    );
    if (!outcome.busy && outcome.value) uploaded += 1;
  }
  return uploaded;
}

/** One upload under its lease; true when it was made now. */
async function uploadOne(
  ctx: WorkflowContext,
  requestId: string,
  file: LoaFile,
  orderId: string,
  bytesOf: Map<string, Buffer>,
): Promise<boolean> {
  // Re-read under the lease: another replica may have finished this upload since we looked.
  const fresh = await ctx.repo.load(requestId);
  const current = fresh?.loaFiles.find((f) => f.slackFileId === file.slackFileId);
  if (!current || current.uploads[orderId] !== undefined) return false;
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
    ctx.logger.info({ requestId, orderId, file: file.name, bandwidthFileName: fileName }, 'LOA uploaded');
    return true;
  } catch (error) {
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
    return false;
  }
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
