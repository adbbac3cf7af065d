import { decodePDFRawStream, PDFArray, PDFDocument, PDFRawStream } from 'pdf-lib';

/**
 * The text drawn on each page of a PDF that pdf-lib wrote with standard fonts: pdf-lib writes
 * each drawn string as one hex string in WinAnsi followed by `Tj`, inside a Flate-compressed
 * content stream. Reading the streams back through pdf-lib's own decoder avoids depending on how
 * the file is laid out (object streams or not).
 */
export async function pageTexts(bytes: Uint8Array): Promise<string[][]> {
  const doc = await PDFDocument.load(bytes);
  const winAnsi = new TextDecoder('windows-1252');
  return doc.getPages().map((page) => {
    const contents = page.node.Contents();
    const streams =
      contents instanceof PDFArray ? contents.asArray().map((ref) => doc.context.lookup(ref)) : [contents];
    const strings: string[] = [];
    for (const stream of streams) {
      if (!(stream instanceof PDFRawStream)) throw new Error('unexpected content stream type');
      const source = Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1');
      for (const match of source.matchAll(/<([0-9A-Fa-f]*)>\s*Tj/g)) {
        strings.push(winAnsi.decode(Buffer.from(match[1]!, 'hex')));
      }
    }
    return strings;
  });
}
