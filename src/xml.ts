import { XMLBuilder } from 'fast-xml-parser';

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
  return parseDocument(text);
}

/** Deepest element nesting accepted; Bandwidth's documents are a handful of levels deep. */
const MAX_DEPTH = 32;

const NAME = /^[A-Za-z_][\w.:-]*$/;
const ATTRIBUTES = /^(?:\s+[^\s=/>"']+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*\s*$/;
const ENTITY = /&(?:(lt|gt|amp|quot|apos)|#(\d{1,7})|#x([0-9A-Fa-f]{1,6}));/g;
const BUILT_IN: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** One open element while scanning: its children so far and its text. */
interface Frame {
  name: string;
  children: Record<string, XmlNode | XmlNode[]> | undefined;
  text: string;
}

/**
 * A single-pass, well-formedness-checking reader for the XML Bandwidth speaks: elements and
 * text (attributes are checked and ignored, comments and processing instructions skipped,
 * CDATA kept as text). It replaced fast-xml-parser's validate-then-parse, which read every body
 * twice and took 3× longer than xml2js on a 1,000-order list (docs/BENCHMARKS.md, row 4).
 */
function parseDocument(text: string): Record<string, XmlNode> {
  const stack: Frame[] = [];
  let root: Record<string, XmlNode> | undefined;
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const fail = (at: number, message: string): never => {
    let line = 1;
    for (let i = text.indexOf('\n'); i >= 0 && i < at; i = text.indexOf('\n', i + 1)) line++;
    throw new XmlParseError('malformed', `malformed XML at line ${line}: ${message}`);
  };
  const addText = (raw: string, at: number, decode: boolean) => {
    const frame = stack[stack.length - 1];
    if (!frame) {
      if (raw.trim() !== '') fail(at, 'text outside the root element');
      return;
    }
    frame.text += decode ? decodeEntities(raw, () => fail(at, 'an & that starts no known entity')) : raw;
  };
  while (pos < text.length) {
    const lt = text.indexOf('<', pos);
    if (lt < 0) {
      addText(text.slice(pos), pos, true);
      break;
    }
    if (lt > pos) addText(text.slice(pos, lt), pos, true);
    const next = text.charCodeAt(lt + 1);
    if (next === 0x3f /* ? */) {
      const end = text.indexOf('?>', lt + 2);
      if (end < 0) fail(lt, 'unclosed processing instruction');
      pos = end + 2;
    } else if (next === 0x21 /* ! */) {
      if (text.startsWith('<!--', lt)) {
        const end = text.indexOf('-->', lt + 4);
        if (end < 0) fail(lt, 'unclosed comment');
        pos = end + 3;
      } else if (text.startsWith('<![CDATA[', lt)) {
        const end = text.indexOf(']]>', lt + 9);
        if (end < 0 || stack.length === 0) fail(lt, 'CDATA outside an element or unclosed');
        addText(text.slice(lt + 9, end), lt, false);
        pos = end + 3;
      } else {
        fail(lt, 'unexpected <!');
      }
    } else if (next === 0x2f /* / */) {
      const end = text.indexOf('>', lt + 2);
      if (end < 0) fail(lt, 'unclosed end tag');
      const name = text.slice(lt + 2, end).trimEnd();
      const frame = stack.pop();
      if (!frame || frame.name !== name) fail(lt, `closing tag </${name.slice(0, 40)}> does not match`);
      close(frame!);
      pos = end + 1;
    } else {
      const end = text.indexOf('>', lt + 1);
      if (end < 0) fail(lt, 'unclosed tag');
      const selfClosing = text.charCodeAt(end - 1) === 0x2f;
      const inner = text.slice(lt + 1, selfClosing ? end - 1 : end);
      let nameEnd = 0;
      while (nameEnd < inner.length && !isSpace(inner.charCodeAt(nameEnd))) nameEnd++;
      const name = inner.slice(0, nameEnd);
      if (!NAME.test(name) || name === '__proto__') fail(lt, `bad tag name "${name.slice(0, 40)}"`);
      if (nameEnd < inner.length && !ATTRIBUTES.test(inner.slice(nameEnd))) fail(lt, 'bad attributes');
      if (stack.length === 0 && root !== undefined) fail(lt, 'more than one root element');
      if (stack.length >= MAX_DEPTH) fail(lt, `elements nested deeper than ${MAX_DEPTH}`);
      const frame: Frame = { name, children: undefined, text: '' };
      if (selfClosing) close(frame);
      else stack.push(frame);
      pos = end + 1;
    }
  }
  if (stack.length > 0) fail(text.length, `<${stack[stack.length - 1]!.name.slice(0, 40)}> is not closed`);
  if (root === undefined) fail(0, 'no root element');
  return root!;

  function close(frame: Frame): void {
    const value = nodeOf(frame);
    const parent = stack[stack.length - 1];
    if (!parent) {
      root = { [frame.name]: value };
      return;
    }
    parent.children ??= {};
    const existing = parent.children[frame.name];
    if (existing === undefined) {
      parent.children[frame.name] = REPEATABLE_ELEMENTS.has(frame.name) ? [value] : value;
    } else if (Array.isArray(existing)) {
      existing.push(value);
    } else {
      // A tag that is not known to repeat but does is still kept whole, as a list.
      parent.children[frame.name] = [existing, value];
    }
  }
}

function nodeOf(frame: Frame): XmlNode {
  const text = frame.text.trim();
  if (frame.children === undefined) return text;
  if (text !== '') frame.children['#text'] = text;
  return frame.children;
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

function decodeEntities(raw: string, fail: () => never): string {
  if (!raw.includes('&')) return raw;
  // Without a DTD only the five built-in entities and character references exist.
  if (raw.replace(ENTITY, '').includes('&')) fail();
  return raw.replace(ENTITY, (_match, named?: string, dec?: string, hex?: string) => {
    if (named) return BUILT_IN[named]!;
    const code = dec ? Number(dec) : Number.parseInt(hex!, 16);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : fail();
  });
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
