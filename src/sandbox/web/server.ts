import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { request } from 'undici';
import type { FakeSlack, SlackObject } from '../slack';
import type { ActionSurface, Delivered, PageAction, SandboxSession } from './session';
import { type SandboxPerson, snapshot } from './snapshot';

export interface SandboxWebOptions {
  fake: FakeSlack;
  session: SandboxSession;
  people: SandboxPerson[];
  channel: { id: string; name: string };
  botName: string;
  command: string;
  /** 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1: the sandbox is for this machine only. */
  host?: string;
  /** Where index.html, the scripts and style.css live; found next to this file by default. */
  publicDir?: string;
}

export interface SandboxWeb {
  /** `http://localhost:PORT/sandbox` */
  readonly pageUrl: string;
  readonly port: number;
  close(): Promise<void>;
}

const STATIC: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'blocks.js': 'text/javascript; charset=utf-8',
  'mrkdwn.js': 'text/javascript; charset=utf-8',
  'style.css': 'text/css; charset=utf-8',
};
const MAX_JSON_BYTES = 1024 * 1024;
const MAX_FILE_BYTES = 10 * 1024 * 1024;

/**
 * The page's own server: static files, the state the page draws (polled or pushed over
 * server-sent events), and the page's actions, which the session turns into signed requests to
 * the bot exactly as Slack would send them.
 */
export async function startSandboxWeb(options: SandboxWebOptions): Promise<SandboxWeb> {
  const { fake, session } = options;
  const publicDir = options.publicDir ?? findPublicDir();
  let version = 0;
  const streams = new Set<ServerResponse>();
  const bump = () => {
    version += 1;
    for (const res of streams) res.write(`data: ${version}\n\n`);
  };
  const unsubscribe = [fake.onChange(bump), session.onChange(bump)];
  const heartbeat = setInterval(() => {
    for (const res of streams) res.write(': keep-alive\n\n');
  }, 15_000);
  heartbeat.unref();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const user = url.searchParams.get('user') ?? options.people[0]?.id ?? '';
    if (req.method === 'GET') {
      if (path === '/' || path === '/sandbox') return serveStatic(res, publicDir, 'index.html');
      if (path === '/favicon.ico') return sendText(res, 204, '');
      const asset = /^\/sandbox\/static\/([a-z]+\.[a-z]+)$/.exec(path)?.[1];
      if (asset !== undefined && asset in STATIC) return serveStatic(res, publicDir, asset);
      if (path === '/sandbox/api/state') {
        return sendJson(res, 200, snapshot({ ...options, version }, knownUser(options.people, user)));
      }
      if (path === '/sandbox/api/events') return openStream(req, res, streams, version);
      const file = /^\/sandbox\/files\/(F[0-9A-Z]+)$/.exec(path)?.[1];
      if (file !== undefined) return proxyFile(res, fake, file);
      return sendText(res, 404, 'not found');
    }
    if (req.method !== 'POST') return sendText(res, 405, 'method not allowed');
    const who = knownUser(options.people, user);
    const channel = options.channel.id;
    const name = url.searchParams.get('name') ?? 'file';
    const mimetype = url.searchParams.get('type') || undefined;
    switch (path) {
      case '/sandbox/api/upload': {
        const bytes = await readBody(req, MAX_FILE_BYTES);
        return sendJson(res, 200, { file: session.uploadForInput(who, { name, mimetype, bytes }) });
      }
      case '/sandbox/api/share': {
        const bytes = await readBody(req, MAX_FILE_BYTES);
        const threadTs = url.searchParams.get('thread') ?? undefined;
        return answer(res, session.shareFile(who, channel, { name, mimetype, bytes }, threadTs));
      }
    }
    const body = JSON.parse((await readBody(req, MAX_JSON_BYTES)).toString('utf8') || '{}') as SlackObject;
    switch (path) {
      case '/sandbox/api/compose': {
        const text = String(body.text ?? '').trim();
        const threadTs = typeof body.threadTs === 'string' ? body.threadTs : undefined;
        if (text.startsWith('/') && threadTs === undefined)
          return answer(res, session.command(who, channel, text));
        return answer(res, session.message(who, channel, text, threadTs));
      }
      case '/sandbox/api/action':
        return answer(
          res,
          session.action(
            who,
            body.surface as ActionSurface,
            body.action as PageAction,
            body.stateValues as SlackObject | undefined,
          ),
        );
      case '/sandbox/api/submit':
        return answer(res, session.submit(who, String(body.viewId), (body.values ?? {}) as SlackObject));
      case '/sandbox/api/close':
        return answer(res, session.close(who, String(body.viewId)));
      case '/sandbox/api/home':
        return answer(res, session.openHome(who));
      default:
        return sendText(res, 404, 'not found');
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, problem: (error as Error).message });
      else res.destroy();
    });
  });
  await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');
  const port = (server.address() as AddressInfo).port;
  return {
    pageUrl: `http://localhost:${port}/sandbox`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        clearInterval(heartbeat);
        for (const stop of unsubscribe) stop();
        for (const res of streams) res.end();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** Next to this file when run from src (jest); the source copy when run from dist (tsc copies no assets). */
function findPublicDir(): string {
  const candidates = [
    join(__dirname, 'public'),
    join(__dirname, '..', '..', '..', 'src', 'sandbox', 'web', 'public'),
  ];
  const found = candidates.find((dir) => existsSync(join(dir, 'index.html')));
  if (found === undefined) throw new Error(`sandbox page files not found in ${candidates.join(' or ')}`);
  return found;
}

function knownUser(people: SandboxPerson[], id: string): string {
  const person = people.find((p) => p.id === id) ?? people[0];
  if (person === undefined) throw new Error('the sandbox has nobody to be');
  return person.id;
}

async function answer(res: ServerResponse, work: Promise<Delivered>): Promise<void> {
  try {
    const delivered = await work;
    sendJson(res, 200, delivered);
  } catch (error) {
    // The bot is down or refused the connection: the page says so instead of hanging.
    sendJson(res, 502, { ok: false, problem: `The app did not answer: ${(error as Error).message}` });
  }
}

function openStream(
  req: IncomingMessage,
  res: ServerResponse,
  streams: Set<ServerResponse>,
  version: number,
) {
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  res.write(`retry: 1000\ndata: ${version}\n\n`);
  streams.add(res);
  req.on('close', () => streams.delete(res));
}

async function proxyFile(res: ServerResponse, fake: FakeSlack, fileId: string): Promise<void> {
  // The fake serves private files only to the bot's token, as Slack does; the page borrows it.
  const info = await request(`${fake.apiUrl}files.info?file=${fileId}`, {
    headers: { authorization: `Bearer ${fake.botToken}` },
  });
  const file = ((await info.body.json()) as { file?: { url_private_download?: string } }).file;
  if (file?.url_private_download === undefined) return sendText(res, 404, 'no such file');
  const download = await request(file.url_private_download, {
    headers: { authorization: `Bearer ${fake.botToken}` },
  });
  res.writeHead(download.statusCode, {
    'content-type': String(download.headers['content-type'] ?? 'application/octet-stream'),
    'content-disposition': String(download.headers['content-disposition'] ?? 'attachment'),
  });
  res.end(Buffer.from(await download.body.arrayBuffer()));
}

async function serveStatic(res: ServerResponse, dir: string, name: string): Promise<void> {
  const body = await readFile(join(dir, name));
  res.writeHead(200, {
    'content-type': STATIC[name] ?? 'application/octet-stream',
    'cache-control': 'no-cache',
  });
  res.end(body);
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) throw new Error(`request body over ${limit} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
