import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, request } from 'undici';
import {
  type BandwidthSimulator,
  type BandwidthSimulatorOptions,
  startBandwidthSimulator,
} from '../../src/sandbox/bandwidth';
import { parseXml, type XmlNode } from '../../src/xml';

export interface CallOptions {
  body?: string | Buffer;
  headers?: Record<string, string>;
  /** Default: the simulator's legacy Basic credentials. `none` sends no Authorization. */
  auth?: 'basic' | 'none' | { bearer: string } | { header: string };
  /** Abort the wait for headers after this long (for hang faults). */
  headersTimeout?: number;
}

export interface CallResult {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  raw: Buffer;
  /** The parsed body, when it is XML. */
  xml: Record<string, XmlNode> | undefined;
}

export const basicHeader = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** A test harness: a simulator, one undici Agent, and helpers that talk HTTP to it. */
export class Harness {
  readonly agent = new Agent({ keepAliveTimeout: 1000 });
  private constructor(readonly sim: BandwidthSimulator) {}

  static async start(options: BandwidthSimulatorOptions = {}): Promise<Harness> {
    return new Harness(await startBandwidthSimulator(options));
  }

  /** `${apiUrl}/accounts/{accountId}` */
  get account(): string {
    return `/api/accounts/${this.sim.accountId}`;
  }

  get accountV2(): string {
    return `/api/v2/accounts/${this.sim.accountId}`;
  }

  async call(method: string, path: string, options: CallOptions = {}): Promise<CallResult> {
    const headers: Record<string, string> = { ...options.headers };
    const auth = options.auth ?? 'basic';
    if (auth === 'basic')
      headers.authorization = basicHeader(this.sim.credentials.username, this.sim.credentials.password);
    else if (auth !== 'none' && 'bearer' in auth) headers.authorization = `Bearer ${auth.bearer}`;
    else if (auth !== 'none') headers.authorization = auth.header;
    if (options.body !== undefined && headers['content-type'] === undefined)
      headers['content-type'] = 'application/xml';
    const response = await request(`${this.sim.url}${path}`, {
      method: method as 'GET',
      headers,
      body: options.body,
      dispatcher: this.agent,
      headersTimeout: options.headersTimeout,
    });
    const raw = Buffer.from(await response.body.arrayBuffer());
    const text = raw.toString('utf8');
    let xml: Record<string, XmlNode> | undefined;
    if (text.startsWith('<')) {
      try {
        xml = parseXml(text);
      } catch {
        xml = undefined;
      }
    }
    return { status: response.statusCode, headers: response.headers, text, raw, xml };
  }

  async token(): Promise<string> {
    const { clientId, clientSecret } = this.sim.credentials;
    const response = await request(this.sim.tokenUrl, {
      method: 'POST',
      headers: {
        authorization: basicHeader(clientId, clientSecret),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
      dispatcher: this.agent,
    });
    const json = (await response.body.json()) as { access_token: string };
    return json.access_token;
  }

  async close(): Promise<void> {
    await this.agent.close();
    await this.sim.close();
  }
}

/** Walks a parsed document: `at(doc, 'A', 'B')` is doc.A.B (first element of arrays). */
export function at(node: XmlNode | XmlNode[] | undefined, ...path: string[]): XmlNode | undefined {
  let current: XmlNode | XmlNode[] | undefined = node;
  for (const step of path) {
    if (Array.isArray(current)) current = current[0];
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, XmlNode | XmlNode[]>)[step];
  }
  return Array.isArray(current) ? current[0] : current;
}

/** Every element `tag` under the node at `path`. */
export function all(node: XmlNode | undefined, path: string[], tag: string): XmlNode[] {
  const parent = at(node, ...path);
  if (typeof parent !== 'object' || parent === null) return [];
  const value = (parent as Record<string, XmlNode | XmlNode[]>)[tag];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

export const xmlBody = (inner: string) => `<?xml version="1.0" encoding="UTF-8"?>${inner}`;

export const tnsXml = (tns: string[]) =>
  `<TelephoneNumbers>${tns.map((tn) => `<TelephoneNumber>${tn}</TelephoneNumber>`).join('')}</TelephoneNumbers>`;

export function importOrderXml(
  tns: string[],
  extra: { customerOrderId?: string; siteId?: string; sipPeerId?: string; name?: string } = {},
) {
  return xmlBody(
    `<ImportTnOrder>${extra.customerOrderId !== undefined ? `<CustomerOrderId>${extra.customerOrderId}</CustomerOrderId>` : ''}` +
      `<SiteId>${extra.siteId ?? '12345'}</SiteId>${extra.sipPeerId !== undefined ? `<SipPeerId>${extra.sipPeerId}</SipPeerId>` : ''}` +
      `<Subscriber><Name>${extra.name ?? 'Acme Dental'}</Name><ServiceAddress><HouseNumber>900</HouseNumber>` +
      '<StreetName>Main Campus Dr</StreetName><City>Raleigh</City><StateCode>NC</StateCode><Zip>27606</Zip>' +
      '</ServiceAddress></Subscriber><LoaAuthorizingPerson>Jane Doe</LoaAuthorizingPerson>' +
      `${tnsXml(tns)}</ImportTnOrder>`,
  );
}

export interface ReceivedNotification {
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A notification receiver implementing Bandwidth's Basic challenge (BANDWIDTH.md §1.11):
 * without the right Authorization it answers 401 with `WWW-Authenticate` (unless told not to).
 */
export class Receiver {
  private constructor(
    private readonly server: Server,
    readonly url: string,
    readonly received: ReceivedNotification[],
  ) {}

  static async start(
    options: { username?: string; password?: string; challenge?: boolean } = {},
  ): Promise<Receiver> {
    const expected =
      options.username !== undefined ? basicHeader(options.username, options.password ?? '') : undefined;
    const received: ReceivedNotification[] = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        if (expected !== undefined && req.headers.authorization !== expected) {
          res.writeHead(
            401,
            options.challenge === false ? {} : { 'www-authenticate': 'Basic realm="hooks"' },
          );
          res.end();
          return;
        }
        res.writeHead(200);
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    return new Receiver(server, `http://127.0.0.1:${port}/hooks`, received);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
