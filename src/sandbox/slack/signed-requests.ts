import { createHmac, randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { type Dispatcher, request } from 'undici';
import type { FakeSlack } from './fake-slack';
import {
  type Actor,
  blockActionsPayload,
  eventEnvelope,
  slashCommandForm,
  viewClosedPayload,
  viewSubmissionPayload,
} from './payloads';
import { SANDBOX_IDS, type SlackObject } from './types';

/** Computes `X-Slack-Signature`: `v0=` + HMAC-SHA256 of `v0:{timestamp}:{body}` with the signing secret. */
export function signSlackRequest(signingSecret: string, timestampSec: number, body: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestampSec}:${body}`).digest('hex')}`;
}

/** What the bot answered to one request, and how long it took. */
export interface SlackDelivery {
  status: number;
  headers: Record<string, string>;
  /** The raw response body (Bolt acks with an empty body, or JSON such as `response_action`). */
  text: string;
  /** The body parsed as JSON, when it is JSON. */
  json: SlackObject | undefined;
  durationMs: number;
  request: { headers: Record<string, string>; body: string };
}

/** The parts of the fake the sender uses: trigger and response_url minting, and its views and messages. */
export type SenderFake = Pick<
  FakeSlack,
  'mintTriggerId' | 'mintResponseUrl' | 'views' | 'messages' | 'botUserId'
>;

export interface SlackSenderOptions {
  /** The bot's events URL, e.g. `http://127.0.0.1:3000/slack/events`. */
  url: string;
  signingSecret: string;
  /** When given, trigger ids and response_urls are minted there, so views.open accepts them. */
  fake?: SenderFake;
  /** Milliseconds; sets `X-Slack-Request-Timestamp`. */
  now?: () => number;
  teamId?: string;
  appId?: string;
  /** Defaults for the acting user and the channel. */
  userId?: string;
  channelId?: string;
  dispatcher?: Dispatcher;
}

interface ActorOverrides {
  userId?: string;
  userName?: string;
}

export interface SlashCommandOptions extends ActorOverrides {
  command: string;
  text?: string;
  channelId?: string;
  channelName?: string;
}

export interface BlockActionOptions extends ActorOverrides {
  actionId: string;
  blockId: string;
  value?: string;
  /** Extra or overriding fields of the action (type, text, selected_option...). */
  action?: SlackObject;
  channelId?: string;
  /** The clicked message; its current content is taken from the fake when it holds it. */
  messageTs?: string;
  /** A click inside this modal (taken from the fake) instead of on a message. */
  viewId?: string;
  stateValues?: SlackObject;
}

export interface ViewSubmissionOptions extends ActorOverrides {
  /** Default: the modal the fake opened most recently. */
  viewId?: string;
  callbackId?: string;
  privateMetadata?: string;
  /** `view.state.values`; see `plainTextValues`. */
  values: SlackObject;
}

export interface EventOptions {
  event: SlackObject;
  eventId?: string;
  retryNum?: number;
  retryReason?: string;
}

/** Ways to get a request wrong, for tests that the bot refuses them. */
export type ForgeryKind =
  | 'bad-signature'
  | 'stale-timestamp'
  | 'future-timestamp'
  | 'missing-signature'
  | 'missing-timestamp'
  | 'tampered-body';

export interface SlackSender {
  sendSlashCommand(
    o: SlashCommandOptions,
  ): Promise<SlackDelivery & { triggerId: string; responseUrl: string }>;
  sendBlockAction(
    o: BlockActionOptions,
  ): Promise<SlackDelivery & { triggerId: string; payload: SlackObject }>;
  sendViewSubmission(
    o: ViewSubmissionOptions,
  ): Promise<SlackDelivery & { triggerId: string; payload: SlackObject }>;
  sendViewClosed(o: { viewId?: string } & ActorOverrides): Promise<SlackDelivery>;
  sendEvent(o: EventOptions): Promise<SlackDelivery & { eventId: string }>;
  sendUrlVerification(challenge?: string): Promise<SlackDelivery>;
  /** A slash command (or the given form body) signed wrongly in the way `kind` names. */
  sendForged(kind: ForgeryKind, body?: string): Promise<SlackDelivery>;
  /** Sends `body` correctly signed, with the given content type and extra headers. */
  sendSigned(body: string, contentType: string, headers?: Record<string, string>): Promise<SlackDelivery>;
  /** Every request sent, in order. */
  readonly deliveries: SlackDelivery[];
}

const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';

/**
 * Sends what Slack sends to an app's events URL, correctly signed (or, with `sendForged`, not).
 * @example
 * const slack = createSlackSender({ url: `${botUrl}/slack/events`, signingSecret, fake });
 * const { status, triggerId } = await slack.sendSlashCommand({ command: '/hosted', text: 'check +19195551234' });
 */
export function createSlackSender(options: SlackSenderOptions): SlackSender {
  const now = options.now ?? Date.now;
  const fake = options.fake;
  const deliveries: SlackDelivery[] = [];
  const defaults = {
    teamId: options.teamId ?? SANDBOX_IDS.teamId,
    appId: options.appId ?? SANDBOX_IDS.appId,
    userId: options.userId ?? SANDBOX_IDS.userId,
    channelId: options.channelId ?? SANDBOX_IDS.channelId,
  };
  const actor = (o: ActorOverrides): Actor => ({
    teamId: defaults.teamId,
    appId: defaults.appId,
    userId: o.userId ?? defaults.userId,
    userName: o.userName,
  });
  // Without a fake, ids still look real but views.open would reject them, as Slack would.
  const mintTrigger = (userId: string) =>
    fake?.mintTriggerId(userId) ?? `${Math.floor(now() / 1000)}.0.${randomBytes(16).toString('hex')}`;
  const mintResponseUrl = () => fake?.mintResponseUrl() ?? 'http://127.0.0.1:9/response/unavailable';
  const findView = (viewId: string | undefined): SlackObject => {
    const views = fake === undefined ? [] : [...fake.views.values()];
    const found = viewId === undefined ? views.pop() : fake?.views.get(viewId);
    return found?.view ?? { id: viewId ?? 'V0UNKNOWN', type: 'modal', callback_id: '', private_metadata: '' };
  };

  const post = async (
    body: string,
    contentType: string,
    extraHeaders: Record<string, string> = {},
    forgery?: ForgeryKind,
  ): Promise<SlackDelivery> => {
    const nowSec = Math.floor(now() / 1000);
    const timestamp =
      forgery === 'stale-timestamp'
        ? nowSec - 6 * 60
        : forgery === 'future-timestamp'
          ? nowSec + 6 * 60
          : nowSec;
    const signed = forgery === 'tampered-body' ? body.replace(/.$/, '') : body;
    const secret = forgery === 'bad-signature' ? `${options.signingSecret}-wrong` : options.signingSecret;
    const headers: Record<string, string> = {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signSlackRequest(secret, timestamp, signed),
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
      ...extraHeaders,
    };
    if (forgery === 'missing-signature') delete headers['x-slack-signature'];
    if (forgery === 'missing-timestamp') delete headers['x-slack-request-timestamp'];
    const started = performance.now();
    const response = await request(options.url, {
      method: 'POST',
      headers,
      body,
      ...(options.dispatcher === undefined ? {} : { dispatcher: options.dispatcher }),
    });
    const text = await response.body.text();
    const delivery: SlackDelivery = {
      status: response.statusCode,
      headers: Object.fromEntries(
        Object.entries(response.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)]),
      ),
      text,
      json: parseJson(text),
      durationMs: performance.now() - started,
      request: { headers, body },
    };
    deliveries.push(delivery);
    return delivery;
  };
  const postForm = (fields: Record<string, string>) => post(new URLSearchParams(fields).toString(), FORM);
  const postPayload = (payload: SlackObject) => postForm({ payload: JSON.stringify(payload) });

  return {
    deliveries,
    async sendSlashCommand(o) {
      const who = actor(o);
      const triggerId = mintTrigger(who.userId);
      const responseUrl = mintResponseUrl();
      const form = slashCommandForm(who, {
        command: o.command,
        text: o.text ?? '',
        channelId: o.channelId ?? defaults.channelId,
        channelName: o.channelName,
        triggerId,
        responseUrl,
      });
      return { ...(await postForm(form)), triggerId, responseUrl };
    },
    async sendBlockAction(o) {
      const who = actor(o);
      const triggerId = mintTrigger(who.userId);
      const channelId = o.channelId ?? defaults.channelId;
      const stored = o.messageTs === undefined ? undefined : fake?.messages.find((m) => m.ts === o.messageTs);
      const payload = blockActionsPayload(who, {
        actionId: o.actionId,
        blockId: o.blockId,
        value: o.value,
        action: o.action,
        triggerId,
        actionTs: (now() / 1000).toFixed(6),
        ...(o.viewId === undefined
          ? {
              channelId: stored?.channel ?? channelId,
              messageTs: o.messageTs,
              message: stored === undefined ? undefined : messageForPayload(stored, fake?.botUserId),
              responseUrl: mintResponseUrl(),
            }
          : { view: findView(o.viewId) }),
        stateValues: o.stateValues,
      });
      return { ...(await postPayload(payload)), triggerId, payload };
    },
    async sendViewSubmission(o) {
      const who = actor(o);
      const triggerId = mintTrigger(who.userId);
      const view = { ...findView(o.viewId) };
      if (o.callbackId !== undefined) view.callback_id = o.callbackId;
      if (o.privateMetadata !== undefined) view.private_metadata = o.privateMetadata;
      const payload = viewSubmissionPayload(who, { view, stateValues: o.values, triggerId });
      return { ...(await postPayload(payload)), triggerId, payload };
    },
    sendViewClosed: (o) => postPayload(viewClosedPayload(actor(o), findView(o.viewId))),
    async sendEvent(o) {
      const eventId = o.eventId ?? `Ev${randomBytes(5).toString('hex').toUpperCase()}`;
      const envelope = eventEnvelope(actor({}), {
        event: o.event,
        eventId,
        eventTime: Math.floor(now() / 1000),
        botUserId: fake?.botUserId ?? SANDBOX_IDS.botUserId,
      });
      const headers: Record<string, string> = {};
      if (o.retryNum !== undefined) headers['x-slack-retry-num'] = String(o.retryNum);
      if (o.retryReason !== undefined) headers['x-slack-retry-reason'] = o.retryReason;
      return { ...(await post(JSON.stringify(envelope), JSON_TYPE, headers)), eventId };
    },
    sendUrlVerification: (challenge = randomBytes(16).toString('hex')) =>
      post(
        JSON.stringify({ token: 'sandbox-verification-token', challenge, type: 'url_verification' }),
        JSON_TYPE,
      ),
    sendForged(kind, body) {
      const form =
        body ??
        new URLSearchParams(
          slashCommandForm(actor({}), {
            command: '/forged',
            text: 'forged',
            channelId: defaults.channelId,
            triggerId: mintTrigger(defaults.userId),
            responseUrl: mintResponseUrl(),
          }),
        ).toString();
      return post(form, FORM, {}, kind);
    },
    sendSigned: (body, contentType, headers) => post(body, contentType, headers),
  };
}

/** The message as it appears in a block_actions payload: what the fake holds, in Slack's shape. */
function messageForPayload(m: SenderFake['messages'][number], botUserId: string | undefined): SlackObject {
  return JSON.parse(
    JSON.stringify({
      type: 'message',
      user: m.user ?? botUserId,
      bot_id: m.bot_id,
      ts: m.ts,
      thread_ts: m.thread_ts,
      text: m.text ?? '',
      blocks: m.blocks,
    }),
  ) as SlackObject;
}

function parseJson(text: string): SlackObject | undefined {
  if (text === '') return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as SlackObject)
      : undefined;
  } catch {
    return undefined;
  }
}
