/**
 * A lenient RFC 4180 reader for the files people attach: exports from spreadsheets, CRM reports
 * and hand-typed lists. It never throws; whatever it cannot read as CSV it reads as plain text.
 */

/** One record of a file, with the (1-based) line it starts on so problems can point at it. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/** The delimiters spreadsheets write: comma, semicolon (locales with a decimal comma) and tab. */
const DELIMITERS = [',', ';', '\t'] as const;

/**
 * Guesses the delimiter from the first non-empty line: the most frequent of comma, semicolon and
 * tab, comma when there is none (a plain list of numbers).
 */
export function detectDelimiter(text: string): string {
  const firstLine = text.split(/\r\n|\n|\r/).find((line) => line.trim() !== '') ?? '';
  let best: string = ',';
  let bestCount = 0;
  for (const delimiter of DELIMITERS) {
    const count = firstLine.split(delimiter).length - 1;
    if (count > bestCount) {
      best = delimiter;
      bestCount = count;
    }
  }
  return best;
}

/**
 * Reads `text` as records. Quoted fields may hold delimiters, doubled quotes and line breaks.
 * A quote that is never closed is read as an ordinary character on its own line: otherwise one
 * stray `"` in a hand-typed list would swallow the rest of the file into one field and every
 * later line number would be wrong.
 */
export function* readCsvRecords(text: string, delimiter: string): Generator<CsvRecord> {
  let pos = 0;
  let line = 1;
  while (pos < text.length) {
    const record = readRecord(text, pos, delimiter, true) ?? readRecord(text, pos, delimiter, false)!;
    yield { line, fields: record.fields };
    line += record.breaks;
    pos = record.end;
  }
}

interface RawRecord {
  fields: string[];
  /** Offset just after the record's terminating line break. */
  end: number;
  /** Line breaks consumed, inside quoted fields and the terminating one. */
  breaks: number;
}

function readRecord(text: string, start: number, delimiter: string, quotes: boolean): RawRecord | undefined {
  const fields: string[] = [];
  let field = '';
  let atFieldStart = true;
  let breaks = 0;
  let i = start;
  while (i < text.length) {
    const c = text[i]!;
    if (quotes && atFieldStart && c === '"') {
      // Spaces before an opening quote (`a, "b"`) are not part of the value.
      field = '';
      i += 1;
      for (;;) {
        if (i >= text.length) return undefined;
        const q = text[i]!;
        if (q === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        if (q === '\n' || (q === '\r' && text[i + 1] !== '\n')) breaks += 1;
        field += q;
        i += 1;
      }
      atFieldStart = false;
      continue;
    }
    if (c === delimiter) {
      fields.push(field);
      field = '';
      atFieldStart = true;
      i += 1;
      continue;
    }
    if (c === '\n' || c === '\r') {
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      fields.push(field);
      return { fields, end: i, breaks: breaks + 1 };
    }
    field += c;
    if (c !== ' ') atFieldStart = false;
    i += 1;
  }
  fields.push(field);
  return { fields, end: i, breaks };
}
