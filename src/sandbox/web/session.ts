import { randomBytes } from 'node:crypto';
import {
  blockActionsPayload,
  type FakeSlack,
  fileShareMessageEvent,
  type SlackDelivery,
  type SlackObject,
  type SlackSender,
} from '../slack';

/**
 * What a person does on the sandbox page, turned into what Slack would send the bot: signed slash
 * commands, interaction payloads and events. It also keeps the few things Slack's own client
 * holds and the fake Web API does not: replies that came back in the HTTP answer or through a
 * response_url (shown as ephemeral messages), which modals are closed, and validation errors.
 */

/** An ephemeral message the bot answered with through an ack body or a response_url. */
export interface LocalEphemeral {
  id: string;
  user: string;
  channel: string;
  threadTs?: string;
  ts: string;
  text?: string;
  blocks?: unknown[];
  /** The response_url (or slash command) it belongs to, so `replace_original` can replace it. */
  origin: string;
}

/** An action as the page reports it: the element's ids and what was chosen. */
export interface PageAction {
  type: string;
  action_id: string;
  block_id: string;
  value?: string;
  selected_option?: SlackObject;
  text?: SlackObject;
  style?: string;
}

export type ActionSurface =
  | { kind: 'message'; channel: string; messageTs: string }
  | { kind: 'home' }
  | { kind: 'modal'; viewId: string };

export interface SessionOptions {
  fake: FakeSlack;
  slack: SlackSender;
  /** Slash commands the bot's app declares; anything else gets Slack's "not a valid command". */
  commands: string[];
  now?: () => number;
}

/** The outcome of one request to the bot, reduced to what the page needs to say. */
export interface Delivered {
  ok: boolean;
  /** Why it failed, in the words Slack's client would use. */
  problem?: string;
}

export type SandboxSession = ReturnType<typeof createSandboxSession>;

/** One sandbox's stand-in for Slack's client: shared by every person the page lets you be. */
export function createSandboxSession(options: SessionOptions) {
  const { fake, slack, commands, now = Date.now } = options;
  const ephemerals: LocalEphemeral[] = [];
  const closedViews = new Set<string>();
  const viewErrors = new Map<string, Record<string, string>>();
  const origins = new Map<string, { user: string; channel: string; threadTs?: string }>();
  const listeners = new Set<() => void>();
  let seenResponsePosts = 0;
  let sequence = 0;

  const changed = () => {
    for (const listener of [...listeners]) listener();
  };
  const localTs = () => (now() / 1000).toFixed(6);
  const addEphemeral = (e: Omit<LocalEphemeral, 'id' | 'ts'>) => {
    sequence += 1;
    ephemerals.push({ ...e, id: `local-${sequence}`, ts: localTs() });
    changed();
  };
  const remember = (responseUrl: unknown, where: { user: string; channel: string; threadTs?: string }) => {
    if (typeof responseUrl === 'string') origins.set(responseUrl.split('/').pop() ?? responseUrl, where);
  };
  const outcome = (delivery: SlackDelivery): Delivered =>
    delivery.status === 200
      ? { ok: true }
      : { ok: false, problem: `The app answered HTTP ${delivery.status}` };

  // What the bot POSTs to a response_url shows as an ephemeral to the person who acted.
  const stopWatching = fake.onChange(() => {
    while (seenResponsePosts < fake.responseUrlPosts.length) {
      const post = fake.responseUrlPosts[seenResponsePosts];
      seenResponsePosts += 1;
      const where = post === undefined ? undefined : origins.get(post.id);
      if (post === undefined || where === undefined) continue;
      const body = post.body;
      const previous = ephemerals.filter((e) => e.origin === post.id);
      if (body.delete_original === true || body.replace_original === true) {
        for (const e of previous) ephemerals.splice(ephemerals.indexOf(e), 1);
      }
      if (body.delete_original === true) changed();
      else addEphemeral({ ...where, ...messageOf(body), origin: post.id });
    }
  });

  return {
    ephemerals: ephemerals as readonly LocalEphemeral[],
    closedViews: closedViews as ReadonlySet<string>,
    viewErrors: viewErrors as ReadonlyMap<string, Record<string, string>>,

    /** Calls `listener` after every change the session makes itself. */
    onChange(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    /** A line typed in the composer that starts with `/`. */
    async command(user: string, channel: string, line: string): Promise<Delivered> {
      const command = line.trim().split(/\s+/, 1)[0] ?? '';
      const origin = `cmd-${randomBytes(4).toString('hex')}`;
      if (!commands.includes(command)) {
        addEphemeral({ user, channel, origin, text: `${command} is not a valid command.` });
        return { ok: true };
      }
      const delivery = await slack.sendSlashCommand({
        command,
        text: line.trim().slice(command.length).trim(),
        userId: user,
        channelId: channel,
      });
      remember(delivery.responseUrl, { user, channel });
      const id = delivery.responseUrl.split('/').pop() ?? origin;
      if (delivery.status !== 200) {
        addEphemeral({
          user,
          channel,
          origin: id,
          text: `${command} failed with the error "dispatch_failed"`,
        });
        return outcome(delivery);
      }
      if (delivery.json && (delivery.json.text !== undefined || delivery.json.blocks !== undefined)) {
        addEphemeral({ user, channel, origin: id, ...messageOf(delivery.json) });
      }
      return { ok: true };
    },

    /** A plain message typed in the composer; the bot hears it as a `message` event. */
    async message(user: string, channel: string, text: string, threadTs?: string): Promise<Delivered> {
      const posted = fake.postAsUser({ channel, user, text, threadTs });
      const event: SlackObject = {
        type: 'message',
        channel,
        channel_type: 'channel',
        user,
        text,
        ts: posted.ts,
        event_ts: posted.ts,
        ...(posted.thread_ts === undefined || posted.thread_ts === posted.ts
          ? {}
          : { thread_ts: posted.thread_ts }),
      };
      return outcome(await slack.sendEvent({ event }));
    },

    /** A file dropped into the channel or a thread: stored in the fake, shown, and announced as Slack does. */
    async shareFile(
      user: string,
      channel: string,
      file: { name: string; mimetype?: string; bytes: Buffer },
      threadTs?: string,
    ): Promise<Delivered> {
      const stored = fake.addFile(file.bytes, { name: file.name, mimetype: file.mimetype, user });
      const posted = fake.postAsUser({ channel, user, threadTs, files: [stored] });
      const event = fileShareMessageEvent({
        channelId: channel,
        userId: user,
        ts: posted.ts,
        threadTs: posted.thread_ts === posted.ts ? undefined : posted.thread_ts,
        files: [stored],
      });
      return outcome(await slack.sendEvent({ event }));
    },

    /** A file picked in a modal's file_input: Slack uploads it first and puts the file object in the state. */
    uploadForInput(user: string, file: { name: string; mimetype?: string; bytes: Buffer }): SlackObject {
      return fake.addFile(file.bytes, { name: file.name, mimetype: file.mimetype, user });
    },

    /** A click on a button, overflow option or select, on a message, the Home tab or a modal. */
    async action(
      user: string,
      surface: ActionSurface,
      action: PageAction,
      stateValues?: SlackObject,
    ): Promise<Delivered> {
      const extra: SlackObject = { ...action };
      if (surface.kind === 'message') {
        const delivery = await slack.sendBlockAction({
          actionId: action.action_id,
          blockId: action.block_id,
          value: action.value,
          action: extra,
          userId: user,
          channelId: surface.channel,
          messageTs: surface.messageTs,
        });
        const threadTs = fake.messages.find((m) => m.ts === surface.messageTs)?.thread_ts;
        remember(delivery.payload.response_url, { user, channel: surface.channel, threadTs });
        return outcome(delivery);
      }
      const view =
        surface.kind === 'home'
          ? fake.homeViews.get(user)?.view
          : (fake.views.get(surface.viewId)?.view ?? undefined);
      if (view === undefined) return { ok: false, problem: 'That view is gone.' };
      // The sender only knows modals, so a Home tab click is built from the same payload builder.
      const payload = blockActionsPayload(
        { teamId: fake.teamId, appId: fake.appId, userId: user },
        {
          actionId: action.action_id,
          blockId: action.block_id,
          value: action.value,
          action: extra,
          triggerId: fake.mintTriggerId(user),
          actionTs: localTs(),
          view,
          stateValues,
        },
      );
      const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
      return outcome(await slack.sendSigned(body, 'application/x-www-form-urlencoded'));
    },

    /** Submit on a modal: errors go back on the fields, anything else closes it. */
    async submit(
      user: string,
      viewId: string,
      values: SlackObject,
    ): Promise<Delivered & { errors?: object }> {
      const delivery = await slack.sendViewSubmission({ viewId, values, userId: user });
      if (delivery.status !== 200) {
        return { ok: false, problem: 'We had some trouble connecting. Try again?' };
      }
      const json = delivery.json ?? {};
      if (json.response_action === 'errors' && json.errors && typeof json.errors === 'object') {
        viewErrors.set(viewId, json.errors as Record<string, string>);
        changed();
        return { ok: true, errors: json.errors };
      }
      viewErrors.delete(viewId);
      closedViews.add(viewId);
      changed();
      return { ok: true };
    },

    /** Cancel or × on a modal; the bot hears about it only when the view asked (notify_on_close). */
    async close(user: string, viewId: string): Promise<Delivered> {
      const view = fake.views.get(viewId)?.view;
      closedViews.add(viewId);
      viewErrors.delete(viewId);
      changed();
      if (view?.notify_on_close === true)
        return outcome(await slack.sendViewClosed({ viewId, userId: user }));
      return { ok: true };
    },

    /** Opening the App Home tab. */
    async openHome(user: string): Promise<Delivered> {
      const event: SlackObject = {
        type: 'app_home_opened',
        user,
        channel: `D${user.slice(1)}`,
        tab: 'home',
        event_ts: localTs(),
        ...(fake.homeViews.get(user) ? { view: fake.homeViews.get(user)?.view } : {}),
      };
      return outcome(await slack.sendEvent({ event }));
    },

    /** Stops listening to the fake. */
    dispose(): void {
      stopWatching();
      listeners.clear();
    },
  };
}

function messageOf(body: SlackObject): { text?: string; blocks?: unknown[] } {
  return {
    ...(typeof body.text === 'string' ? { text: body.text } : {}),
    ...(Array.isArray(body.blocks) ? { blocks: body.blocks } : {}),
  };
}
