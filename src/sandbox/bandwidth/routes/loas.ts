import { emptyResponse, type SimResponse, text, xmlResponse } from '../http-util';
import { LOA_DOCUMENT_TYPES, type LoaDocumentType, type SimLoaFile } from '../types';
import { type RouteContext, readXmlBody } from './context';
import { findOrder } from './orders';

/**
 * MIME types accepted for LOA files, with the extension of the stored name. SPEC1's list; the
 * older RAML also allowed application/xml, audio/x-wav and application/zip, which the simulator
 * refuses, following the newer source (BANDWIDTH.md §1.6).
 */
const MIME_EXTENSIONS: Readonly<Record<string, string>> = {
  'application/pdf': 'pdf',
  'text/plain': 'txt',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/tiff': 'tiff',
  'text/csv': 'csv',
  'application/vnd.ms-excel': 'xls',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/msword': 'doc',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
};

/** Longest DocumentName (ERR 7800). */
export const MAX_DOCUMENT_NAME = 50;

/**
 * LOA errors are answered as `fileUploadResponse{resultCode, resultMessage}`: the LOA endpoints
 * report results in those fields, and no other error body is documented for them (assumption).
 */
function loaError(status: number, code: number, message: string): SimResponse {
  return xmlResponse(status, { fileUploadResponse: { resultCode: code, resultMessage: message } });
}

function mimeOf(ctx: RouteContext): string {
  return (ctx.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

/** documentType from the query and/or header: 7639 when unknown, 7641 when the two disagree. */
function documentTypeOf(ctx: RouteContext, fallback: LoaDocumentType): LoaDocumentType | SimResponse {
  const fromQuery = ctx.query.get('documentType') ?? undefined;
  const header = ctx.headers.documenttype;
  const fromHeader = Array.isArray(header) ? header[0] : header;
  for (const value of [fromQuery, fromHeader]) {
    if (
      value !== undefined &&
      !(LOA_DOCUMENT_TYPES as readonly string[]).includes(value.trim().toUpperCase())
    ) {
      return loaError(
        400,
        7639,
        `Document type ${value} is invalid. Valid values: ${LOA_DOCUMENT_TYPES.join(', ')}`,
      );
    }
  }
  if (
    fromQuery !== undefined &&
    fromHeader !== undefined &&
    fromQuery.trim().toUpperCase() !== fromHeader.trim().toUpperCase()
  ) {
    return loaError(400, 7641, 'The documentType query parameter and the documentType header disagree.');
  }
  const chosen = fromQuery ?? fromHeader;
  return chosen === undefined ? fallback : (chosen.trim().toUpperCase() as LoaDocumentType);
}

function filesOf(ctx: RouteContext, orderId: string): SimLoaFile[] {
  let files = ctx.state.loas.get(orderId);
  if (!files) {
    files = [];
    ctx.state.loas.set(orderId, files);
  }
  return files;
}

/** Checks the body and its type; returns what to store, or the error answer. */
function readUpload(
  ctx: RouteContext,
  fallback: LoaDocumentType,
): { response: SimResponse } | { mime: string; ext: string; documentType: LoaDocumentType } {
  const mime = mimeOf(ctx);
  const ext = MIME_EXTENSIONS[mime];
  if (ext === undefined) {
    return { response: loaError(400, 1, `Unsupported file type ${mime || '(none)'}.`) };
  }
  if (ctx.body.length === 0) return { response: loaError(400, 1, 'The file is empty.') };
  const documentType = documentTypeOf(ctx, fallback);
  if (typeof documentType !== 'string') return { response: documentType };
  return { mime, ext, documentType };
}

/** `/importTnOrders/{orderId}/loas[/{fileId}[/metadata]]` (BANDWIDTH.md §1.6). */
export function handleLoas(
  ctx: RouteContext,
  orderId: string,
  rest: string[],
  collectionUrl: string,
): SimResponse {
  const found = findOrder(ctx, 'import', orderId);
  if ('response' in found) return found.response;
  const order = found.order;
  const files = filesOf(ctx, order.orderId);
  const [fileId, sub, ...extra] = rest;
  if (extra.length > 0 || (sub !== undefined && sub.toLowerCase() !== 'metadata')) return emptyResponse(404);

  if (fileId === undefined) {
    if (ctx.method === 'POST') {
      const upload = readUpload(ctx, 'LOA');
      if ('response' in upload) return upload.response;
      let millis = ctx.state.config.now();
      while (files.some((f) => f.fileId === `${order.orderId}-${millis}.${upload.ext}`)) millis++;
      const file: SimLoaFile = {
        orderId: order.orderId,
        fileId: `${order.orderId}-${millis}.${upload.ext}`,
        contentType: upload.mime,
        bytes: Buffer.from(ctx.body),
        documentType: upload.documentType,
        uploadedAt: ctx.state.config.now(),
      };
      files.push(file);
      return xmlResponse(
        201,
        {
          fileUploadResponse: {
            filename: file.fileId,
            resultCode: 0,
            resultMessage: `LOA file uploaded successfully for order ${order.orderId}`,
          },
        },
        { location: `${collectionUrl}/${order.orderId}/loas/${file.fileId}` },
      );
    }
    if (ctx.method === 'GET') {
      const withMetadata = (ctx.query.get('metadata') ?? 'false').toLowerCase() === 'true';
      return xmlResponse(200, {
        fileListResponse: {
          fileCount: files.length,
          fileData: files.map((f) => ({
            FileName: f.fileId,
            FileMetaData: withMetadata
              ? { DocumentName: f.documentName, DocumentType: f.documentType }
              : undefined,
          })),
          resultCode: 0,
          resultMessage: 'LOA file list successfully returned',
        },
      });
    }
    return emptyResponse(405, { allow: 'GET, POST' });
  }

  const file = files.find((f) => f.fileId === fileId);
  if (!file) return loaError(404, 1, `LOA file ${fileId} not found for order ${order.orderId}`);

  if (sub === undefined) {
    switch (ctx.method) {
      case 'GET':
        return {
          status: 200,
          headers: {
            'content-type': file.contentType,
            'content-disposition': `attachment; filename="${file.fileId}"`,
          },
          body: file.bytes,
        };
      case 'PUT': {
        const upload = readUpload(ctx, file.documentType);
        if ('response' in upload) return upload.response;
        file.bytes = Buffer.from(ctx.body);
        file.contentType = upload.mime;
        file.documentType = upload.documentType;
        file.uploadedAt = ctx.state.config.now();
        return xmlResponse(200, {
          fileUploadResponse: {
            filename: file.fileId,
            resultCode: 0,
            resultMessage: `LOA file updated successfully for order ${order.orderId}`,
          },
        });
      }
      case 'DELETE':
        files.splice(files.indexOf(file), 1);
        return emptyResponse(200);
      default:
        return emptyResponse(405, { allow: 'GET, PUT, DELETE' });
    }
  }

  switch (ctx.method) {
    case 'GET':
      return xmlResponse(200, {
        FileMetaData: { DocumentName: file.documentName, DocumentType: file.documentType },
      });
    case 'PUT': {
      const parsed = readXmlBody(ctx, 'FileMetaData', (e) => loaError(400, e.code, e.description));
      if ('response' in parsed) return parsed.response;
      const name = text(parsed.root, 'DocumentName')?.trim();
      const type = text(parsed.root, 'DocumentType')?.trim().toUpperCase();
      if (name !== undefined && name.length > MAX_DOCUMENT_NAME) {
        return loaError(400, 7800, 'Document name too long, max 50 characters');
      }
      if (type !== undefined && !(LOA_DOCUMENT_TYPES as readonly string[]).includes(type)) {
        return loaError(
          400,
          7639,
          `Document type ${type} is invalid. Valid values: ${LOA_DOCUMENT_TYPES.join(', ')}`,
        );
      }
      file.documentName = name || undefined;
      if (type) file.documentType = type as LoaDocumentType;
      return emptyResponse(200);
    }
    case 'DELETE':
      file.documentName = undefined;
      file.documentType = 'LOA';
      return emptyResponse(200);
    default:
      return emptyResponse(405, { allow: 'GET, PUT, DELETE' });
  }
}
