import type { FakeMessage, FakeSlack, SlackObject } from '../slack';
import type { SandboxSession } from './session';

/** Someone the page lets you be. */
export interface SandboxPerson {
  id: string;
  name: string;
  /** Shown beside the name in the switcher, e.g. "requester". */
  role: string;
}

/** One message as the page draws it. */
export interface PageMessage {
  ts: string;
  user: string;
  isBot: boolean;
  text?: string;
  blocks?: unknown[];
  files?: Array<{ id: string; name: string; pretty_type?: string; size?: number }>;
  /** Set on replies (the parent's ts). */
  threadTs?: string;
  /** Reply also shown in the channel. */
  broadcast: boolean;
  replyCount: number;
  edited: boolean;
}

/** One ephemeral ("Only visible to you") message. */
export interface PageEphemeral {
  id: string;
  ts: string;
  threadTs?: string;
  text?: string;
  blocks?: unknown[];
}

/** Everything the page needs to draw one person's view of the workspace. */
export interface PageState {
  version: number;
  me: string;
  people: SandboxPerson[];
  /** Display names by user id (people, the bot, anyone else the fake knows). */
  names: Record<string, string>;
  channel: { id: string; name: string };
  botUserId: string;
  botName: string;
  command: string;
  messages: PageMessage[];
  ephemerals: PageEphemeral[];
  /** The modal on top for this person, with the errors of its last submit. */
  modal: { id: string; view: SlackObject; errors: Record<string, string> } | null;
  home: SlackObject | null;
}

export interface SnapshotInput {
  fake: FakeSlack;
  session: SandboxSession;
  people: SandboxPerson[];
  channel: { id: string; name: string };
  botName: string;
  command: string;
  version: number;
}

/** Reads the fake's state and the session's into the page's shape, for one person. */
export function snapshot(input: SnapshotInput, me: string): PageState {
  const { fake, session, channel } = input;
  const inChannel = fake.messages.filter((m) => m.channel === channel.id);
  const names: Record<string, string> = {};
  for (const user of fake.users.values()) names[user.id] = user.realName ?? user.name ?? user.id;
  for (const person of input.people) names[person.id] = person.name;
  names[fake.botUserId] = input.botName;

  const ephemerals: PageEphemeral[] = [
    ...fake.ephemerals
      .filter((e) => e.user === me && e.channel === channel.id)
      .map((e) => ({
        id: `fake-${e.message_ts}`,
        ts: e.message_ts,
        threadTs: e.thread_ts,
        text: e.text,
        blocks: e.blocks,
      })),
    ...session.ephemerals
      .filter((e) => e.user === me && e.channel === channel.id)
      .map((e) => ({ id: e.id, ts: e.ts, threadTs: e.threadTs, text: e.text, blocks: e.blocks })),
  ].sort((a, b) => Number(a.ts) - Number(b.ts));

  // The top modal is the newest this person opened that has not been closed.
  const open = [...fake.views.values()].filter((v) => v.userId === me && !session.closedViews.has(v.id));
  const top = open[open.length - 1];

  return {
    version: input.version,
    me,
    people: input.people,
    names,
    channel,
    botUserId: fake.botUserId,
    botName: input.botName,
    command: input.command,
    messages: inChannel.map((m) => pageMessage(m, inChannel)),
    ephemerals,
    modal: top ? { id: top.id, view: top.view, errors: session.viewErrors.get(top.id) ?? {} } : null,
    home: fake.homeViews.get(me)?.view ?? null,
  };
}

function pageMessage(m: FakeMessage, all: FakeMessage[]): PageMessage {
  const isReply = m.thread_ts !== undefined && m.thread_ts !== m.ts;
  return {
    ts: m.ts,
    user: m.user,
    isBot: m.bot_id !== undefined,
    text: m.text,
    blocks: m.blocks,
    files: m.files?.map((f) => ({
      id: String(f.id),
      name: String(f.name),
      pretty_type: typeof f.pretty_type === 'string' ? f.pretty_type : undefined,
      size: typeof f.size === 'number' ? f.size : undefined,
    })),
    threadTs: isReply ? m.thread_ts : undefined,
    broadcast: m.reply_broadcast,
    replyCount: isReply ? 0 : all.filter((r) => r.thread_ts === m.ts && r.ts !== m.ts).length,
    edited: m.updates.length > 0,
  };
}
