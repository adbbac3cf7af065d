import { PDFDocument, type PDFFont, StandardFonts } from 'pdf-lib';
import { toFontText, wrapText } from '../../src/documents/pdf-text';

let font: PDFFont;
beforeAll(async () => {
  font = await (await PDFDocument.create()).embedFont(StandardFonts.Helvetica);
});

describe('toFontText', () => {
  it('keeps text the font can draw, Latin-1 accents and typographic quotes included', () => {
    expect(toFontText('Crème Brûlée “Café” – Zoë', font)).toBe('Crème Brûlée “Café” – Zoë');
  });

  it('drops accents the font lacks and uses Latin stand-ins for letters without one', () => {
    expect(toFontText('Łódź Dvořák Đorđević', font)).toBe('Lódz Dvorák Dordevic');
  });

  it('turns a run of characters with no stand-in into one question mark', () => {
    expect(toFontText('山田太郎 Dental 🦷', font)).toBe('? Dental ?');
  });

  it('makes line breaks and tabs single spaces and removes control characters', () => {
    expect(toFontText(' Acme\r\n\tDental\u0007\u200b Inc ', font)).toBe('Acme Dental Inc');
  });

  it('gives text that the font encodes without throwing', () => {
    const text = toFontText('Ṁüñçhëñ Ωmega Ǆ ﬁle №5', font);
    expect(() => font.encodeText(text)).not.toThrow();
    expect(text).toBe('Müñçhëñ ?mega DŽ file No5');
  });
});

describe('wrapText', () => {
  it('breaks at spaces so that no line is wider than asked', () => {
    const lines = wrapText('the quick brown fox jumps over the lazy dog', font, 11, 80);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join(' ')).toBe('the quick brown fox jumps over the lazy dog');
    for (const line of lines) expect(font.widthOfTextAtSize(line, 11)).toBeLessThanOrEqual(80);
  });

  it('breaks inside a word only when the word alone is too wide', () => {
    const lines = wrapText('see averyveryverylongreferencewithoutspaces', font, 11, 60);
    expect(lines[0]).toBe('see');
    expect(lines.slice(1).join('')).toBe('averyveryverylongreferencewithoutspaces');
    for (const line of lines) expect(font.widthOfTextAtSize(line, 11)).toBeLessThanOrEqual(60);
  });

  it('returns no lines for empty text', () => {
    expect(wrapText('', font, 11, 100)).toEqual([]);
  });
});
