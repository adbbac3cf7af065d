import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  type BandwidthClient,
  BandwidthHttpError,
  BandwidthResponseError,
  createBandwidthClient,
} from '../../src/api';
import { startRawServer } from './helpers';

const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<ImportTnOrder><OrderId>&lol9;</OrderId></ImportTnOrder>`;

const EXTERNAL_ENTITY = `<?xml version="1.0"?>
<!DOCTYPE foo [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<ImportTnOrder><OrderId>&xxe;</OrderId></ImportTnOrder>`;

const MALFORMED = '<ImportTnOrder><OrderId>abc</OrderI><ProcessingStatus>';

const LIMIT = 64 * 1024;
const HUGE_BYTES = 50 * 1024 * 1024;

describe('hostile XML from the API', () => {
  let server: Awaited<ReturnType<typeof startRawServer>>;
  let client: BandwidthClient;
  let reply: { status: number; body: string } = { status: 200, body: '' };
  let hugeBytesWritten = 0;

  beforeAll(async () => {
    server = await startRawServer((req, res) => {
      if (req.url?.includes('/huge')) {
        // Streams far more than the client accepts, honouring backpressure, and counts what went out.
        res.writeHead(200, { 'content-type': 'application/xml' });
        const chunk = Buffer.alloc(64 * 1024, 'a');
        let written = 0;
        const pump = () => {
          while (written < HUGE_BYTES) {
            written += chunk.length;
            hugeBytesWritten += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end();
        };
        res.write('<ImportTnOrder><OrderId>');
        pump();
        res.on('close', () => res.removeAllListeners('drain'));
        return;
      }
      res.writeHead(reply.status, { 'content-type': 'application/xml' });
      res.end(reply.body);
    });
    client = createBandwidthClient({
      accountId: '9900000',
      apiUrl: `${server.url}/api`,
      username: 'api-user',
      password: 'api-password',
      maxResponseBytes: LIMIT,
      retry: { maxAttempts: 1 },
    });
  });

  afterAll(async () => {
    await client.close();
    await server.close();
  });

  it.each([
    ['an entity expansion bomb', BILLION_LAUGHS, 'doctype'],
    ['an external entity', EXTERNAL_ENTITY, 'doctype'],
    ['malformed XML', MALFORMED, 'malformed'],
    ['an empty body', '', 'empty'],
  ])('refuses %s in a 200 with BandwidthResponseError', async (_name, body, reason) => {
    reply = { status: 200, body };
    const error = await client.getImportOrder('abc').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BandwidthResponseError);
    expect(error).toMatchObject({ reason, status: 200, method: 'GET' });
    expect((error as Error).message).toContain('/accounts/9900000/importTnOrders/abc');
  });

  it('refuses a body over maxResponseBytes and stops reading it', async () => {
    hugeBytesWritten = 0;
    const error = await client.getImportOrder('huge').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BandwidthResponseError);
    expect(error).toMatchObject({ reason: 'too_large' });
    // The server was cut off long before it could send everything.
    expect(hugeBytesWritten).toBeLessThan(HUGE_BYTES / 2);
  });

  it('refuses a declared Content-Length over the limit without reading', async () => {
    reply = { status: 200, body: `<ImportTnOrder><OrderId>${'x'.repeat(LIMIT)}</OrderId></ImportTnOrder>` };
    await expect(client.getImportOrder('abc')).rejects.toMatchObject({ reason: 'too_large' });
  });

  it('turns a hostile error body into a plain BandwidthHttpError', async () => {
    reply = { status: 400, body: BILLION_LAUGHS };
    const error = await client.getImportOrder('abc').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BandwidthHttpError);
    expect(error).toMatchObject({ status: 400 });
  });

  it('does not accumulate memory over many hostile answers', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const bodies = [BILLION_LAUGHS, EXTERNAL_ENTITY, MALFORMED];
    const run = async (rounds: number) => {
      let refused = 0;
      for (let i = 0; i < rounds; i++) {
        reply = { status: 200, body: bodies[i % bodies.length]! };
        const error = await client.getImportOrder('abc').catch((e: unknown) => e);
        if (error instanceof BandwidthResponseError) refused++;
        if (i % 20 === 0) {
          const tooLarge = await client.getImportOrder('huge').catch((e: unknown) => e);
          if (tooLarge instanceof BandwidthResponseError) refused++;
        }
      }
      return refused;
    };
    await run(30); // warm up pools and JIT
    gc();
    const before = process.memoryUsage().heapUsed;
    expect(await run(300)).toBe(315);
    gc();
    const growth = process.memoryUsage().heapUsed - before;
    // 15 oversized answers alone would be 750 MB if buffered; a loose bound catches any retention.
    expect(growth).toBeLessThan(20 * 1024 * 1024);
  });
});
