import { PDFDocument } from 'pdf-lib';
import { buildLoaPdf } from '../../src/documents/loa-pdf';
import { checkLoaFile } from '../../src/domain/loa';
import { formatTn } from '../../src/domain/tn';
import { makeRequest, tns } from '../views/fixtures';
import { pageTexts } from './pdf-content';

const NOW = new Date('2026-11-30T15:00:00Z');

describe('buildLoaPdf', () => {
  it('writes a PDF that the LOA checker accepts', async () => {
    const pdf = await buildLoaPdf(makeRequest(), { now: NOW });
    expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    expect(
      checkLoaFile({
        name: 'HM-7KQ2XD-loa.pdf',
        mimetype: 'application/pdf',
        size: pdf.length,
        firstBytes: pdf.subarray(0, 16),
      }),
    ).toEqual({ ok: true, contentType: 'application/pdf' });
  });

  it('fits a request with 5 numbers on one page, pre-filled from the request', async () => {
    const request = makeRequest({ details: { ...makeRequest().details!, reference: 'TICKET-4411' } });
    const pdf = await buildLoaPdf(request, { now: NOW });
    const pages = await pageTexts(pdf);
    expect(pages).toHaveLength(1);
    expect((await PDFDocument.load(pdf)).getPageCount()).toBe(1);
    const text = pages[0]!;
    expect(text).toEqual(
      expect.arrayContaining([
        'Letter of Authorization',
        'Date: November 30, 2026',
        'Reference: HM-7KQ2XD',
        'Acme Dental',
        '900 Main Campus Dr, Raleigh, NC 27606',
        'Jane Doe',
        'TICKET-4411',
        'Signature of authorized person',
        'Date signed',
        'Telephone numbers covered by this letter (5)',
        ...tns(5).map(formatTn),
        'Page 1 of 1',
      ]),
    );
  });

  it('says who is authorized, that the signer may act, and that voice stays put', async () => {
    const text = (
      await pageTexts(await buildLoaPdf(makeRequest(), { now: NOW, accountName: 'Acme Telecom' }))
    )[0]!.join(' ');
    expect(text).toContain(
      'Acme Dental (the Subscriber) authorizes Bandwidth and Acme Telecom to host messaging',
    );
    expect(text).toContain(
      'account holder for these numbers, or are authorized to act for the account holder',
    );
    expect(text).toContain('Voice service for these numbers stays with the current carrier');
  });

  it('names the carrier given, and the requester in words when no account name is given', async () => {
    const text = (
      await pageTexts(await buildLoaPdf(makeRequest(), { now: NOW, carrierName: 'Example Carrier' }))
    )[0]!.join(' ');
    expect(text).toContain(
      'authorizes Example Carrier and the Example Carrier customer that requested this letter',
    );
    expect(text).not.toContain('Bandwidth');
  });

  it('spreads 3,000 numbers over numbered pages, each number exactly once', async () => {
    const numbers = tns(3_000);
    const pdf = await buildLoaPdf(makeRequest({ numbers }), { now: NOW });
    const pages = await pageTexts(pdf);
    const count = (await PDFDocument.load(pdf)).getPageCount();
    expect(pages).toHaveLength(count);
    // Dense enough to print: about 250 numbers a page, not one long column.
    expect(count).toBeGreaterThan(10);
    expect(count).toBeLessThan(20);
    pages.forEach((page, i) => {
      expect(page).toContain(`Page ${i + 1} of ${count}`);
      if (i > 0) expect(page[0]).toBe('Telephone numbers (continued) for Acme Dental, reference HM-7KQ2XD');
    });
    const drawn = pages.flat().filter((s) => /^\(\d{3}\) \d{3}-\d{4}$/.test(s));
    expect(drawn).toEqual(numbers.map(formatTn));
  });

  it('replaces characters the standard fonts cannot draw instead of failing', async () => {
    const request = makeRequest({
      details: {
        ...makeRequest().details!,
        subscriberName: 'Łódź Café 山田太郎',
        loaAuthorizingPerson: 'Zoë Dvořák\n',
      },
    });
    const text = (await pageTexts(await buildLoaPdf(request, { now: NOW })))[0]!;
    expect(text).toContain('Lódz Café ?');
    expect(text).toContain('Zoë Dvorák');
  });

  it('writes the date as the calendar day in the time zone given', async () => {
    const lateEvening = new Date('2026-12-01T03:00:00Z');
    const [utc] = await pageTexts(await buildLoaPdf(makeRequest(), { now: lateEvening }));
    const [eastern] = await pageTexts(
      await buildLoaPdf(makeRequest(), { now: lateEvening.getTime(), timeZone: 'America/New_York' }),
    );
    expect(utc).toContain('Date: December 1, 2026');
    expect(eastern).toContain('Date: November 30, 2026');
  });

  it('wraps a long address within the page instead of running off it', async () => {
    const long = 'Building 4, Research Triangle Park Corporate Campus, Suite 1200 East Wing Reception';
    const request = makeRequest({
      details: {
        ...makeRequest().details!,
        serviceAddress: { ...makeRequest().details!.serviceAddress, streetName: long },
      },
    });
    const text = (await pageTexts(await buildLoaPdf(request, { now: NOW })))[0]!;
    const start = text.findIndex((s) => s.startsWith('900 Building 4'));
    expect(start).toBeGreaterThan(-1);
    expect(text[start]!.length).toBeLessThan(`900 ${long}`.length);
    expect(text.slice(start, start + 3).join(' ')).toContain('East Wing Reception, Raleigh, NC 27606');
  });

  it('wraps the continued-page heading when the subscriber name is long', async () => {
    const subscriberName =
      'The Very Long Name Regional Dental and Orthodontic Partners of the Research Triangle LLC';
    const request = makeRequest({
      numbers: tns(600),
      details: { ...makeRequest().details!, subscriberName },
    });
    const pages = await pageTexts(await buildLoaPdf(request, { now: NOW }));
    const heading = `Telephone numbers (continued) for ${subscriberName}, reference HM-7KQ2XD`;
    expect(pages[1]![0]!.length).toBeLessThan(heading.length);
    expect(`${pages[1]![0]} ${pages[1]![1]}`).toBe(heading);
  });

  it('records the reference and date in the document properties', async () => {
    const doc = await PDFDocument.load(await buildLoaPdf(makeRequest(), { now: NOW }));
    expect(doc.getTitle()).toBe('Letter of Authorization HM-7KQ2XD');
    expect(doc.getCreationDate()?.toISOString()).toBe('2026-11-30T15:00:00.000Z');
  });
});
