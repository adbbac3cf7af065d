/**
 * Which files the bot takes as a Letter of Authorization. Bandwidth accepts many types on its LOA
 * endpoint (BANDWIDTH.md §1.6), but a signed LOA is a scan or a PDF, and Bandwidth's people have to
 * open it: so PDF, TIFF, JPEG and PNG only, judged by the MIME type Slack reports AND by the file's
 * first bytes, because a file can be renamed and because Slack answers a download with its HTML
 * login page (status 200) when the bot's token cannot read the file.
 */

export const DEFAULT_LOA_MAX_BYTES = 10 * 1024 * 1024;

/** The MIME types sent to Bandwidth, in the order offered to people. */
export const LOA_MIME_TYPES = ['application/pdf', 'image/tiff', 'image/jpeg', 'image/png'] as const;
export type LoaMimeType = (typeof LOA_MIME_TYPES)[number];

/** What Slack tells about a shared file, plus its first bytes once downloaded. */
export interface LoaCandidate {
  name: string;
  mimetype: string;
  size: number;
  /** The start of the content (16 bytes are enough). Without it only the declared type is judged. */
  firstBytes?: Uint8Array;
}

export type LoaCheck =
  | { ok: true; contentType: LoaMimeType }
  | {
      ok: false;
      code: 'empty' | 'too_large' | 'wrong_type' | 'not_the_file' | 'content_mismatch';
      /** Why, in plain words. */
      reason: string;
      /** What to share instead. */
      instead: string;
    };

/** Slack and browsers write some of these types more than one way. */
const ALIASES: Readonly<Record<string, LoaMimeType>> = {
  'application/pdf': 'application/pdf',
  'application/x-pdf': 'application/pdf',
  'image/tiff': 'image/tiff',
  'image/tif': 'image/tiff',
  'image/jpeg': 'image/jpeg',
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'image/png': 'image/png',
};

/** Types that say nothing about the content; the first bytes decide. */
const UNDECLARED = new Set(['', 'application/octet-stream', 'binary/octet-stream']);

const SEND_INSTEAD = 'Share the signed LOA as a PDF (best), or as a TIFF, JPEG or PNG scan.';

/**
 * Judges a shared file as an LOA.
 *
 * @example
 * checkLoaFile({ name: 'loa.pdf', mimetype: 'application/pdf', size: 52_000, firstBytes })
 * // → { ok: true, contentType: 'application/pdf' }
 */
export function checkLoaFile(file: LoaCandidate, options: { maxBytes?: number } = {}): LoaCheck {
  const maxBytes = options.maxBytes ?? DEFAULT_LOA_MAX_BYTES;
  const declared = file.mimetype.split(';')[0]?.trim().toLowerCase() ?? '';
  const sniffed = file.firstBytes === undefined ? undefined : sniff(file.firstBytes);

  if (declared === 'text/html' || sniffed === 'html') {
    return {
      ok: false,
      code: 'not_the_file',
      reason: `What the bot got for ${file.name} is a web page, not the file: Slack did not let the bot read it.`,
      instead: 'Ask an admin to check that the bot can read files (files:read), then share the LOA again.',
    };
  }
  if (file.size <= 0 || file.firstBytes?.length === 0) {
    return { ok: false, code: 'empty', reason: `${file.name} is empty.`, instead: SEND_INSTEAD };
  }
  if (file.size > maxBytes) {
    return {
      ok: false,
      code: 'too_large',
      reason: `${file.name} is ${megabytes(file.size, Math.ceil)}; the limit is ${megabytes(maxBytes, Math.floor)}.`,
      instead: 'Share a smaller scan: a PDF, or a scan at 150–200 dpi in black and white.',
    };
  }
  const declaredType = ALIASES[declared];
  if (declaredType === undefined && !UNDECLARED.has(declared)) {
    return {
      ok: false,
      code: 'wrong_type',
      reason: `${file.name} is ${declared}, which is not accepted as an LOA.`,
      instead: SEND_INSTEAD,
    };
  }
  if (sniffed === undefined) {
    if (file.firstBytes !== undefined || declaredType === undefined) {
      return {
        ok: false,
        code: 'content_mismatch',
        reason: `The content of ${file.name} is not a PDF, TIFF, JPEG or PNG; it may be damaged or renamed.`,
        instead: SEND_INSTEAD,
      };
    }
    return { ok: true, contentType: declaredType };
  }
  // The content is what Bandwidth's people will open, so its real type is what we send.
  return { ok: true, contentType: sniffed };
}

/** The type the first bytes reveal, or undefined for anything else. */
function sniff(bytes: Uint8Array): LoaMimeType | 'html' | undefined {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return 'application/pdf'; // %PDF-
  if (starts(0x49, 0x49, 0x2a, 0x00) || starts(0x4d, 0x4d, 0x00, 0x2a)) return 'image/tiff';
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x89, 0x50, 0x4e, 0x47)) return 'image/png';
  const text = Buffer.from(bytes.subarray(0, 64))
    .toString('latin1')
    .replace(/^\uFEFF|^ï»¿/, '')
    .trimStart()
    .toLowerCase();
  if (text.startsWith('<!doctype html') || text.startsWith('<html') || text.startsWith('<head'))
    return 'html';
  return undefined;
}

/** Rounded so that a file just over the limit never reads as equal to it. */
function megabytes(bytes: number, round: (n: number) => number): string {
  return `${(round((bytes / (1024 * 1024)) * 10) / 10).toFixed(1)} MB`;
}
