import { buildXml } from '../../xml';
import {
  type LoaList,
  type LoaMetadata,
  type LoaUploadResult,
  listResponseSchema,
  metadataResponseSchema,
  uploadResponseSchema,
} from '../schemas/loa';
import type { OperationContext } from './context';

export type LoaDocumentType = 'LOA' | 'INVOICE' | 'CSR' | 'OTHER';

export interface LoaFileInput {
  /** The file's bytes, sent as they are (Bandwidth takes the raw body, not multipart). */
  body: Buffer;
  /** The file's MIME type, e.g. `application/pdf`. */
  contentType: string;
  /** Default `LOA`. */
  documentType?: LoaDocumentType;
}

/** LOA files can be far larger than any XML answer. */
const MAX_LOA_DOWNLOAD_BYTES = 50 * 1024 * 1024;

/**
 * Uploads a file to an import order. Bandwidth renames it `{orderId}-{epochMillis}.{ext}`; that
 * name, returned as `fileName`, is the file's id for every other LOA call.
 */
export function uploadLoa(
  context: OperationContext,
  orderId: string,
  file: LoaFileInput,
): Promise<LoaUploadResult> {
  return context.transport.callXml(
    {
      method: 'POST',
      path: context.paths.loas(orderId),
      query: { documentType: file.documentType ?? 'LOA' },
      body: file.body,
      contentType: file.contentType,
      policy: 'loaUpload',
    },
    uploadResponseSchema,
  );
}

/** Replaces the bytes of an uploaded file (PUT, idempotent). */
export function replaceLoa(
  context: OperationContext,
  orderId: string,
  fileName: string,
  file: LoaFileInput,
): Promise<LoaUploadResult> {
  return context.transport.callXml(
    {
      method: 'PUT',
      path: context.paths.loa(orderId, fileName),
      query: { documentType: file.documentType },
      body: file.body,
      contentType: file.contentType,
      policy: 'safe',
    },
    uploadResponseSchema,
  );
}

/** Lists an order's files; with `metadata: true` each carries its document type and name. */
export function listLoas(
  context: OperationContext,
  orderId: string,
  options: { metadata?: boolean } = {},
): Promise<LoaList> {
  return context.transport.callXml(
    {
      method: 'GET',
      path: context.paths.loas(orderId),
      query: { metadata: options.metadata === undefined ? undefined : String(options.metadata) },
      policy: 'safe',
    },
    listResponseSchema,
  );
}

/** Downloads a file's bytes. */
export async function downloadLoa(
  context: OperationContext,
  orderId: string,
  fileName: string,
): Promise<{ body: Buffer; contentType: string | undefined }> {
  const response = await context.transport.call({
    method: 'GET',
    path: context.paths.loa(orderId, fileName),
    headers: { accept: '*/*' },
    policy: 'safe',
    maxBytes: MAX_LOA_DOWNLOAD_BYTES,
  });
  const contentType = response.headers['content-type'];
  return { body: response.body, contentType: Array.isArray(contentType) ? contentType[0] : contentType };
}

/**
 * Deletes a file. Returns false when there was nothing to delete (404), which is also what a
 * retried delete whose first answer was lost sees.
 */
export async function deleteLoa(
  context: OperationContext,
  orderId: string,
  fileName: string,
): Promise<boolean> {
  const response = await context.transport.call({
    method: 'DELETE',
    path: context.paths.loa(orderId, fileName),
    policy: 'safe',
    accept: [404],
  });
  return response.status !== 404;
}

export function getLoaMetadata(
  context: OperationContext,
  orderId: string,
  fileName: string,
): Promise<LoaMetadata> {
  return context.transport.callXml(
    { method: 'GET', path: context.paths.loaMetadata(orderId, fileName), policy: 'safe' },
    metadataResponseSchema,
  );
}

/** Sets a file's metadata. The document name may be at most 50 characters (error 7800). */
export async function updateLoaMetadata(
  context: OperationContext,
  orderId: string,
  fileName: string,
  metadata: { documentName?: string; documentType?: LoaDocumentType },
): Promise<void> {
  await context.transport.call({
    method: 'PUT',
    path: context.paths.loaMetadata(orderId, fileName),
    body: buildXml({
      FileMetaData: { DocumentName: metadata.documentName, DocumentType: metadata.documentType },
    }),
    policy: 'safe',
  });
}

/** Deletes a file's metadata; false when there was none (404). */
export async function deleteLoaMetadata(
  context: OperationContext,
  orderId: string,
  fileName: string,
): Promise<boolean> {
  const response = await context.transport.call({
    method: 'DELETE',
    path: context.paths.loaMetadata(orderId, fileName),
    policy: 'safe',
    accept: [404],
  });
  return response.status !== 404;
}
