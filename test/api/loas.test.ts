import { BandwidthApiError, BandwidthError } from '../../src/api';
import { importOrderInput, requestsTo, useSimulator } from './helpers';

const PDF = Buffer.from('%PDF-1.4\n% fake LOA for tests\n%%EOF\n');

describe('LOA files', () => {
  const { sim, client } = useSimulator();

  async function newOrder(): Promise<string> {
    return (await client().createImportOrder(importOrderInput('loa-order', ['9195550100']))).orderId;
  }

  it('uploads raw bytes (not multipart) and returns the server-given file name', async () => {
    const orderId = await newOrder();
    const result = await client().uploadLoa(orderId, { body: PDF, contentType: 'application/pdf' });
    expect(result.resultCode).toBe('0');
    expect(result.fileName).toMatch(new RegExp(`^${orderId}-\\d+\\.pdf$`));
    const [stored] = sim().loaFiles(orderId);
    expect(stored?.bytes.equals(PDF)).toBe(true);
    expect(stored).toMatchObject({
      contentType: 'application/pdf',
      documentType: 'LOA',
      fileId: result.fileName,
    });
  });

  it('lists files with and without metadata, and downloads one', async () => {
    const orderId = await newOrder();
    const { fileName } = await client().uploadLoa(orderId, {
      body: PDF,
      contentType: 'application/pdf',
      documentType: 'INVOICE',
    });
    const plain = await client().listLoas(orderId);
    expect(plain.fileCount).toBe(1);
    expect(plain.files[0]?.fileName).toBe(fileName);
    const detailed = await client().listLoas(orderId, { metadata: true });
    expect(detailed.files[0]?.metadata?.documentType).toBe('INVOICE');
    const download = await client().downloadLoa(orderId, fileName);
    expect(download.body.equals(PDF)).toBe(true);
    expect(download.contentType).toContain('application/pdf');
  });

  it('reads, updates and deletes metadata', async () => {
    const orderId = await newOrder();
    const { fileName } = await client().uploadLoa(orderId, { body: PDF, contentType: 'application/pdf' });
    await client().updateLoaMetadata(orderId, fileName, { documentName: 'Signed LOA', documentType: 'LOA' });
    await expect(client().getLoaMetadata(orderId, fileName)).resolves.toEqual({
      documentName: 'Signed LOA',
      documentType: 'LOA',
    });
    await expect(client().deleteLoaMetadata(orderId, fileName)).resolves.toBe(true);
    const after = await client().getLoaMetadata(orderId, fileName);
    expect(after.documentName).toBeUndefined();
  });

  it('refuses a document name over 50 characters with code 7800', async () => {
    const orderId = await newOrder();
    const { fileName } = await client().uploadLoa(orderId, { body: PDF, contentType: 'application/pdf' });
    const error = await client()
      .updateLoaMetadata(orderId, fileName, { documentName: 'x'.repeat(51) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BandwidthApiError);
    expect(error).toMatchObject({ status: 400, code: '7800' });
  });

  it('replaces a file and then deletes it', async () => {
    const orderId = await newOrder();
    const { fileName } = await client().uploadLoa(orderId, { body: PDF, contentType: 'application/pdf' });
    const replacement = Buffer.from('signed again');
    const replaced = await client().replaceLoa(orderId, fileName, {
      body: replacement,
      contentType: 'text/plain',
    });
    expect(replaced.fileName).toBe(fileName);
    expect(sim().loaFiles(orderId)[0]?.bytes.equals(replacement)).toBe(true);
    await expect(client().deleteLoa(orderId, fileName)).resolves.toBe(true);
    expect(sim().loaFiles(orderId)).toEqual([]);
    await expect(client().deleteLoa(orderId, fileName)).resolves.toBe(false);
  });

  it('throws a typed error for an unknown file, and one for an unsupported MIME type', async () => {
    const orderId = await newOrder();
    const missing = await client()
      .getLoaMetadata(orderId, `${orderId}-1.pdf`)
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(BandwidthError);
    expect(missing).toMatchObject({ status: 404 });
    const refused = await client()
      .uploadLoa(orderId, { body: PDF, contentType: 'application/x-msdownload' })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(BandwidthError);
    expect((refused as BandwidthError).status).toBeGreaterThanOrEqual(400);
    expect(sim().loaFiles(orderId)).toEqual([]);
  });

  it('retries an upload after a 503 (loaUpload policy) and stores one file', async () => {
    const orderId = await newOrder();
    sim().faults.add({ method: 'POST', path: /\/loas$/, times: 1, fault: { kind: 'status', status: 503 } });
    await client().uploadLoa(orderId, { body: PDF, contentType: 'application/pdf' });
    expect(requestsTo(sim(), 'POST', /\/loas$/)).toHaveLength(2);
    expect(sim().loaFiles(orderId)).toHaveLength(1);
  });
});
