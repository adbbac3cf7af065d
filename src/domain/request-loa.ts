import { type ImportRequest, type LoaFile, needsLoa, type RequestEvent } from './request';
import {
  ok,
  refuse,
  replaceAt,
  step,
  type Transition,
  user,
  withoutFailure,
  wrongState,
} from './request-step';

/** Transitions of a request's Letter of Authorization files. */

/** States in which an LOA no longer serves any purpose. */
const LOA_CLOSED: ReadonlySet<ImportRequest['state']> = new Set([
  'rejected',
  'expired',
  'cancelled',
  'not_importable',
]);

/**
 * Keeps an LOA shared for the request. A file already kept (same Slack file id) is refused as a
 * duplicate, which is how Slack's retries and repeated events upload once. When no order exists
 * yet the file waits, and the outbox says so.
 */
export function addLoaFile(request: ImportRequest, file: Omit<LoaFile, 'uploads'>, now: number): Transition {
  if (!needsLoa(request)) {
    return refuse('not_allowed', `${request.id} gives numbers back to Bandwidth; a removal needs no LOA.`);
  }
  if (LOA_CLOSED.has(request.state)) return wrongState(request, 'take an LOA');
  if (request.loaFiles.some((f) => f.slackFileId === file.slackFileId)) {
    return refuse('duplicate_file', `${file.name} is already attached to ${request.id}.`);
  }
  const waiting = !request.orders.some((o) => o.orderId !== undefined);
  const events: RequestEvent[] = waiting ? [{ type: 'loa_waiting', fileName: file.name }] : [];
  return ok(
    step(request, now, user(file.sharedBy), 'loa_added', file.name, events, {
      loaFiles: [...request.loaFiles, { ...file, uploads: {} }],
    }),
  );
}

/** Records Bandwidth's file name for an LOA uploaded to one order. Recording twice changes nothing. */
export function recordLoaUpload(
  request: ImportRequest,
  slackFileId: string,
  orderId: string,
  bandwidthFileName: string,
  now: number,
): Transition {
  const index = request.loaFiles.findIndex((f) => f.slackFileId === slackFileId);
  const file = request.loaFiles[index];
  if (!file) return refuse('unknown_order', `No LOA ${slackFileId} is attached to ${request.id}.`);
  if (!request.orders.some((o) => o.orderId === orderId)) {
    return refuse('unknown_order', `Order ${orderId} does not belong to ${request.id}.`);
  }
  if (file.uploads[orderId] !== undefined) return ok(request);
  const updated: LoaFile = { ...file, uploads: { ...file.uploads, [orderId]: bandwidthFileName } };
  const events: RequestEvent[] = [{ type: 'loa_uploaded', fileName: file.name, orderId, bandwidthFileName }];
  return ok(
    step(
      request.lastFailure?.stage === 'loa' ? withoutFailure(request) : request,
      now,
      'bot',
      'loa_uploaded',
      `${file.name} → ${orderId}`,
      events,
      {
        loaFiles: replaceAt(request.loaFiles, index, updated),
      },
    ),
  );
}

/** Records that a shared file was not taken as the LOA, and why. */
export function recordLoaRefused(
  request: ImportRequest,
  refused: { fileName: string; reason: string; by: string },
  now: number,
): ImportRequest {
  const events: RequestEvent[] = [{ type: 'loa_refused', ...refused }];
  return step(
    request,
    now,
    user(refused.by),
    'loa_refused',
    `${refused.fileName}: ${refused.reason}`,
    events,
    {},
  );
}

/** LOA uploads still owed: each kept file to each created order it has not reached. */
export function pendingLoaUploads(request: ImportRequest): { file: LoaFile; orderId: string }[] {
  const pending: { file: LoaFile; orderId: string }[] = [];
  for (const file of request.loaFiles) {
    for (const order of request.orders) {
      if (order.orderId !== undefined && file.uploads[order.orderId] === undefined) {
        pending.push({ file, orderId: order.orderId });
      }
    }
  }
  return pending;
}
