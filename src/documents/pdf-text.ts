import type { PDFFont } from 'pdf-lib';

/**
 * Text helpers for PDFs drawn with the 14 standard fonts. Those fonts only encode WinAnsi
 * (Latin-1 plus a few typographic marks), and pdf-lib throws on anything else, so every string
 * that came from a person goes through {@link toFontText} before it is measured or drawn.
 */

/** Letters that have no decomposition to a base letter but an obvious Latin stand-in. */
const STAND_INS: Readonly<Record<string, string>> = {
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  ħ: 'h',
  Ħ: 'H',
  ı: 'i',
  ŀ: 'l',
  Ŀ: 'L',
  ŧ: 't',
  Ŧ: 'T',
  ĸ: 'k',
  ſ: 's',
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2015': '-',
  '\u2212': '-',
  '\u2032': "'",
  '\u2033': '"',
};

const characterSets = new WeakMap<PDFFont, ReadonlySet<number>>();

function characterSet(font: PDFFont): ReadonlySet<number> {
  let set = characterSets.get(font);
  if (!set) {
    set = new Set(font.getCharacterSet());
    characterSets.set(font, set);
  }
  return set;
}

/**
 * `text` as `font` can draw it: line breaks and other spacing become one space, control
 * characters go, letters the font lacks lose their accent or take a Latin stand-in ("Łódź" →
 * "Lódz": "ó" is in the font, "Ł" and "ź" are not), and a run of characters with no stand-in (a name in Chinese
 * script) becomes a single "?", so the reader sees that something was there.
 */
export function toFontText(text: string, font: PDFFont): string {
  const supported = characterSet(font);
  const can = (s: string) => [...s].every((c) => supported.has(c.codePointAt(0)!));
  let out = '';
  let unknownRun = false;
  for (const char of text.normalize('NFC')) {
    let replacement: string;
    if (/[\s\u200b\u2028\u2029]/u.test(char)) replacement = ' ';
    else if (/\p{Cc}|\p{Cf}/u.test(char)) replacement = '';
    else if (can(char)) replacement = char;
    else {
      // "ﬁ" → "fi" and "Ǆ" → "DŽ" keep every mark the font has; failing that, drop the marks.
      const compatible = char.normalize('NFKC');
      const stripped = char.normalize('NFKD').replace(/\p{M}/gu, '');
      const standIn =
        STAND_INS[char] ??
        [compatible, stripped].find((candidate) => candidate !== '' && candidate !== char && can(candidate));
      if (standIn === undefined) {
        if (!unknownRun) out += '?';
        unknownRun = true;
        continue;
      }
      replacement = standIn;
    }
    unknownRun = false;
    out += replacement;
  }
  return out.replace(/ {2,}/g, ' ').trim();
}

/**
 * Breaks font-safe text into lines no wider than `maxWidth`, at spaces where it can and inside a
 * word only when the word alone is too wide (a long e-mail address or reference).
 */
export function wrapText(text: string, font: PDFFont, size: number, maxWidth: number): string[] {
  const width = (s: string) => font.widthOfTextAtSize(s, size);
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ').filter((w) => w !== '')) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (width(candidate) <= maxWidth) {
      line = candidate;
      continue;
    }
    if (line !== '') lines.push(line);
    line = '';
    let rest = word;
    while (width(rest) > maxWidth) {
      let cut = rest.length - 1;
      while (cut > 1 && width(rest.slice(0, cut)) > maxWidth) cut -= 1;
      lines.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    line = rest;
  }
  if (line !== '') lines.push(line);
  return lines;
}
