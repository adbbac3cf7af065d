import type { IncomingHttpHeaders } from 'node:http';
import { parseXml, type XmlNode, XmlParseError } from '../../../xml';
import { type CodedError, flatErrors, isXmlObject, type SimResponse, type XmlObject } from '../http-util';
import { type ApiVersion, parseTn } from '../numbers';
import type { SimState } from '../state';

/** One API request, routed below `/accounts/{accountId}`. */
export interface RouteContext {
  method: string;
  version: ApiVersion;
  /** Decoded path segments after `/accounts/{accountId}`, in their original case. */
  segments: string[];
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Absolute URL of the account as the client spelled its prefix, for Location headers. */
  accountUrl: string;
  state: SimState;
}

/**
 * Reads the request body as XML with root `expectedRoot`. On failure returns the answer to send:
 * by default a 400 with flat `Errors` under `errorRoot`; `onError` can shape it differently.
 */
export function readXmlBody(
  ctx: RouteContext,
  expectedRoot: string,
  onError: (error: CodedError) => SimResponse,
): { root: XmlObject } | { response: SimResponse } {
  let document: Record<string, XmlNode>;
  try {
    document = parseXml(ctx.body, ctx.state.config.maxBodyBytes);
  } catch (error) {
    // Quotes are left out of the detail: src/xml.ts refuses a document with more than one entity
    // reference, and this answer must stay readable by the project's own parser.
    const detail = (error instanceof XmlParseError ? error.message : 'unreadable body').replace(
      /['"<>&]/g,
      '',
    );
    return { response: onError({ code: 5002, description: `Validation error: ${detail}` }) };
  }
  // Some roots (Subscription) are repeatable elements, which the shared parser always makes arrays.
  const found = document[expectedRoot];
  const root = Array.isArray(found) ? found[0] : found;
  if (root === undefined) {
    return {
      response: onError({
        code: 5002,
        description: `Validation error: the root element must be ${expectedRoot}`,
      }),
    };
  }
  return { root: isXmlObject(root) ? root : {} };
}

export function flatErrorHandler(errorRoot: string, processingStatusFailed = false) {
  return (error: CodedError) => flatErrors(errorRoot, [error], processingStatusFailed);
}

/**
 * Validates a list of numbers as written for the API version: 7316 when empty, 7314 over `max`,
 * 7201 per invalid number, 7360 when there are duplicates (ERR). Returns canonical numbers.
 */
export function validateNumbers(
  raw: string[] | undefined,
  version: ApiVersion,
  max: number,
): { tns: string[]; errors: CodedError[] } {
  const errors: CodedError[] = [];
  const list = raw ?? [];
  if (list.length === 0) {
    return {
      tns: [],
      errors: [{ code: 7316, description: 'At least one telephone number must be provided.' }],
    };
  }
  if (list.length > max) {
    errors.push({
      code: 7314,
      description: `The number of telephone numbers provided exceeds the maximum ${max}`,
    });
    return { tns: [], errors };
  }
  const tns: string[] = [];
  for (const value of list) {
    const tn = parseTn(value, version);
    if (tn === undefined) {
      errors.push({ code: 7201, description: `${value} is not a valid NANPA telephone number.` });
    } else {
      tns.push(tn);
    }
  }
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const tn of tns) {
    if (seen.has(tn)) duplicates.add(tn);
    seen.add(tn);
  }
  if (duplicates.size > 0) {
    errors.push({
      code: 7360,
      description: `Telephone number list can't contain duplicates: ${[...duplicates].join(', ')}`,
    });
  }
  return { tns, errors };
}

/** Customer order id rule (7318): optional; alphanumerics, dashes and spaces; at most 40. */
export function customerOrderIdError(value: string | undefined): CodedError | undefined {
  if (value === undefined || (value.length <= 40 && /^[A-Za-z0-9 -]*$/.test(value))) return undefined;
  return {
    code: 7318,
    description:
      'Customer order ID is invalid. Only alphanumeric values, dashes and spaces are allowed. Max length is 40 characters.',
  };
}
