import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';
import type { ImportRequest, ServiceAddress } from '../domain/request';
import { formatTn } from '../domain/tn';
import { toFontText, wrapText } from './pdf-text';

export interface LoaPdfOptions {
  /** The letter's date ("today"). */
  now: Date | number;
  /** Who hosts the messaging. */
  carrierName?: string;
  /** The company that asked for the import (our Bandwidth account holder), named in the letter when given. */
  accountName?: string;
  /** The time zone the date is written in; the letter's date is a calendar day, so it matters in the evening. */
  timeZone?: string;
}

/** US Letter, in points. */
const PAGE_WIDTH = 612;
const PAGE_HEIGHT = 792;
const MARGIN = 60;
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN;
/** The lowest baseline for content; the footer sits below it. */
const CONTENT_BOTTOM = 72;
const FOOTER_Y = 36;
const BODY_SIZE = 11;
const BODY_LEADING = 15;
const SMALL_SIZE = 9;
const LABEL_WIDTH = 140;
const NUMBER_SIZE = 10;
const NUMBER_LEADING = 14;
const COLUMN_GAP = 22;
/** Room the signature block needs, kept together on one page. */
const SIGNATURE_HEIGHT = 120;
const INK = rgb(0, 0, 0);
const MUTED = rgb(0.35, 0.35, 0.35);

/**
 * A Letter of Authorization for hosted messaging, pre-filled from the request so the authorizing
 * person only signs and dates it: subscriber, service address, authorizing person, the request id
 * as reference, the date, and every number of the request. The letter and signature block come
 * first; the numbers follow in columns, over as many pages as they need, each page footed with
 * the reference and "page x of y" so a missing page shows. Drawn with the standard Helvetica
 * fonts: text they cannot encode is replaced (see toFontText), never a crash.
 *
 * @example
 * const pdf = await buildLoaPdf(request, { now: Date.now(), accountName: 'Acme Telecom' });
 * // upload `pdf` to the request's thread as `${request.id}-loa.pdf`
 */
export async function buildLoaPdf(request: ImportRequest, options: LoaPdfOptions): Promise<Uint8Array> {
  const now = new Date(options.now);
  const carrier = options.carrierName ?? 'Bandwidth';
  const { details } = request;
  if (!details) throw new TypeError(`${request.id} is not an import: a removal has no LOA`);
  const doc = await PDFDocument.create();
  doc.setTitle(`Letter of Authorization ${request.id}`);
  doc.setSubject(`Hosted messaging authorization for ${request.numbers.length} telephone numbers`);
  doc.setCreator('hosted-messaging-bot');
  doc.setCreationDate(now);
  doc.setModificationDate(now);
  const w = new Writer(
    doc,
    await doc.embedFont(StandardFonts.Helvetica),
    await doc.embedFont(StandardFonts.HelveticaBold),
  );

  w.line('Letter of Authorization', { size: 20, font: w.bold });
  w.y -= 22;
  w.line('Hosted messaging (SMS and MMS) for existing telephone numbers', { color: MUTED });
  w.y -= 28;
  const date = new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: options.timeZone ?? 'UTC' });
  w.line(`Date: ${date.format(now)}`);
  w.line(`Reference: ${request.id}`, { align: 'right' });
  w.y -= 26;

  w.field('Subscriber', details.subscriberName);
  w.field('Service address', formatAddress(details.serviceAddress));
  w.field('Authorizing person', details.loaAuthorizingPerson);
  w.field('Messaging provider', carrier);
  if (options.accountName) w.field('Requested by', options.accountName);
  if (details.reference) w.field('Customer reference', details.reference);
  w.field('Telephone numbers', `${request.numbers.length.toLocaleString('en-US')}, listed below`);
  w.y -= 10;

  const requester = options.accountName ?? `the ${carrier} customer that requested this letter`;
  for (const paragraph of [
    `${details.subscriberName} (the Subscriber) authorizes ${carrier} and ${requester} to host messaging (SMS and MMS) for the telephone numbers listed in this letter, so that text and picture messages sent to and from these numbers are carried by ${carrier}.`,
    'The person signing below confirms that they are the account holder for these numbers, or are authorized to act for the account holder, and that the subscriber name and service address above are those on the account.',
    'Only messaging is affected. Voice service for these numbers stays with the current carrier and is not moved, interrupted or changed by this letter. Messaging through any other provider for these numbers may stop once hosting begins.',
    `Please check the details, sign and date below, and return the signed letter as a PDF or a scan, quoting reference ${request.id}.`,
  ]) {
    w.paragraph(paragraph);
    w.y -= 8;
  }
  w.signatureBlock(details.loaAuthorizingPerson);

  w.ensure(40);
  w.heading(`Telephone numbers covered by this letter (${request.numbers.length.toLocaleString('en-US')})`);
  w.numberColumns(
    request.numbers.map(formatTn),
    `Telephone numbers (continued) for ${details.subscriberName}, reference ${request.id}`,
  );

  const pages = doc.getPages();
  pages.forEach((page, i) => {
    w.footer(page, `Letter of Authorization, reference ${request.id}`, `Page ${i + 1} of ${pages.length}`);
  });
  return doc.save();
}

function formatAddress(address: ServiceAddress): string {
  const street = `${address.houseNumber} ${address.streetName}`.trim();
  const county = address.county ? `, ${address.county} County` : '';
  return `${street}, ${address.city}, ${address.stateCode} ${address.zip}${county}`;
}

/** A cursor down the pages: `y` is the next baseline; anything that would cross the bottom starts a new page. */
class Writer {
  page: PDFPage;
  y = PAGE_HEIGHT - MARGIN;
  /** The font each page is set to. */
  private readonly fonts = new Map<PDFPage, PDFFont>();

  constructor(
    private readonly doc: PDFDocument,
    readonly regular: PDFFont,
    readonly bold: PDFFont,
  ) {
    this.page = doc.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
  }

  /** Starts a new page when fewer than `height` points are left on this one. */
  ensure(height: number): void {
    if (this.y - height >= CONTENT_BOTTOM) return;
    this.page = this.doc.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
    this.y = PAGE_HEIGHT - MARGIN;
  }

  /** Draws one line at the cursor without moving it. */
  line(
    text: string,
    opts: { x?: number; size?: number; font?: PDFFont; color?: ReturnType<typeof rgb>; align?: 'right' } = {},
    page: PDFPage = this.page,
    y: number = this.y,
  ): void {
    const font = opts.font ?? this.regular;
    const size = opts.size ?? BODY_SIZE;
    const safe = toFontText(text, font);
    const x =
      opts.align === 'right' ? PAGE_WIDTH - MARGIN - font.widthOfTextAtSize(safe, size) : (opts.x ?? MARGIN);
    // Passing `font` to drawText adds a font entry to the page's resources on every call (twice:
    // it restores the previous font too), which bloats a page of numbers to hundreds of entries.
    if (this.fonts.get(page) !== font) {
      page.setFont(font);
      this.fonts.set(page, font);
    }
    page.drawText(safe, { x, y, size, color: opts.color ?? INK });
  }

  paragraph(text: string): void {
    for (const line of wrapText(toFontText(text, this.regular), this.regular, BODY_SIZE, CONTENT_WIDTH)) {
      this.ensure(BODY_LEADING);
      this.line(line);
      this.y -= BODY_LEADING;
    }
  }

  /** A bold line (wrapped: it can hold the subscriber's name) and the space under it. */
  heading(text: string): void {
    for (const line of wrapText(toFontText(text, this.bold), this.bold, BODY_SIZE, CONTENT_WIDTH)) {
      this.line(line, { font: this.bold });
      this.y -= BODY_LEADING;
    }
    this.y -= 8;
  }

  /** A bold label with its value wrapped beside it. */
  field(label: string, value: string): void {
    const lines = wrapText(
      toFontText(value, this.regular),
      this.regular,
      BODY_SIZE,
      CONTENT_WIDTH - LABEL_WIDTH,
    );
    this.ensure(BODY_LEADING * Math.max(1, lines.length));
    this.line(label, { font: this.bold });
    for (const line of lines.length > 0 ? lines : ['']) {
      this.line(line, { x: MARGIN + LABEL_WIDTH });
      this.y -= BODY_LEADING;
    }
  }

  /** Blank lines to sign and date by hand, with the authorizing person's name printed. */
  signatureBlock(printedName: string): void {
    this.ensure(SIGNATURE_HEIGHT);
    const split = MARGIN + 300;
    this.y -= 40;
    this.rule(MARGIN, split - 20, 'Signature of authorized person');
    this.rule(split + 10, PAGE_WIDTH - MARGIN, 'Date signed');
    this.y -= 44;
    this.line(printedName, { x: MARGIN + 2 });
    this.rule(MARGIN, split - 20, 'Printed name');
    this.rule(split + 10, PAGE_WIDTH - MARGIN, 'Title');
    this.y -= 36;
  }

  /** The numbers in columns, top to bottom then left to right, continuing over pages. */
  numberColumns(numbers: string[], continuedHeading: string): void {
    const safe = numbers.map((n) => toFontText(n, this.regular));
    const widest = safe.reduce((max, n) => Math.max(max, this.regular.widthOfTextAtSize(n, NUMBER_SIZE)), 0);
    const columnWidth = widest + COLUMN_GAP;
    const columns = Math.max(1, Math.floor((CONTENT_WIDTH + COLUMN_GAP) / columnWidth));
    let next = 0;
    while (next < safe.length) {
      let rowsLeft = Math.floor((this.y - CONTENT_BOTTOM) / NUMBER_LEADING) + 1;
      if (rowsLeft < 1) {
        this.ensure(Number.POSITIVE_INFINITY);
        this.heading(continuedHeading);
        rowsLeft = Math.floor((this.y - CONTENT_BOTTOM) / NUMBER_LEADING) + 1;
      }
      const chunk = safe.slice(next, next + rowsLeft * columns);
      const rows = Math.ceil(chunk.length / columns);
      chunk.forEach((n, i) => {
        const x = MARGIN + Math.floor(i / rows) * columnWidth;
        this.line(n, { x, size: NUMBER_SIZE }, this.page, this.y - (i % rows) * NUMBER_LEADING);
      });
      next += chunk.length;
      this.y -= rows * NUMBER_LEADING;
    }
  }

  footer(page: PDFPage, left: string, right: string): void {
    this.line(left, { size: SMALL_SIZE, color: MUTED }, page, FOOTER_Y);
    this.line(right, { size: SMALL_SIZE, color: MUTED, align: 'right' }, page, FOOTER_Y);
  }

  /** A line to write on, with its caption underneath, at the cursor. */
  private rule(from: number, to: number, caption: string): void {
    this.page.drawLine({
      start: { x: from, y: this.y },
      end: { x: to, y: this.y },
      thickness: 0.75,
      color: INK,
    });
    this.line(caption, { x: from, size: SMALL_SIZE, color: MUTED }, this.page, this.y - 12);
  }
}
