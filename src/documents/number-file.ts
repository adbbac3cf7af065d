import { parseTelephoneNumbers, type Tn } from '../domain/tn';
import { type CsvRecord, detectDelimiter, readCsvRecords } from './csv-records';

/**
 * Something in a number file that is not an importable number. `reason` follows `text` in a
 * sentence ("919555123 has 9 digits; …"); when `text` is empty the reason is a sentence of its own.
 */
export interface NumberFileProblem {
  /** 1-based line in the file, as an editor or spreadsheet shows it. */
  line: number;
  text: string;
  reason: string;
}

/** What {@link parseNumberFile} found. */
export interface ParsedNumberFile {
  /** Every valid number once, in the order first seen. */
  numbers: Tn[];
  problems: NumberFileProblem[];
  /** Numbers that appeared more than once, each listed once. */
  duplicates: Tn[];
}

export interface ParseNumberFileOptions {
  /** Lines past this are not read, and one problem says so. */
  maxLines?: number;
}

export const DEFAULT_NUMBER_FILE_MAX_LINES = 20_000;

/** A problem's text is shown on the card; a whole pasted paragraph would bury the others. */
const MAX_PROBLEM_TEXT = 100;

/** Header names that mean "this column holds the numbers", compared without case or punctuation. */
const NUMBER_HEADERS = new Set([
  'number',
  'numbers',
  'phone',
  'phones',
  'phonenumber',
  'phonenumbers',
  'telephone',
  'telephones',
  'telephonenumber',
  'telephonenumbers',
  'tel',
  'tn',
  'tns',
  'did',
  'dids',
  'msisdn',
  'e164',
]);
/** Words that mark a number column inside a longer header ("Phone Number (E.164)"). "number" alone does not: "Account Number" is not one. */
const NUMBER_HEADER_WORDS = new Set(['phone', 'telephone', 'tel', 'tn', 'did', 'msisdn']);

/** Excel shows a long number column as 9.19555E+09 and exports it that way: the digits are gone. */
const SCIENTIFIC = /^[+-]?\d+(?:[.,]\d+)?e\+?\d+$/i;
/** A number column read as floats by pandas or a script comes out as "9195551234.0". */
const FLOAT_TAIL = /^(\+?\d{10,11})\.0+$/;

/**
 * Reads the numbers out of an attached file: a CSV export (a header row such as `number,name` is
 * recognised and skipped; when a column is called number, phone, tn, telephone and the like only
 * that column is read) or plain text with one or several numbers per line. Handles a BOM, CRLF,
 * quoted fields and comma, semicolon or tab delimiters. Each cell goes through
 * {@link parseTelephoneNumbers}, so numbers are written any way people write them.
 *
 * Without a number column, a cell with no digit at all (a name next to the number) is ignored,
 * but a line that holds no number is reported.
 *
 * @example
 * parseNumberFile('number,name\r\n919-555-1234,Front desk\r\n919-555-123,Fax\r\n')
 * // → { numbers: ['9195551234'], duplicates: [],
 * //     problems: [{ line: 3, text: '919-555-123', reason: 'has 9 digits; …' }] }
 */
export function parseNumberFile(text: string, options: ParseNumberFileOptions = {}): ParsedNumberFile {
  const maxLines = options.maxLines ?? DEFAULT_NUMBER_FILE_MAX_LINES;
  const result: ParsedNumberFile = { numbers: [], problems: [], duplicates: [] };
  const body = text.replace(/^\uFEFF/, '');
  if (!looksLikeText(body)) {
    result.problems.push({
      line: 1,
      text: '',
      reason:
        'The file is not text. Save the spreadsheet as CSV (comma separated values), or paste the numbers into a .txt file, and share that.',
    });
    return result;
  }

  const seen = new Set<Tn>();
  const repeated = new Set<Tn>();
  const add = (tn: Tn) => {
    if (!seen.has(tn)) {
      seen.add(tn);
      result.numbers.push(tn);
    } else if (!repeated.has(tn)) {
      repeated.add(tn);
      result.duplicates.push(tn);
    }
  };

  let columns: number[] | undefined;
  let columnName = '';
  let sawContent = false;
  for (const record of readCsvRecords(body, detectDelimiter(body))) {
    if (record.line > maxLines) {
      result.problems.push({
        line: record.line,
        text: '',
        reason: `The file has more than ${maxLines.toLocaleString('en-US')} lines; lines after ${maxLines.toLocaleString('en-US')} were not read. Split it into smaller files.`,
      });
      break;
    }
    if (record.fields.every((field) => field.trim() === '')) continue;
    if (!sawContent) {
      sawContent = true;
      if (isHeader(record.fields)) {
        const found = record.fields.flatMap((field, i) => (isNumberHeader(field) ? [i] : []));
        // A one-column file ("Phone" then lines of numbers) is a plain list: a line may hold several.
        if (found.length > 0 && record.fields.length > 1) {
          columns = found;
          columnName = record.fields[found[0]!]!.trim();
        }
        continue;
      }
    }
    readRecord(record, columns, columnName, add, result.problems);
  }
  return result;
}

function readRecord(
  record: CsvRecord,
  columns: number[] | undefined,
  columnName: string,
  add: (tn: Tn) => void,
  problems: NumberFileProblem[],
): void {
  const cells = columns ? columns.map((i) => record.fields[i] ?? '') : record.fields;
  let found = false;
  for (const raw of cells) {
    // A quote left over from a stray or unbalanced `"` is never part of a number.
    const cell = raw.replace(/"/g, '').trim();
    if (cell === '') continue;
    if (!columns && !/\d/.test(cell)) continue;
    found = true;
    if (SCIENTIFIC.test(cell)) {
      problems.push({
        line: record.line,
        text: clip(cell),
        reason:
          'is in scientific notation, so digits were lost; format the column as Text in the spreadsheet and export it again',
      });
      continue;
    }
    const parsed = parseTelephoneNumbers(cell.replace(FLOAT_TAIL, '$1'));
    for (const tn of parsed.numbers) add(tn);
    for (const tn of parsed.duplicates) add(tn);
    for (const invalid of parsed.invalid) {
      problems.push({ line: record.line, text: clip(invalid.input), reason: invalid.reason });
    }
  }
  if (found) return;
  const line = record.fields.join(' ').trim();
  problems.push(
    columns
      ? { line: record.line, text: '', reason: `The ${columnName} column is empty on this line.` }
      : { line: record.line, text: clip(line), reason: 'has no phone number' },
  );
}

/** A header row holds no number, and names a number column or has no digits at all. */
function isHeader(fields: string[]): boolean {
  if (fields.some((field) => parseTelephoneNumbers(field).numbers.length > 0)) return false;
  return fields.some(isNumberHeader) || fields.every((field) => !/\d/.test(field));
}

function isNumberHeader(field: string): boolean {
  const lower = field.trim().toLowerCase();
  if (NUMBER_HEADERS.has(lower.replace(/[^a-z0-9]/g, ''))) return true;
  return lower.split(/[^a-z0-9]+/).some((word) => NUMBER_HEADER_WORDS.has(word));
}

/** An .xlsx (a zip), a PDF or a UTF-16 file decoded as UTF-8 is not something to read line by line. */
function looksLikeText(text: string): boolean {
  if (text.includes('\u0000') || text.startsWith('PK\u0003\u0004') || text.startsWith('%PDF-')) return false;
  const sample = text.slice(0, 4096);
  const replacement = sample.split('\uFFFD').length - 1;
  return replacement <= sample.length / 20;
}

function clip(text: string): string {
  return text.length > MAX_PROBLEM_TEXT ? `${text.slice(0, MAX_PROBLEM_TEXT - 1)}…` : text;
}
