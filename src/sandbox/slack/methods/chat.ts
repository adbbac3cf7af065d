import { asString, isTrue } from '../http-utils';
import type { SlackState } from '../state';
import type { FakeMessage, SlackObject, SlackResponse } from '../types';
import { fail, type MethodContext, type MethodHandler, missing, ok } from './context';
import { blockErrors } from './validate';

/** Arguments that shape the message itself; the rest are kept in `extra` for assertions. */
const BODY_ARGS = new Set([
  'channel',
  'text',
  'blocks',
  'attachments',
  'metadata',
  'thread_ts',
  'reply_broadcast',
]);

/** The message as Slack returns it in chat.postMessage, chat.update and conversations.replies. */
export function toSlackMessage(state: SlackState, m: FakeMessage): SlackObject {
  const replies = state.messages.filter(
    (r) => r.channel === m.channel && r.thread_ts === m.ts && r.ts !== m.ts,
  );
  const message: SlackObject = {
    type: 'message',
    user: m.user,
    bot_id: m.bot_id,
    app_id: m.bot_id === undefined ? undefined : state.config.appId,
    team: state.config.teamId,
    ts: m.ts,
    text: m.text ?? '',
    blocks: m.blocks,
    attachments: m.attachments,
    metadata: m.metadata,
    files: m.files,
    thread_ts: m.thread_ts,
    reactions: m.reactions.length > 0 ? m.reactions : undefined,
    edited: m.updates.length > 0 ? { user: m.user, ts: m.ts } : undefined,
  };
  if (m.thread_ts !== undefined && m.thread_ts !== m.ts) {
    message.parent_user_id = state.findMessage(m.channel, m.thread_ts)?.user;
    if (m.reply_broadcast) message.subtype = 'thread_broadcast';
  }
  if (replies.length > 0) {
    message.reply_count = replies.length;
    message.reply_users = [...new Set(replies.map((r) => r.user))];
    message.latest_reply = replies[replies.length - 1]?.ts;
  }
  return JSON.parse(JSON.stringify(message)) as SlackObject;
}

/** Resolves `channel` and checks the bot may post there. */
function postableChannel(state: SlackState, args: SlackObject): { id: string } | SlackResponse {
  const id = asString(args.channel);
  if (id === undefined || id === '') return fail('channel_not_found');
  const channel = state.channel(id);
  if (channel === undefined) return fail('channel_not_found');
  if (channel.isArchived) return fail('is_archived');
  if (channel.isMember === false) return fail('not_in_channel');
  return { id };
}

/** The checks chat.postMessage and chat.update share: text length, block limits, something to show. */
function contentError(args: SlackObject, requireContent: boolean): SlackResponse | undefined {
  const text = asString(args.text);
  if (
    requireContent &&
    (text === undefined || text === '') &&
    args.blocks === undefined &&
    args.attachments === undefined
  ) {
    return fail('no_text');
  }
  if (text !== undefined && text.length > 40_000) return fail('msg_too_long');
  if (args.blocks !== undefined) {
    const errors = blockErrors(args.blocks, 50);
    if (errors.length > 0) return fail('invalid_blocks', errors);
  }
  if (Array.isArray(args.attachments) && args.attachments.length > 100) return fail('too_many_attachments');
  return undefined;
}

const postMessage: MethodHandler = ({ args, state }) => {
  const channel = postableChannel(state, args);
  if ('ok' in channel) return channel;
  const invalid = contentError(args, true);
  if (invalid !== undefined) return invalid;
  // Replying to a reply lands in the parent's thread, as in Slack.
  const requested = asString(args.thread_ts);
  const parent = requested === undefined ? undefined : state.findMessage(channel.id, requested);
  const threadTs = parent?.thread_ts ?? requested;
  const message: FakeMessage = {
    channel: channel.id,
    ts: state.nextTs(),
    thread_ts: threadTs,
    text: asString(args.text),
    blocks: Array.isArray(args.blocks) ? args.blocks : undefined,
    attachments: Array.isArray(args.attachments) ? args.attachments : undefined,
    metadata: args.metadata,
    reply_broadcast: threadTs !== undefined && isTrue(args.reply_broadcast),
    user: state.config.botUserId,
    bot_id: state.config.botId,
    reactions: [],
    updates: [],
    extra: Object.fromEntries(Object.entries(args).filter(([key]) => !BODY_ARGS.has(key))),
  };
  if (parent !== undefined && parent.thread_ts === undefined) parent.thread_ts = parent.ts;
  state.messages.push(message);
  return ok({ channel: channel.id, ts: message.ts, message: toSlackMessage(state, message) });
};

const update: MethodHandler = ({ args, state }) => {
  const channel = asString(args.channel);
  const ts = asString(args.ts);
  if (channel === undefined || state.channel(channel) === undefined) return fail('channel_not_found');
  if (ts === undefined) return missing('ts');
  const message = state.findMessage(channel, ts);
  if (message === undefined) return fail('message_not_found');
  if (message.user !== state.config.botUserId) return fail('cant_update_message');
  const invalid = contentError(args, false);
  if (invalid !== undefined) return invalid;
  // Fields left out keep their old value; an empty blocks array clears them (Slack's rule).
  if (args.text !== undefined) message.text = asString(args.text);
  if (args.blocks !== undefined) message.blocks = Array.isArray(args.blocks) ? args.blocks : undefined;
  if (args.attachments !== undefined) {
    message.attachments = Array.isArray(args.attachments) ? args.attachments : undefined;
  }
  message.updates.push({
    at: state.config.now(),
    text: asString(args.text),
    blocks: Array.isArray(args.blocks) ? args.blocks : undefined,
    attachments: Array.isArray(args.attachments) ? args.attachments : undefined,
  });
  return ok({ channel, ts, text: message.text ?? '', message: toSlackMessage(state, message) });
};

const postEphemeral: MethodHandler = ({ args, state }) => {
  const channel = postableChannel(state, args);
  if ('ok' in channel) return channel;
  const user = asString(args.user);
  if (user === undefined || user === '') return fail('user_not_in_channel');
  const invalid = contentError(args, true);
  if (invalid !== undefined) return invalid;
  const messageTs = state.nextTs();
  state.ephemerals.push({
    channel: channel.id,
    user,
    message_ts: messageTs,
    thread_ts: asString(args.thread_ts),
    text: asString(args.text),
    blocks: Array.isArray(args.blocks) ? args.blocks : undefined,
  });
  return ok({ message_ts: messageTs });
};

const getPermalink: MethodHandler = ({ args, state, baseUrl }) => {
  const channel = asString(args.channel);
  const ts = asString(args.message_ts);
  if (channel === undefined || state.channel(channel) === undefined) return fail('channel_not_found');
  const message = ts === undefined ? undefined : state.findMessage(channel, ts);
  if (message === undefined) return fail('message_not_found');
  const reply = message.thread_ts !== undefined && message.thread_ts !== message.ts;
  const query = reply ? `?thread_ts=${message.thread_ts}&cid=${channel}` : '';
  return ok({ channel, permalink: `${baseUrl}/archives/${channel}/p${message.ts.replace('.', '')}${query}` });
};

const addReaction: MethodHandler = ({ args, state }: MethodContext) => {
  const channel = asString(args.channel);
  const ts = asString(args.timestamp);
  const name = asString(args.name);
  if (channel === undefined || state.channel(channel) === undefined) return fail('channel_not_found');
  if (name === undefined || name === '') return fail('invalid_name');
  const message = ts === undefined ? undefined : state.findMessage(channel, ts);
  if (message === undefined) return fail('message_not_found');
  const reaction = message.reactions.find((r) => r.name === name);
  const user = state.config.botUserId;
  if (reaction?.users.includes(user)) return fail('already_reacted');
  if (reaction === undefined) message.reactions.push({ name, users: [user], count: 1 });
  else {
    reaction.users.push(user);
    reaction.count += 1;
  }
  return ok();
};

const replies: MethodHandler = ({ args, state }) => {
  const channel = asString(args.channel);
  const ts = asString(args.ts);
  if (channel === undefined || state.channel(channel) === undefined) return fail('channel_not_found');
  const message = ts === undefined ? undefined : state.findMessage(channel, ts);
  if (message === undefined) return fail('thread_not_found');
  const rootTs = message.thread_ts ?? message.ts;
  const thread = state.messages.filter(
    (m) => m.channel === channel && (m.ts === rootTs || m.thread_ts === rootTs),
  );
  return ok({
    messages: thread.map((m) => toSlackMessage(state, m)),
    has_more: false,
    response_metadata: { next_cursor: '' },
  });
};

/** A channel's top-level messages, newest first (threads' replies are left out, as Slack does). */
const history: MethodHandler = ({ args, state }) => {
  const channel = asString(args.channel);
  if (channel === undefined || state.channel(channel) === undefined) return fail('channel_not_found');
  const limit = Math.min(Number(asString(args.limit) ?? args.limit ?? 100) || 100, 1000);
  const top = state.messages.filter(
    (m) => m.channel === channel && (m.thread_ts === undefined || m.thread_ts === m.ts),
  );
  return ok({
    messages: top
      .slice(-limit)
      .reverse()
      .map((m) => toSlackMessage(state, m)),
    has_more: top.length > limit,
    response_metadata: { next_cursor: '' },
  });
};

export const chatMethods: Record<string, MethodHandler> = {
  'conversations.history': history,
  'chat.postMessage': postMessage,
  'chat.update': update,
  'chat.postEphemeral': postEphemeral,
  'chat.getPermalink': getPermalink,
  'conversations.replies': replies,
  'reactions.add': addReaction,
};
