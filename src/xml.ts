import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * The one XML parser and builder of the project. Bandwidth's Dashboard API, its order
 * notifications and the simulator all go through here, so every XML body is read with the
 * same safety rules:
 *
 * - tag values stay strings: a telephone number or an id with a leading zero survives;
 * - elements that can repeat are always arrays, even when only one is present;
 * - a DOCTYPE (and with it every entity definition) is refused before parsing, so entity
 *   expansion bombs and external entities never reach the parser;
 * - bodies over a size limit are refused before they are read into a tree;
 * - malformed documents are refused instead of being half-parsed.
 */

/** Elements that may occur more than once under one parent anywhere in Bandwidth's XML. */
export const REPEATABLE_ELEMENTS: ReadonlySet<string> = new Set([
  'TelephoneNumber',
  'ImportTnError',
  'Error',
  'Errors',
  'ImportTnOrderSummary',
  'RemoveImportedTnOrderSummary',
  'OrderHistory',
  'fileData',
  'Subscription',
  'Note',
]);

/** Default ceiling for one XML body: far above any real Bandwidth answer (5,000 numbers ≈ 250 KB). */
export const DEFAULT_MAX_XML_BYTES = 5 * 1024 * 1024;

/** Why an XML body was refused. */
export type XmlRejection = 'too_large' | 'doctype' | 'malformed' | 'empty';

/** Thrown when a body is not acceptable XML. The message never quotes the body. */
export class XmlParseError extends Error {
  override readonly name = 'XmlParseError';
  constructor(
    readonly reason: XmlRejection,
    detail: string,
  ) {
    super(detail);
  }
}

/** A parsed element: its children by tag name, or a string for a leaf. */
export type XmlNode = string | { [tag: string]: XmlNode | XmlNode[] };

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // Only XML's five built-in entities can occur: a DOCTYPE (the only way to declare others) is refused first.
  processEntities: true,
  htmlEntities: false,
  maxNestedTags: 32,
  isArray: (tagName) => REPEATABLE_ELEMENTS.has(tagName),
});

const builder = new XMLBuilder({
  ignoreAttributes: true,
  format: false,
  suppressEmptyNode: true,
  processEntities: true,
});

const DOCTYPE = /<!DOCTYPE|<!ENTITY/i;

/**
 * Parses an XML document into plain objects (see the rules above).
 *
 * @throws XmlParseError when the body is empty, too large, carries a DOCTYPE or is malformed.
 */
export function parseXml(body: string | Buffer, maxBytes = DEFAULT_MAX_XML_BYTES): Record<string, XmlNode> {
  const size = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
  if (size > maxBytes) {
    throw new XmlParseError('too_large', `XML body of ${size} bytes exceeds the limit of ${maxBytes} bytes`);
  }
  const text = typeof body === 'string' ? body : body.toString('utf8');
  if (text.trim() === '') throw new XmlParseError('empty', 'XML body is empty');
  if (DOCTYPE.test(text))
    throw new XmlParseError('doctype', 'XML with a DOCTYPE or entity declaration is refused');
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new XmlParseError('malformed', `malformed XML at line ${valid.err.line}: ${valid.err.msg}`);
  }
  try {
    return parser.parse(text) as Record<string, XmlNode>;
  } catch (error) {
    throw new XmlParseError('malformed', `malformed XML: ${(error as Error).message}`);
  }
}

/**
 * Builds an XML document with a declaration from plain objects. Arrays become repeated
 * elements; `undefined` fields are left out; text is escaped.
 *
 * @example buildXml({ ImportTnCheckerPayload: { TelephoneNumbers: { TelephoneNumber: ['9195551234'] } } })
 */
export function buildXml(document: Record<string, unknown>): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>${builder.build(document)}`;
}
