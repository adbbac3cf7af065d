/**
 * A telephone number in the one form the app uses everywhere: the 10 digits of a North American
 * (NANP) number, with no country code and no punctuation, e.g. "9195551234". Bandwidth's v1 API
 * takes and returns this form; use {@link toE164} where "+1…" is needed and {@link formatTn} for
 * people.
 */
export type Tn = string;

/** One piece of a paste that is not an importable number, with a reason a requester understands. */
export interface InvalidNumber {
  /** The text as the person wrote it (after Slack's link markup is removed). */
  input: string;
  reason: string;
}

/** What {@link parseTelephoneNumbers} found in a paste. */
export interface ParsedNumbers {
  /** Every valid number once, in the order first seen. */
  numbers: Tn[];
  /** Every piece that is not a valid number, in the order seen. */
  invalid: InvalidNumber[];
  /** Numbers that appeared more than once, each listed once, in the order their first repeat was seen. */
  duplicates: Tn[];
}

/** Chunks judged together; `natural` when their gaps fall where people put them (1 | 3 | 3 | 4). */
interface Group {
  chunks: Chunk[];
  natural: boolean;
}

/** One space-free piece of an entry. */
interface Chunk {
  text: string;
  start: number;
  end: number;
  kind: 'tel' | 'ext' | 'word';
  digits: string;
  plus: boolean;
}

const TN_PATTERN = /^\d{10}$/;
const HARD_SEPARATORS = /[,;\n\r\t]/;
/** Slack turns a pasted number into `<tel:+19195551234|(919) 555-1234>`; the target is the number. */
const SLACK_TEL_LINK = /<tel:([^|>]*)(?:\|[^>]*)?>/gi;
const TEL = /^\+?[\d().\-/]*\d[\d().\-/]*$/;
const EXT_MARKER = /^(?:x|ext\.?|extension|#)$/i;
const EXT_WITH_DIGITS = /^(?:x|ext\.?|extension|#)[.:]?\d+$/i;
const TEL_WITH_EXT = /^(\+?[\d().\-/]*\d)((?:x|ext\.?|extension|#)[.:]?\d+)$/i;
/** A NANP number has at most 11 digits (with country code 1); a longer run cannot be one. */
const MAX_GROUP_DIGITS = 11;

/**
 * Finds the telephone numbers in anything people paste into Slack: one or many numbers written
 * as `(919) 555-1234`, `919.555.1234`, `+1 919 555 1234`, `19195551234`, Slack's auto-linked
 * `<tel:…|…>`, and so on, separated by commas, semicolons, line breaks, tabs or spaces.
 *
 * Spaces can sit inside one number and between numbers, so within a run of space-separated
 * pieces a number is read as the longest run of pieces, starting where the previous one ended,
 * whose digits make 10 (or 11 starting with country code 1) and whose gaps fall only where
 * people put them: after the country code, the area code or the exchange (1 | 3 | 3 | 4). Pieces
 * that start no such run are reported together as one invalid entry, up to where a number
 * starts again. A number with another country code (`+44 …`) runs to the next comma, semicolon,
 * line break or `+`, because its length cannot be known.
 *
 * @example
 * parseTelephoneNumbers('919 555 1234 919 555 1235, 911-555-1234').numbers
 * // => ['9195551234', '9195551235']
 */
export function parseTelephoneNumbers(text: string): ParsedNumbers {
  const numbers: Tn[] = [];
  const invalid: InvalidNumber[] = [];
  const duplicates: Tn[] = [];
  const seen = new Set<Tn>();
  const repeated = new Set<Tn>();

  for (const entry of normalize(text).split(HARD_SEPARATORS)) {
    const chunks = toChunks(entry);
    for (const group of groupChunks(chunks)) {
      const input = entry.slice(group.chunks[0]!.start, group.chunks[group.chunks.length - 1]!.end);
      const result = judgeGroup(group);
      if (typeof result !== 'string') {
        invalid.push({ input, reason: result.reason });
      } else if (!seen.has(result)) {
        seen.add(result);
        numbers.push(result);
      } else if (!repeated.has(result)) {
        repeated.add(result);
        duplicates.push(result);
      }
    }
  }
  return { numbers, invalid, duplicates };
}

/** True when `value` is already in the app's normalized {@link Tn} form (10 digits). */
export function isTn(value: string): value is Tn {
  return TN_PATTERN.test(value);
}

/** "+19195551234" for a {@link Tn}; throws on anything that is not one, so garbage never reaches an API. */
export function toE164(tn: Tn): string {
  if (!isTn(tn)) throw new TypeError(`not a 10-digit telephone number: ${JSON.stringify(tn)}`);
  return `+1${tn}`;
}

/**
 * Reads a number as Bandwidth or our own stored data writes it ("9195551234", "19195551234" or
 * "+19195551234"). Returns undefined for anything else. It does not judge assignability: on
 * the wire Bandwidth is the authority on which numbers exist.
 */
export function fromWireNumber(value: string): Tn | undefined {
  const match = /^(?:\+1|1)?(\d{10})$/.exec(value.trim());
  return match?.[1];
}

/** "(919) 555-1234" for people; anything that is not a {@link Tn} is returned unchanged. */
export function formatTn(tn: Tn): string {
  if (!isTn(tn)) return tn;
  return `(${tn.slice(0, 3)}) ${tn.slice(3, 6)}-${tn.slice(6)}`;
}

/** Makes pasted text from phones, spreadsheets and Slack look like plain ASCII. */
function normalize(text: string): string {
  return text
    .normalize('NFKC')
    .replace(SLACK_TEL_LINK, ' $1 ')
    .replace(/[\u200b-\u200d\u2060\ufeff]/g, '')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\u00a0\u2000-\u200a\u202f\u205f\u3000]/g, ' ');
}

function toChunks(entry: string): Chunk[] {
  const chunks: Chunk[] = [];
  for (const match of entry.matchAll(/\S+/g)) {
    const start = match.index;
    const text = match[0];
    const glued = TEL_WITH_EXT.exec(text);
    if (glued) {
      const tel = glued[1]!;
      chunks.push(makeChunk(tel, start));
      chunks.push(makeChunk(text.slice(tel.length), start + tel.length));
    } else {
      chunks.push(makeChunk(text, start));
    }
  }
  return chunks;
}

function makeChunk(text: string, start: number): Chunk {
  const end = start + text.length;
  const digits = text.replace(/\D/g, '');
  if (TEL.test(text)) return { text, start, end, kind: 'tel', digits, plus: text.startsWith('+') };
  if (EXT_MARKER.test(text) || EXT_WITH_DIGITS.test(text)) {
    return { text, start, end, kind: 'ext', digits, plus: false };
  }
  return { text, start, end, kind: 'word', digits, plus: false };
}

/** Splits one entry's chunks into the groups that are judged one by one. */
function groupChunks(chunks: Chunk[]): Group[] {
  const groups: Group[] = [];
  let i = 0;
  while (i < chunks.length) {
    const first = chunks[i]!;
    let end: number;
    let natural = false;
    if (first.kind === 'word') {
      end = i + 1;
      while (end < chunks.length && chunks[end]!.kind === 'word') end += 1;
    } else if (first.kind === 'ext') {
      end = endOfExtension(chunks, i);
    } else if (first.plus && !first.digits.startsWith('1')) {
      end = i + 1;
      while (end < chunks.length && chunks[end]!.kind !== 'word' && !chunks[end]!.plus) end += 1;
    } else {
      const numberEnd = numberEndingAt(chunks, i);
      natural = numberEnd !== undefined;
      end = numberEnd ?? endOfInvalidRun(chunks, i);
      if (!natural && end < chunks.length && isVanityTail(chunks[end]!)) end += 1;
      if (end < chunks.length && chunks[end]!.kind === 'ext') end = endOfExtension(chunks, end);
    }
    groups.push({ chunks: chunks.slice(i, end), natural });
    i = end;
  }
  return groups;
}

/** "919 555 CALL" is one vanity number, not a short number followed by a word. */
function isVanityTail(chunk: Chunk): boolean {
  return chunk.kind === 'word' && /^[A-Za-z][A-Za-z0-9-]*$/.test(chunk.text);
}

/** An extension is a marker with digits ("x12") or a bare marker followed by its digits ("ext 12"). */
function endOfExtension(chunks: Chunk[], i: number): number {
  const next = chunks[i + 1];
  const bare = chunks[i]!.digits === '';
  return bare && next?.kind === 'tel' && !next.plus && next.digits.length <= 6 ? i + 2 : i + 1;
}

/** The end (exclusive) of the longest naturally grouped number starting at chunk `i`, if any. */
function numberEndingAt(chunks: Chunk[], i: number): number | undefined {
  let digits = '';
  const gaps: number[] = [];
  let best: number | undefined;
  for (let j = i; j < chunks.length; j++) {
    const chunk = chunks[j]!;
    if (chunk.kind !== 'tel' || (j > i && chunk.plus)) break;
    if (j > i) gaps.push(digits.length);
    digits += chunk.digits;
    if (digits.length > MAX_GROUP_DIGITS) break;
    if (isNaturalGrouping(digits, gaps, chunks[i]!.plus)) best = j + 1;
  }
  return best;
}

function isNaturalGrouping(digits: string, gaps: number[], plus: boolean): boolean {
  let country: number;
  if (digits.length === 11 && digits.startsWith('1')) country = 1;
  else if (digits.length === 10 && !plus) country = 0;
  else return false;
  return gaps.every((gap) => gap === country || gap === country + 3 || gap === country + 6);
}

/** Pieces that start no number are reported together, up to where something else begins. */
function endOfInvalidRun(chunks: Chunk[], i: number): number {
  let end = i + 1;
  while (end < chunks.length) {
    const chunk = chunks[end]!;
    if (chunk.kind !== 'tel' || chunk.plus || numberEndingAt(chunks, end) !== undefined) break;
    end += 1;
  }
  return end;
}

/** The normalized number for a group, or why it is not one. */
function judgeGroup({ chunks: group, natural }: Group): Tn | { reason: string } {
  const first = group[0]!;
  if (group.some((chunk) => chunk.kind === 'word')) {
    const hasDigits = group.some((chunk) => chunk.digits !== '');
    return {
      reason: hasDigits
        ? 'contains letters; write the number with digits only (vanity numbers such as 1-800-FLOWERS need converting)'
        : 'is not a phone number',
    };
  }
  if (first.kind === 'ext') {
    return { reason: 'is an extension without a number; only whole numbers can be imported' };
  }
  if (first.plus && !first.digits.startsWith('1')) {
    const country = first.text.length <= 4 ? first.text : `+${first.digits.slice(0, 2)}`;
    return { reason: `not a NANP number: ${country}…; only US and Canadian (+1) numbers can be imported` };
  }
  const extensionAt = group.findIndex((chunk) => chunk.kind === 'ext');
  const numberChunks = extensionAt < 0 ? group : group.slice(0, extensionAt);
  const core = nanpCore(numberChunks.map((chunk) => chunk.digits).join(''), first.plus);
  if (typeof core !== 'string') return core;
  if (!natural) {
    return {
      reason:
        'has its digits spaced unusually; write it as 919-555-1234 and separate numbers with commas or new lines',
    };
  }
  const problem = nanpProblem(core);
  if (problem) return { reason: problem };
  if (extensionAt >= 0) {
    const extension = group
      .slice(extensionAt)
      .map((chunk) => chunk.text)
      .join(' ');
    return {
      reason: `has an extension (${extension}); only the main number can be imported, so leave the extension off`,
    };
  }
  return core;
}

/** The 10 NANP digits, or a digit-count reason. */
function nanpCore(digits: string, plus: boolean): string | { reason: string } {
  if (digits.length === 11 && digits.startsWith('1')) return digits.slice(1);
  if (digits.length === 10 && !plus) return digits;
  if (plus) {
    const after = digits.length - 1;
    return {
      reason: `has ${after} ${after === 1 ? 'digit' : 'digits'} after +1; a US or Canadian number has 10`,
    };
  }
  const count = `has ${digits.length} ${digits.length === 1 ? 'digit' : 'digits'}`;
  if (digits.length < 10) return { reason: `${count}; a US or Canadian number has 10` };
  return { reason: `${count}; a US or Canadian number has 10 (11 only when the first is country code 1)` };
}

/** Why 10 digits cannot be a NANP number (NPA-NXX-XXXX), or undefined when they can. */
function nanpProblem(core: string): string | undefined {
  const areaCode = core.slice(0, 3);
  const exchange = core.slice(3, 6);
  if (/^[01]/.test(areaCode)) return "area code can't start with 0 or 1";
  if (areaCode.endsWith('11'))
    return `area code ${areaCode} is an N11 code; N11 codes such as 911 are not assignable`;
  if (/^[01]/.test(exchange)) return "exchange (the middle 3 digits) can't start with 0 or 1";
  if (exchange.endsWith('11'))
    return `exchange ${exchange} is an N11 code; N11 codes such as 911 are not assignable`;
  return undefined;
}
