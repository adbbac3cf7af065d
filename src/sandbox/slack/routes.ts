import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseArgs, readBody, sendJson, sendText, tokenOf } from './http-utils';
import { chatMethods } from './methods/chat';
import type { MethodHandler } from './methods/context';
import { directoryMethods } from './methods/directory';
import { fileMethods, receiveUpload } from './methods/files';
import { viewMethods } from './methods/views';
import type { SlackState } from './state';
import type { SlackObject, SlackResponse } from './types';

const METHODS: Record<string, MethodHandler> = {
  ...chatMethods,
  ...viewMethods,
  ...fileMethods,
  ...directoryMethods,
};

/** What real Slack shows a browser (or a bot that forgot its token) asking for a private file. */
const LOGIN_PAGE =
  '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Slack</title></head>' +
  '<body><h1>Sign in to Sandbox</h1><form action="/signin" method="post"></form></body></html>';

/** Serves one request: the Web API, private file downloads, upload URLs and response_urls. */
export async function route(
  state: SlackState,
  baseUrl: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', baseUrl);
  const api = /^\/api\/([A-Za-z0-9_.]+)$/.exec(url.pathname);
  if (api?.[1] !== undefined) return webApi(state, baseUrl, api[1], url, req, res);
  const file = /^\/files-pri\/[^/]+-(F[0-9A-Z]+)(?:\/download)?\/[^/]+$/.exec(url.pathname);
  if (file?.[1] !== undefined && req.method === 'GET') return download(state, file[1], req, res);
  const upload = /^\/upload\/v1\/([^/]+)$/.exec(url.pathname);
  if (upload?.[1] !== undefined && req.method === 'POST') return acceptUpload(state, upload[1], req, res);
  const response = /^\/response\/([^/]+)$/.exec(url.pathname);
  if (response?.[1] !== undefined && req.method === 'POST')
    return acceptResponse(state, response[1], req, res);
  sendText(res, 404, 'not found');
}

async function webApi(
  state: SlackState,
  baseUrl: string,
  method: string,
  url: URL,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const parsed = await parseArgs(req.headers['content-type'], await readBody(req), url.searchParams);
  const args = 'args' in parsed ? parsed.args : {};
  const token = tokenOf(req, args);
  delete args.token;
  const { status, response, headers } = answer(state, baseUrl, method, args, token, parsed);
  state.calls.push({ method, args, token, status, response, at: state.config.now() });
  state.changed();
  if (status >= 500) sendText(res, status, String(response.error));
  else sendJson(res, status, response, headers);
}

function answer(
  state: SlackState,
  baseUrl: string,
  method: string,
  args: SlackObject,
  token: string | undefined,
  parsed: { error: string } | { args: SlackObject },
): { status: number; response: SlackResponse; headers?: SlackObject } {
  const handler = METHODS[method];
  if (handler === undefined) return { status: 200, response: { ok: false, error: 'unknown_method' } };
  if (token === undefined) return { status: 200, response: { ok: false, error: 'not_authed' } };
  if (token !== state.config.botToken) return { status: 200, response: { ok: false, error: 'invalid_auth' } };
  if ('error' in parsed) return { status: 200, response: { ok: false, error: parsed.error } };
  const failure = state.takeFailure(method);
  if (failure !== undefined) {
    if ('error' in failure)
      return { status: 200, response: { ok: false, error: failure.error, ...failure.extra } };
    if (failure.status === 429) {
      return {
        status: 429,
        response: { ok: false, error: 'ratelimited' },
        headers: { 'retry-after': String(failure.retryAfter ?? 1) },
      };
    }
    return {
      status: failure.status,
      response: { ok: false, error: failure.body ?? 'internal server error' },
    };
  }
  try {
    return { status: 200, response: handler({ args, state, baseUrl }) };
  } catch (error) {
    // A throw here is a bug in the fake; say so instead of pretending Slack failed.
    return { status: 200, response: { ok: false, error: 'fatal_error', fake_exception: String(error) } };
  }
}

async function download(
  state: SlackState,
  fileId: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  await readBody(req);
  const authorized = req.headers.authorization === `Bearer ${state.config.botToken}`;
  state.fileDownloads.push({ fileId, authorized, at: state.config.now() });
  state.changed();
  // Slack answers a request without a valid token with its sign-in page and status 200, so a bot
  // that forgets the header "succeeds" and stores HTML. The fake does the same to catch that.
  if (!authorized) return sendText(res, 200, LOGIN_PAGE, 'text/html');
  const fake = state.files.get(fileId);
  if (fake === undefined) return sendText(res, 404, 'file not found');
  res.writeHead(200, {
    'content-type': String(fake.file.mimetype),
    'content-length': fake.bytes.length,
    'content-disposition': `attachment; filename="${encodeURIComponent(String(fake.file.name))}"`,
  });
  res.end(fake.bytes);
}

async function acceptUpload(state: SlackState, uploadId: string, req: IncomingMessage, res: ServerResponse) {
  const body = await readBody(req);
  let bytes = body;
  // WebClient sends the bytes as a multipart part; curl-style clients send them raw.
  if ((req.headers['content-type'] ?? '').startsWith('multipart/form-data')) {
    const form = await new Response(body, {
      headers: { 'content-type': req.headers['content-type'] ?? '' },
    }).formData();
    const part = [...form.values()].find((v) => typeof v !== 'string');
    if (part !== undefined && typeof part !== 'string') bytes = Buffer.from(await part.arrayBuffer());
  }
  if (!receiveUpload(state, uploadId, bytes)) return sendText(res, 404, 'upload url not found');
  state.changed();
  sendText(res, 200, `OK - ${bytes.length}`);
}

async function acceptResponse(state: SlackState, id: string, req: IncomingMessage, res: ServerResponse) {
  const text = (await readBody(req)).toString('utf8');
  let body: SlackObject;
  try {
    body = JSON.parse(text) as SlackObject;
  } catch {
    return sendText(res, 400, 'invalid_payload');
  }
  state.responseUrlPosts.push({ id, body, at: state.config.now() });
  state.changed();
  sendText(res, 200, 'ok');
}
