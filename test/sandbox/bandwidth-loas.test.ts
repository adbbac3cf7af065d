import { all, at, Harness, importOrderXml, xmlBody } from './bandwidth-helpers';

describe('Bandwidth simulator: LOA files', () => {
  let h: Harness;
  let clock: number;
  let orderId: string;
  let loas: string;
  beforeEach(async () => {
    clock = 1_429_550_165_581;
    h = await Harness.start({ now: () => clock });
    const created = await h.call('POST', `${h.account}/importTnOrders`, {
      body: importOrderXml(['9195551234']),
    });
    orderId = String(at(created.xml, 'ImportTnOrderResponse', 'ImportTnOrder', 'OrderId'));
    loas = `${h.account}/importtnorders/${orderId}/loas`;
  });
  afterEach(() => h.close());

  const pdf = Buffer.from('%PDF-1.4 signed letter');
  const upload = (
    body: Buffer,
    headers: Record<string, string> = { 'content-type': 'application/pdf' },
    query = '',
  ) => h.call('POST', `${loas}${query}`, { body, headers });

  it('stores raw bytes under {orderId}-{epochMillis}.{ext} and answers 201 with Location', async () => {
    const response = await upload(pdf);
    expect(response.status).toBe(201);
    const filename = `${orderId}-1429550165581.pdf`;
    expect(at(response.xml, 'fileUploadResponse')).toEqual({
      filename,
      resultCode: '0',
      resultMessage: `LOA file uploaded successfully for order ${orderId}`,
    });
    expect(response.headers.location).toBe(
      `${h.sim.url}${h.account}/importtnorders/${orderId}/loas/${filename}`,
    );
    const got = await h.call('GET', `${loas}/${filename}`);
    expect(got.status).toBe(200);
    expect(got.raw.equals(pdf)).toBe(true);
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(got.headers['content-disposition']).toBe(`attachment; filename="${filename}"`);
    expect(h.sim.loaFiles(orderId)).toMatchObject([{ fileId: filename, documentType: 'LOA' }]);
  });

  it('lists files with and without metadata, and an empty list with 200', async () => {
    const empty = await h.call('GET', loas);
    expect([empty.status, at(empty.xml, 'fileListResponse', 'fileCount')]).toEqual([200, '0']);
    await upload(pdf, { 'content-type': 'image/png' }, '?documentType=INVOICE');
    const plain = await h.call('GET', `${loas}?metadata=false`);
    expect(at(plain.xml, 'fileListResponse', 'fileData')).toEqual({
      FileName: `${orderId}-1429550165581.png`,
    });
    const withMeta = await h.call('GET', `${loas}?metadata=true`);
    expect(at(withMeta.xml, 'fileListResponse', 'fileData', 'FileMetaData', 'DocumentType')).toBe('INVOICE');
    expect(at(withMeta.xml, 'fileListResponse', 'resultMessage')).toBe('LOA file list successfully returned');
  });

  it('refuses undocumented MIME types, unknown document types (7639) and disagreeing ones (7641)', async () => {
    expect((await upload(pdf, { 'content-type': 'application/zip' })).status).toBe(400);
    const unknown = await upload(pdf, { 'content-type': 'application/pdf' }, '?documentType=PHOTO');
    expect([unknown.status, at(unknown.xml, 'fileUploadResponse', 'resultCode')]).toEqual([400, '7639']);
    const disagree = await upload(
      pdf,
      { 'content-type': 'application/pdf', documentType: 'CSR' },
      '?documentType=LOA',
    );
    expect([disagree.status, at(disagree.xml, 'fileUploadResponse', 'resultCode')]).toEqual([400, '7641']);
    const header = await upload(pdf, { 'content-type': 'application/pdf', documentType: 'CSR' });
    expect(header.status).toBe(201);
    expect(h.sim.loaFiles(orderId).map((f) => f.documentType)).toEqual(['CSR']);
  });

  it('replaces, deletes, and answers 404 for unknown files and orders', async () => {
    const filename = String(at((await upload(pdf)).xml, 'fileUploadResponse', 'filename'));
    const replaced = await h.call('PUT', `${loas}/${filename}`, {
      body: Buffer.from('new text'),
      headers: { 'content-type': 'text/plain' },
    });
    expect([replaced.status, at(replaced.xml, 'fileUploadResponse', 'filename')]).toEqual([200, filename]);
    expect((await h.call('GET', `${loas}/${filename}`)).text).toBe('new text');
    expect((await h.call('DELETE', `${loas}/${filename}`)).status).toBe(200);
    expect((await h.call('GET', `${loas}/${filename}`)).status).toBe(404);
    expect((await h.call('DELETE', `${loas}/${filename}`)).status).toBe(404);
    const otherOrder = `${h.account}/importTnOrders/00000000-0000-4000-8000-000000000000/loas`;
    expect(
      (await h.call('POST', otherOrder, { body: pdf, headers: { 'content-type': 'application/pdf' } }))
        .status,
    ).toBe(404);
  });

  it('reads, writes and clears metadata, refusing names over 50 characters (7800)', async () => {
    const filename = String(at((await upload(pdf)).xml, 'fileUploadResponse', 'filename'));
    const meta = `${loas}/${filename}/metadata`;
    const put = (name: string, type = 'LOA') =>
      h.call('PUT', meta, {
        body: xmlBody(
          `<FileMetaData><DocumentName>${name}</DocumentName><DocumentType>${type}</DocumentType></FileMetaData>`,
        ),
      });
    expect((await put('Signed LOA', 'OTHER')).status).toBe(200);
    expect(at((await h.call('GET', meta)).xml, 'FileMetaData')).toEqual({
      DocumentName: 'Signed LOA',
      DocumentType: 'OTHER',
    });
    const long = await put('n'.repeat(51));
    expect([long.status, at(long.xml, 'fileUploadResponse', 'resultCode')]).toEqual([400, '7800']);
    expect((await h.call('DELETE', meta)).status).toBe(200);
    expect(at((await h.call('GET', meta)).xml, 'FileMetaData')).toEqual({ DocumentType: 'LOA' });
    expect((await h.call('GET', `${loas}/nope.pdf/metadata`)).status).toBe(404);
    expect(all((await h.call('GET', loas)).xml, ['fileListResponse'], 'fileData')).toHaveLength(1);
  });
});
