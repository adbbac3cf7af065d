/**
 * Shapes shared by the fake Slack Web API and the signed-request helpers. Everything the fake
 * stores stays as loose JSON (`SlackObject`): it must record whatever a bot sends, including the
 * malformed payloads the tests are there to catch.
 */

/** A JSON object as Slack sends or receives it. */
export type SlackObject = Record<string, unknown>;

/** The body of a Web API answer: `{ ok: true, ... }` or `{ ok: false, error, ... }`. */
export type SlackResponse = SlackObject & { ok: boolean; error?: string };

/** One Web API call as the fake saw it, whether it succeeded, failed, or was refused. */
export interface RecordedCall {
  /** e.g. `chat.postMessage`; unknown methods are recorded too. */
  method: string;
  /** Parsed arguments (form, JSON or multipart), JSON-valued fields such as `blocks` decoded; no `token`. */
  args: SlackObject;
  /** The token presented in `Authorization: Bearer` or the `token` argument. */
  token: string | undefined;
  status: number;
  response: SlackResponse;
  /** Milliseconds on the fake's clock. */
  at: number;
}

/** One edit applied by `chat.update`, oldest first. */
export interface MessageUpdate {
  at: number;
  text?: string;
  blocks?: unknown[];
  attachments?: unknown[];
}

/** A message in the fake's channel state (top-level or thread reply). */
export interface FakeMessage {
  channel: string;
  ts: string;
  /** Set on replies (the parent's ts) and on parents that have replies (their own ts), as Slack does. */
  thread_ts?: string;
  text?: string;
  blocks?: unknown[];
  attachments?: unknown[];
  metadata?: unknown;
  reply_broadcast: boolean;
  user: string;
  bot_id?: string;
  files?: SlackObject[];
  reactions: Array<{ name: string; users: string[]; count: number }>;
  updates: MessageUpdate[];
  /** Arguments that are not part of the message body (unfurl_links, username, ...). */
  extra: SlackObject;
}

/** A message sent with `chat.postEphemeral` (visible only to `user`, never in channel history). */
export interface FakeEphemeral {
  channel: string;
  user: string;
  message_ts: string;
  thread_ts?: string;
  text?: string;
  blocks?: unknown[];
}

/** A modal or Home tab the bot opened, pushed, updated or published. */
export interface FakeView {
  id: string;
  /** The trigger exchanged to open or push it (none for views.publish). */
  triggerId?: string;
  /** Who sees it: the user the trigger was minted for, or views.publish's `user_id`. */
  userId?: string;
  openedWith: 'views.open' | 'views.push' | 'views.publish';
  /** The view as Slack returns it (id, hash, state, root_view_id, ...), after the latest update. */
  view: SlackObject;
  /** Every earlier version, oldest first. */
  history: SlackObject[];
}

/** A file the fake knows: added by a test with `addFile` or uploaded by the bot. */
export interface FakeFile {
  /** The Slack file object (as in files.info and file_share events). */
  file: SlackObject;
  bytes: Buffer;
}

/** One upload that went through files.getUploadURLExternal → POST → files.completeUploadExternal. */
export interface UploadedFile {
  file: SlackObject;
  bytes: Buffer;
  channelId?: string;
  threadTs?: string;
  initialComment?: string;
}

/** A request to one of the `url_private(_download)` links the fake handed out. */
export interface FileDownload {
  fileId: string;
  authorized: boolean;
  at: number;
}

/** A POST a bot made to a `response_url` the signed-request helpers minted. */
export interface ResponseUrlPost {
  id: string;
  body: SlackObject;
  at: number;
}

/** What `failNext` makes the next call(s) of a method return instead of running it. */
export type FailureSpec =
  | { status: 429; retryAfter?: number }
  | { status: 500 | 502 | 503 | 504; body?: string }
  | { error: string; extra?: SlackObject };

/** A workspace member the fake's users.info knows. */
export interface FakeUser {
  id: string;
  name?: string;
  realName?: string;
  email?: string;
  isBot?: boolean;
  deleted?: boolean;
  tz?: string;
}

/**
 * Details for a conversation. Any well-formed id (C…, G…, D…) is accepted without being listed;
 * list one to name it, make it private, or take the bot out of it (`isMember: false` makes
 * posting fail with `not_in_channel`, as it does for a bot nobody invited).
 */
export interface FakeChannel {
  id: string;
  name?: string;
  isPrivate?: boolean;
  isMember?: boolean;
  isArchived?: boolean;
}

/** Options for {@link startFakeSlack}. */
export interface FakeSlackOptions {
  /** 0 (default) picks a free port. The server binds 127.0.0.1 only. */
  port?: number;
  /** The one token the fake accepts; default {@link SANDBOX_IDS}.botToken. */
  botToken?: string;
  botUserId?: string;
  botId?: string;
  teamId?: string;
  appId?: string;
  users?: FakeUser[];
  /** Usergroup id (S…) → member user ids. */
  usergroups?: Record<string, string[]>;
  channels?: FakeChannel[];
  /** Failures queued before the first call, as if `failNext` had been called for each. */
  failures?: Array<{ method: string; failure: FailureSpec; times?: number }>;
  /** Milliseconds; drives trigger expiry, message ts and recorded times. */
  now?: () => number;
  /** How long a trigger_id stays usable; Slack's limit is 3 s. */
  triggerTtlMs?: number;
}

/** Default identities, shared by the fake and the signed-request helpers so payloads agree. */
export const SANDBOX_IDS = {
  botToken: 'xoxb-sandbox-bot-token',
  botUserId: 'U0SANDBOXBOT',
  botId: 'B0SANDBOXBOT',
  teamId: 'T0SANDBOX',
  appId: 'A0SANDBOX',
  userId: 'U0SANDBOXUSER',
  channelId: 'C0SANDBOX',
} as const;
