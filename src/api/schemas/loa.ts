import { z } from 'zod';
import { count, element, list, optionalText } from './common';

/** `fileUploadResponse` (lower-case root and children, BANDWIDTH.md §1.6). The file name is the file id. */
export const uploadResponseSchema = z
  .object({
    fileUploadResponse: z.object({
      filename: optionalText,
      fileName: optionalText,
      resultCode: z.string(),
      resultMessage: optionalText,
    }),
  })
  .transform(({ fileUploadResponse: r }, ctx) => {
    const fileName = r.filename ?? r.fileName;
    if (fileName === undefined) {
      ctx.addIssue({ code: 'custom', message: 'fileUploadResponse has no filename' });
      return z.NEVER;
    }
    return { fileName, resultCode: r.resultCode, resultMessage: r.resultMessage ?? '' };
  });

export type LoaUploadResult = z.infer<typeof uploadResponseSchema>;

const metadataBody = element({ DocumentName: optionalText, DocumentType: optionalText }).transform((m) => ({
  documentName: m.DocumentName,
  documentType: m.DocumentType,
}));

/** Metadata Bandwidth keeps about one LOA file. */
export type LoaMetadata = z.infer<typeof metadataBody>;

/** `FileMetaData{DocumentName, DocumentType}` (GET `/loas/{fileId}/metadata`). */
export const metadataResponseSchema = z
  .object({ FileMetaData: metadataBody })
  .transform((document) => document.FileMetaData);

/** `fileListResponse{fileCount, fileData*{FileName, FileMetaData?}, resultCode, resultMessage}`. */
export const listResponseSchema = z
  .object({
    fileListResponse: element({
      fileCount: count.optional(),
      fileData: list(z.object({ FileName: z.string(), FileMetaData: metadataBody.optional() })),
      resultCode: optionalText,
      resultMessage: optionalText,
    }),
  })
  .transform(({ fileListResponse: r }) => ({
    fileCount: r.fileCount ?? r.fileData.length,
    files: r.fileData.map((file) => ({ fileName: file.FileName, metadata: file.FileMetaData })),
    resultCode: r.resultCode,
    resultMessage: r.resultMessage,
  }));

export type LoaList = z.infer<typeof listResponseSchema>;
