/**
 * Pure builders for what Slack sends to an app: slash-command forms, interaction payloads and
 * Events API envelopes, shaped like Slack's documented examples. They take every id they need;
 * `signed-requests.ts` fills in defaults and mints trigger ids in the fake.
 */
import type { SlackObject } from './types';

/** Who acts and where; shared by every payload. */
export interface Actor {
  teamId: string;
  appId: string;
  userId: string;
  userName?: string;
  /** The deprecated verification token; Slack still sends it. */
  verificationToken?: string;
}

const DEFAULT_VERIFICATION_TOKEN = 'sandbox-verification-token';

function user(actor: Actor): SlackObject {
  const name = actor.userName ?? actor.userId.toLowerCase();
  return { id: actor.userId, username: name, name, team_id: actor.teamId };
}

function common(actor: Actor): SlackObject {
  return {
    team: { id: actor.teamId, domain: 'sandbox' },
    user: user(actor),
    api_app_id: actor.appId,
    token: actor.verificationToken ?? DEFAULT_VERIFICATION_TOKEN,
    enterprise: null,
    is_enterprise_install: false,
  };
}

export interface SlashCommandFields {
  command: string;
  text: string;
  channelId: string;
  channelName?: string;
  triggerId: string;
  responseUrl: string;
}

/** The form fields of a slash command (sent `application/x-www-form-urlencoded`). */
export function slashCommandForm(actor: Actor, f: SlashCommandFields): Record<string, string> {
  return {
    token: actor.verificationToken ?? DEFAULT_VERIFICATION_TOKEN,
    team_id: actor.teamId,
    team_domain: 'sandbox',
    channel_id: f.channelId,
    channel_name: f.channelName ?? f.channelId.toLowerCase(),
    user_id: actor.userId,
    user_name: actor.userName ?? actor.userId.toLowerCase(),
    command: f.command,
    text: f.text,
    api_app_id: actor.appId,
    is_enterprise_install: 'false',
    response_url: f.responseUrl,
    trigger_id: f.triggerId,
  };
}

export interface BlockActionFields {
  actionId: string;
  blockId: string;
  /** Button value; for selects pass `action` with `selected_option` instead. */
  value?: string;
  /** Extra or overriding fields of the action (type, text, selected_option, style...). */
  action?: SlackObject;
  triggerId: string;
  actionTs: string;
  /** A click on a message: its channel and ts, and the message as the fake holds it. */
  channelId?: string;
  messageTs?: string;
  message?: SlackObject;
  responseUrl?: string;
  /** A click inside a modal or Home tab: the view as the fake holds it. */
  view?: SlackObject;
  stateValues?: SlackObject;
}

/** A `block_actions` interaction payload (sent as the `payload` form field). */
export function blockActionsPayload(actor: Actor, f: BlockActionFields): SlackObject {
  const action = {
    type: 'button',
    action_id: f.actionId,
    block_id: f.blockId,
    text: { type: 'plain_text', text: f.actionId, emoji: true },
    ...(f.value === undefined ? {} : { value: f.value }),
    action_ts: f.actionTs,
    ...f.action,
  };
  const payload: SlackObject = {
    type: 'block_actions',
    ...common(actor),
    trigger_id: f.triggerId,
    state: { values: f.stateValues ?? {} },
    actions: [action],
  };
  if (f.view !== undefined) {
    payload.container = { type: 'view', view_id: f.view.id };
    payload.view = { ...f.view, state: { values: f.stateValues ?? {} } };
    return payload;
  }
  payload.container = {
    type: 'message',
    message_ts: f.messageTs,
    channel_id: f.channelId,
    is_ephemeral: false,
  };
  payload.channel = { id: f.channelId, name: f.channelId?.toLowerCase() };
  payload.message = f.message ?? { type: 'message', ts: f.messageTs, text: '' };
  payload.response_url = f.responseUrl;
  return payload;
}

export interface ViewSubmissionFields {
  /** The view as Slack holds it (id, callback_id, private_metadata, blocks, hash, ...). */
  view: SlackObject;
  stateValues: SlackObject;
  triggerId: string;
}

/** A `view_submission` payload: the modal with the user's input in `view.state.values`. */
export function viewSubmissionPayload(actor: Actor, f: ViewSubmissionFields): SlackObject {
  return {
    type: 'view_submission',
    ...common(actor),
    trigger_id: f.triggerId,
    view: { ...f.view, state: { values: f.stateValues } },
    response_urls: [],
  };
}

/** A `view_closed` payload (sent only for views opened with `notify_on_close: true`). */
export function viewClosedPayload(actor: Actor, view: SlackObject): SlackObject {
  return { type: 'view_closed', ...common(actor), view, is_cleared: false };
}

export interface EventFields {
  event: SlackObject;
  eventId: string;
  eventTime: number;
  botUserId: string;
}

/** An Events API `event_callback` envelope around `event`. */
export function eventEnvelope(actor: Actor, f: EventFields): SlackObject {
  return {
    token: actor.verificationToken ?? DEFAULT_VERIFICATION_TOKEN,
    team_id: actor.teamId,
    context_team_id: actor.teamId,
    api_app_id: actor.appId,
    event: f.event,
    type: 'event_callback',
    event_id: f.eventId,
    event_time: f.eventTime,
    authorizations: [
      {
        enterprise_id: null,
        team_id: actor.teamId,
        user_id: f.botUserId,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
    event_context: `4-sandbox-${f.eventId}`,
  };
}

/**
 * `view.state.values` for plain-text inputs, from `{ blockId: { actionId: text } }`.
 * @example plainTextValues({ numbers: { numbers_input: '+19195551234' } })
 */
export function plainTextValues(values: Record<string, Record<string, string | null>>): SlackObject {
  return Object.fromEntries(
    Object.entries(values).map(([blockId, actions]) => [
      blockId,
      Object.fromEntries(
        Object.entries(actions).map(([actionId, value]) => [actionId, { type: 'plain_text_input', value }]),
      ),
    ]),
  );
}

/** A `message` event with a file share, as Slack sends when someone drops a file in a thread. */
export function fileShareMessageEvent(f: {
  channelId: string;
  userId: string;
  ts: string;
  threadTs?: string;
  text?: string;
  files: SlackObject[];
}): SlackObject {
  return {
    type: 'message',
    subtype: 'file_share',
    channel: f.channelId,
    channel_type: 'channel',
    user: f.userId,
    text: f.text ?? '',
    ts: f.ts,
    event_ts: f.ts,
    ...(f.threadTs === undefined ? {} : { thread_ts: f.threadTs }),
    files: f.files,
    upload: false,
    display_as_bot: false,
  };
}
