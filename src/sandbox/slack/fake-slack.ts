import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sendText } from './http-utils';
import { createFile, type NewFile } from './methods/files';
import { route } from './routes';
import { SlackState } from './state';
import {
  type FailureSpec,
  type FakeChannel,
  type FakeEphemeral,
  type FakeMessage,
  type FakeSlackOptions,
  type FakeUser,
  type FakeView,
  type FileDownload,
  type RecordedCall,
  type ResponseUrlPost,
  SANDBOX_IDS,
  type SlackObject,
  type UploadedFile,
} from './types';

/** A running fake Slack Web API and the workspace state it has built up. */
export interface FakeSlack {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  /** `${url}/api/`: what SLACK_API_URL / `clientOptions.slackApiUrl` is set to. */
  readonly apiUrl: string;
  readonly botToken: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly teamId: string;
  readonly appId: string;
  /** Every Web API call, in arrival order, including refused and unknown ones. */
  readonly calls: RecordedCall[];
  /** Channel and thread state: every message the bot posted, with updates applied. */
  readonly messages: FakeMessage[];
  readonly ephemerals: FakeEphemeral[];
  /** Modals by view id. */
  readonly views: Map<string, FakeView>;
  /** Home tabs by user id. */
  readonly homeViews: Map<string, FakeView>;
  readonly uploadedFiles: UploadedFile[];
  readonly fileDownloads: FileDownload[];
  readonly responseUrlPosts: ResponseUrlPost[];
  /** Workspace members the fake knows (users.info), the bot included. */
  readonly users: ReadonlyMap<string, FakeUser>;
  /** Conversations listed in the options (any well-formed id works without being listed). */
  readonly channels: ReadonlyMap<string, FakeChannel>;
  /** Calls of one method, in order. */
  callsTo(method: string): RecordedCall[];
  /** Top-level messages of a channel (and replies broadcast to it), oldest first. */
  channelMessages(channel: string): FakeMessage[];
  /** The parent and its replies, oldest first. */
  thread(channel: string, threadTs: string): FakeMessage[];
  /** Stores a file and returns its Slack file object; its private URLs are served by this fake. */
  addFile(bytes: Buffer | string, meta: NewFile): SlackObject;
  /**
   * Records a message a person posted (text and/or shared files), as it would appear in channel
   * history and threads. The bot is not told: send the matching event to it yourself.
   */
  postAsUser(message: UserMessage): FakeMessage;
  /** Calls `listener` after every change (Web API call, upload, download...); returns the unsubscribe function. */
  onChange(listener: () => void): () => void;
  /** Issues a trigger_id, as an interaction by `userId` would; views.open accepts it for 3 s, once. */
  mintTriggerId(userId?: string): string;
  /** A response_url on this server; what the bot POSTs there lands in `responseUrlPosts`. */
  mintResponseUrl(): string;
  /** Makes the next `times` calls of `method` fail as described instead of running. */
  failNext(method: string, failure: FailureSpec, times?: number): void;
  /**
   * Resolves with the first truthy value of `predicate`, re-checked after every change; rejects
   * after `timeoutMs` listing the calls seen so far.
   * @example const open = await fake.waitFor(() => fake.callsTo('views.open')[0]);
   */
  waitFor<T>(predicate: () => T | undefined | null | false, timeoutMs?: number): Promise<T>;
  /** Forgets calls, messages, views, files, triggers and queued failures; keeps users and channels. */
  reset(): void;
  close(): Promise<void>;
}

/**
 * Starts a stand-in for Slack's Web API on 127.0.0.1, for tests and the sandbox. Point a Bolt
 * app at it with `clientOptions: { slackApiUrl: fake.apiUrl }` and its token `fake.botToken`.
 */
export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const botUserId = options.botUserId ?? SANDBOX_IDS.botUserId;
  const users = new Map((options.users ?? []).map((u) => [u.id, u]));
  if (!users.has(botUserId)) users.set(botUserId, { id: botUserId, name: 'hosted-bot', isBot: true });
  const state = new SlackState({
    botToken: options.botToken ?? SANDBOX_IDS.botToken,
    botUserId,
    botId: options.botId ?? SANDBOX_IDS.botId,
    teamId: options.teamId ?? SANDBOX_IDS.teamId,
    appId: options.appId ?? SANDBOX_IDS.appId,
    users,
    usergroups: new Map(Object.entries(options.usergroups ?? {})),
    channels: new Map((options.channels ?? []).map((c) => [c.id, c])),
    triggerTtlMs: options.triggerTtlMs ?? 3000,
    now: options.now ?? Date.now,
  });
  for (const { method, failure, times } of options.failures ?? []) state.queueFailure(method, failure, times);

  let baseUrl = '';
  const server = createServer((req, res) => {
    route(state, baseUrl, req, res).catch((error: unknown) => {
      if (!res.headersSent) sendText(res, 500, `fake slack: ${String(error)}`);
      else res.destroy();
    });
  });
  await listen(server, options.port ?? 0);
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return createHandle(state, server, baseUrl);
}

/** What {@link FakeSlack.postAsUser} records. */
export interface UserMessage {
  channel: string;
  user: string;
  text?: string;
  /** A reply in this thread (a reply to a reply lands in the parent's thread, as in Slack). */
  threadTs?: string;
  /** File objects from `addFile`. */
  files?: SlackObject[];
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function createHandle(state: SlackState, server: Server, url: string): FakeSlack {
  const { config } = state;
  return {
    url,
    apiUrl: `${url}/api/`,
    botToken: config.botToken,
    botUserId: config.botUserId,
    botId: config.botId,
    teamId: config.teamId,
    appId: config.appId,
    calls: state.calls,
    messages: state.messages,
    ephemerals: state.ephemerals,
    views: state.views,
    homeViews: state.homeViews,
    uploadedFiles: state.uploadedFiles,
    fileDownloads: state.fileDownloads,
    responseUrlPosts: state.responseUrlPosts,
    users: config.users,
    channels: config.channels,
    callsTo: (method) => state.calls.filter((c) => c.method === method),
    channelMessages: (channel) =>
      state.messages.filter(
        (m) =>
          m.channel === channel && (m.thread_ts === undefined || m.thread_ts === m.ts || m.reply_broadcast),
      ),
    thread: (channel, threadTs) =>
      state.messages.filter((m) => m.channel === channel && (m.ts === threadTs || m.thread_ts === threadTs)),
    addFile: (bytes, meta) => {
      const file = createFile(state, url, Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes), meta).file;
      state.changed();
      return file;
    },
    postAsUser: (message) => postAsUser(state, message),
    onChange: (listener) => state.subscribe(listener),
    mintTriggerId: (userId) => state.mintTriggerId(userId),
    mintResponseUrl: () => `${url}/response/${state.nextId('R')}`,
    failNext: (method, failure, times) => state.queueFailure(method, failure, times),
    waitFor: (predicate, timeoutMs) => waitFor(state, predicate, timeoutMs),
    reset: () => state.reset(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function postAsUser(state: SlackState, m: UserMessage): FakeMessage {
  const parent = m.threadTs === undefined ? undefined : state.findMessage(m.channel, m.threadTs);
  const threadTs = parent?.thread_ts ?? m.threadTs;
  const message: FakeMessage = {
    channel: m.channel,
    ts: state.nextTs(),
    thread_ts: threadTs,
    text: m.text,
    ...(m.files === undefined ? {} : { files: m.files }),
    reply_broadcast: false,
    user: m.user,
    reactions: [],
    updates: [],
    extra: {},
  };
  if (parent !== undefined && parent.thread_ts === undefined) parent.thread_ts = parent.ts;
  state.messages.push(message);
  state.changed();
  return message;
}

function waitFor<T>(
  state: SlackState,
  predicate: () => T | undefined | null | false,
  timeoutMs = 2000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const value = predicate();
      if (value === undefined || value === null || value === false) return false;
      finish();
      resolve(value);
      return true;
    };
    const timer = setTimeout(() => {
      finish();
      const seen = state.calls.map((c) => `${c.method}${c.response.ok ? '' : `(${c.response.error})`}`);
      reject(
        new Error(
          `fake slack: condition not met within ${timeoutMs} ms; calls: ${seen.join(', ') || 'none'}`,
        ),
      );
    }, timeoutMs);
    const unsubscribe = state.subscribe(check);
    const finish = () => {
      clearTimeout(timer);
      unsubscribe();
    };
    check();
  });
}
