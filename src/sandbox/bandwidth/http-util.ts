import type { IncomingMessage } from 'node:http';
import { buildXml, type XmlNode } from '../../xml';

/** What a route handler answers; the server writes it (or loses it, under a fault). */
export interface SimResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export type XmlObject = { [tag: string]: XmlNode | XmlNode[] };

export function isXmlObject(node: XmlNode | XmlNode[] | undefined): node is XmlObject {
  return typeof node === 'object' && node !== null && !Array.isArray(node);
}

/** The first child element `tag` of a node. */
export function child(node: XmlNode | undefined, tag: string): XmlNode | undefined {
  if (!isXmlObject(node)) return undefined;
  const value = node[tag];
  return Array.isArray(value) ? value[0] : value;
}

/** The text of child `tag`, trimmed; undefined when absent or when it has children of its own. */
export function text(node: XmlNode | undefined, tag: string): string | undefined {
  const value = child(node, tag);
  return typeof value === 'string' ? value : undefined;
}

/** Every child element `tag`. */
export function children(node: XmlNode | undefined, tag: string): XmlNode[] {
  if (!isXmlObject(node)) return [];
  const value = node[tag];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** `TelephoneNumbers/TelephoneNumber*` of a node, as raw strings (elements with children count as ''). */
export function telephoneNumbers(node: XmlNode | undefined): string[] | undefined {
  const list = child(node, 'TelephoneNumbers');
  if (list === undefined) return undefined;
  return children(list, 'TelephoneNumber').map((tn) => (typeof tn === 'string' ? tn : ''));
}

export const XML_CONTENT_TYPE = 'application/xml';

export function xmlResponse(
  status: number,
  document: Record<string, unknown>,
  headers?: Record<string, string>,
) {
  return { status, headers: { 'content-type': XML_CONTENT_TYPE, ...headers }, body: buildXml(document) };
}

export function emptyResponse(status: number, headers?: Record<string, string>): SimResponse {
  return { status, headers };
}

/** `ResponseStatus{ErrorCode, Description}` under `root` (error shape 1, BANDWIDTH.md §4). */
export function responseStatus(status: number, root: string, code: number, description: string): SimResponse {
  return xmlResponse(status, { [root]: { ResponseStatus: { ErrorCode: code, Description: description } } });
}

export interface CodedError {
  code: number;
  description: string;
}

/** Flat repeated `Errors{Code, Description}` under `root` (error shape 2, BANDWIDTH.md §4). */
export function flatErrors(root: string, errors: CodedError[], processingStatusFailed = false): SimResponse {
  return xmlResponse(400, {
    [root]: {
      ProcessingStatus: processingStatusFailed ? 'FAILED' : undefined,
      Errors: errors.map((e) => ({ Code: e.code, Description: e.description })),
    },
  });
}

/** Thrown when a request body is over the size limit. */
export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
}

/** Reads a request body, refusing (and stopping at) more than `maxBytes`. */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      reject(new BodyTooLargeError(`body of ${declared} bytes is over ${maxBytes}`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > maxBytes) {
        done = true;
        reject(new BodyTooLargeError(`body is over ${maxBytes} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!done) {
        done = true;
        resolve(Buffer.concat(chunks));
      }
    });
    req.on('error', (error) => {
      if (!done) {
        done = true;
        reject(error);
      }
    });
  });
}

/** ISO-8601 UTC with milliseconds, as in every Bandwidth example. */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString();
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
