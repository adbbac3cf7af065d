import { webApi } from '@slack/bolt';
import { request } from 'undici';
import { type FakeSlack, recordingLogger, startFakeSlack } from '../helpers/slack';

const CHANNEL = 'C0IMPORTS';

function clientFor(fake: FakeSlack, token = fake.botToken): webApi.WebClient {
  return new webApi.WebClient(token, {
    slackApiUrl: fake.apiUrl,
    retryConfig: { retries: 0 },
    logger: recordingLogger(),
  });
}

/** The error code of a rejected Web API call. */
async function slackError(call: Promise<unknown>): Promise<string | undefined> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  return (error as { data?: { error?: string } }).data?.error;
}

describe('startFakeSlack', () => {
  let fake: FakeSlack;
  let client: webApi.WebClient;
  let clock: number;

  beforeAll(async () => {
    clock = 1_750_000_000_000;
    fake = await startFakeSlack({
      now: () => clock,
      users: [{ id: 'U0ALICE', name: 'alice', realName: 'Alice Approver', email: 'alice@example.com' }],
      usergroups: { S0APPROVERS: ['U0ALICE', 'U0BOB'] },
      channels: [
        { id: CHANNEL, name: 'imports' },
        { id: 'C0ELSEWHERE', name: 'elsewhere', isMember: false },
      ],
    });
    client = clientFor(fake);
  });

  afterEach(() => fake.reset());
  afterAll(() => fake.close());

  it('listens on 127.0.0.1 and gives the API base URL the WebClient needs', () => {
    expect(fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(fake.apiUrl).toBe(`${fake.url}/api/`);
  });

  describe('authentication', () => {
    it('answers not_authed to a call without a token and records it', async () => {
      const res = await request(`${fake.apiUrl}chat.postMessage`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `channel=${CHANNEL}&text=hi`,
      });

      expect(res.statusCode).toBe(200);
      expect(await res.body.json()).toEqual({ ok: false, error: 'not_authed' });
      expect(fake.calls[0]).toMatchObject({
        method: 'chat.postMessage',
        token: undefined,
        args: { text: 'hi' },
      });
      expect(fake.messages).toHaveLength(0);
    });

    it('answers invalid_auth to a token that is not the bot token', async () => {
      expect(await slackError(clientFor(fake, 'xoxb-someone-else').auth.test())).toBe('invalid_auth');
    });

    it('accepts the token as a form argument and keeps it out of the recorded args', async () => {
      const res = await request(`${fake.apiUrl}auth.test`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `token=${fake.botToken}`,
      });

      expect(await res.body.json()).toMatchObject({
        ok: true,
        user_id: fake.botUserId,
        team_id: fake.teamId,
      });
      expect(fake.calls[0]).toMatchObject({ token: fake.botToken, args: {} });
    });

    it('answers unknown_method for methods it does not implement, so tests notice', async () => {
      expect(await slackError(client.apiCall('chat.scheduleMessage', { channel: CHANNEL }))).toBe(
        'unknown_method',
      );
      expect(fake.callsTo('chat.scheduleMessage')).toHaveLength(1);
    });
  });

  describe('messages', () => {
    it('posts a message and answers with ts, channel and the message', async () => {
      const posted = await client.chat.postMessage({
        channel: CHANNEL,
        text: 'hello',
        blocks: [{ type: 'divider' }],
      });

      expect(posted).toMatchObject({
        ok: true,
        channel: CHANNEL,
        message: { text: 'hello', bot_id: fake.botId },
      });
      expect(posted.ts).toMatch(/^\d{10}\.\d{6}$/);
      expect(fake.messages[0]).toMatchObject({
        channel: CHANNEL,
        ts: posted.ts,
        blocks: [{ type: 'divider' }],
      });
      expect(fake.calls[0]?.args.blocks).toEqual([{ type: 'divider' }]);
    });

    it('threads replies under the parent, even when a reply is given as thread_ts', async () => {
      const parent = await client.chat.postMessage({ channel: CHANNEL, text: 'card' });
      const first = await client.chat.postMessage({ channel: CHANNEL, thread_ts: parent.ts, text: 'one' });
      await client.chat.postMessage({
        channel: CHANNEL,
        thread_ts: first.ts!,
        text: 'two',
        reply_broadcast: true,
      });

      const replies = await client.conversations.replies({ channel: CHANNEL, ts: parent.ts! });

      expect(replies.messages?.map((m) => m.text)).toEqual(['card', 'one', 'two']);
      expect(replies.messages?.[0]).toMatchObject({ reply_count: 2, thread_ts: parent.ts });
      expect(fake.thread(CHANNEL, parent.ts!).every((m) => m.thread_ts === parent.ts)).toBe(true);
      expect(fake.channelMessages(CHANNEL).map((m) => m.text)).toEqual(['card', 'two']);
    });

    it('applies chat.update and keeps the history of edits', async () => {
      const { ts } = await client.chat.postMessage({ channel: CHANNEL, text: 'Checking…' });

      const updated = await client.chat.update({ channel: CHANNEL, ts: ts!, text: 'Ready for approval' });

      expect(updated).toMatchObject({ ok: true, ts, text: 'Ready for approval' });
      expect(fake.messages[0]).toMatchObject({
        text: 'Ready for approval',
        updates: [{ text: 'Ready for approval' }],
      });
      expect(await slackError(client.chat.update({ channel: CHANNEL, ts: '1.000000', text: 'x' }))).toBe(
        'message_not_found',
      );
    });

    it('keeps ephemeral messages out of the channel', async () => {
      const sent = await client.chat.postEphemeral({ channel: CHANNEL, user: 'U0ALICE', text: 'only you' });

      expect(sent.message_ts).toBeDefined();
      expect(fake.ephemerals).toEqual([
        expect.objectContaining({
          channel: CHANNEL,
          user: 'U0ALICE',
          text: 'only you',
          message_ts: sent.message_ts,
        }),
      ]);
      expect(fake.messages).toHaveLength(0);
    });

    it('links to messages with a permalink on the fake', async () => {
      const { ts } = await client.chat.postMessage({ channel: CHANNEL, text: 'card' });

      const link = await client.chat.getPermalink({ channel: CHANNEL, message_ts: ts! });

      expect(link.permalink).toBe(`${fake.url}/archives/${CHANNEL}/p${ts!.replace('.', '')}`);
    });

    it('adds a reaction once', async () => {
      const { ts } = await client.chat.postMessage({ channel: CHANNEL, text: 'done' });

      await client.reactions.add({ channel: CHANNEL, timestamp: ts!, name: 'white_check_mark' });

      expect(fake.messages[0]?.reactions).toEqual([
        { name: 'white_check_mark', users: [fake.botUserId], count: 1 },
      ]);
      expect(
        await slackError(
          client.reactions.add({ channel: CHANNEL, timestamp: ts!, name: 'white_check_mark' }),
        ),
      ).toBe('already_reacted');
    });

    it.each([
      ['a channel the bot is not in', { channel: 'C0ELSEWHERE', text: 'hi' }, 'not_in_channel'],
      ['a malformed channel', { channel: 'imports', text: 'hi' }, 'channel_not_found'],
      ['no text or blocks', { channel: CHANNEL }, 'no_text'],
      [
        'more than 50 blocks',
        { channel: CHANNEL, blocks: Array(51).fill({ type: 'divider' }) },
        'invalid_blocks',
      ],
      [
        'a section over 3000 characters',
        { channel: CHANNEL, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } }] },
        'invalid_blocks',
      ],
    ])('refuses a message to %s', async (_case, args, error) => {
      expect(await slackError(client.chat.postMessage(args as webApi.ChatPostMessageArguments))).toBe(error);
      expect(fake.messages).toHaveLength(0);
    });

    it('says which block broke a limit, as Slack does', async () => {
      const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } }];

      await client.chat.postMessage({ channel: CHANNEL, blocks }).catch(() => undefined);

      expect(fake.calls[0]?.response).toEqual({
        ok: false,
        error: 'invalid_blocks',
        response_metadata: {
          messages: ['[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]'],
        },
      });
    });
  });

  describe('views', () => {
    const modal = {
      type: 'modal' as const,
      callback_id: 'import_request',
      title: { type: 'plain_text' as const, text: 'Import numbers' },
      blocks: [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: 'Checking…' } }],
    };

    it('opens a modal with a fresh trigger_id and records which trigger opened it', async () => {
      const triggerId = fake.mintTriggerId('U0ALICE');
      clock += 2_999;

      const opened = await client.views.open({ trigger_id: triggerId, view: modal });

      expect(opened.view).toMatchObject({
        type: 'modal',
        callback_id: 'import_request',
        root_view_id: opened.view?.id,
      });
      expect(fake.views.get(opened.view!.id!)).toMatchObject({
        triggerId,
        userId: 'U0ALICE',
        openedWith: 'views.open',
      });
    });

    it('refuses a trigger_id older than 3 seconds with expired_trigger_id', async () => {
      const triggerId = fake.mintTriggerId('U0ALICE');
      clock += 3_001;

      expect(await slackError(client.views.open({ trigger_id: triggerId, view: modal }))).toBe(
        'expired_trigger_id',
      );
      expect(fake.views.size).toBe(0);
    });

    it('refuses a trigger_id used twice, and one it never issued', async () => {
      const triggerId = fake.mintTriggerId();
      await client.views.open({ trigger_id: triggerId, view: modal });

      expect(await slackError(client.views.open({ trigger_id: triggerId, view: modal }))).toBe(
        'exchanged_trigger_id',
      );
      expect(await slackError(client.views.open({ trigger_id: '1.2.abc', view: modal }))).toBe(
        'invalid_arguments',
      );
    });

    it('refuses a modal whose title is over 24 characters', async () => {
      const view = {
        ...modal,
        title: { type: 'plain_text' as const, text: 'Import hosted messaging numbers' },
      };

      expect(await slackError(client.views.open({ trigger_id: fake.mintTriggerId(), view }))).toBe(
        'invalid_arguments',
      );
      expect(fake.calls[0]?.response.response_metadata).toEqual({
        messages: ['[ERROR] must be less than 25 characters [json-pointer:/view/title/text]'],
      });
    });

    it('updates a view by id or external_id and enforces the hash when given', async () => {
      const opened = await client.views.open({
        trigger_id: fake.mintTriggerId(),
        view: { ...modal, external_id: 'REQ-1' },
      });
      const id = opened.view!.id!;

      const byId = await client.views.update({
        view_id: id,
        hash: opened.view!.hash,
        view: { ...modal, callback_id: 'a' },
      });
      await client.views.update({ external_id: 'REQ-1', view: { ...modal, callback_id: 'b' } });

      expect(byId.view?.id).toBe(id);
      expect(fake.views.get(id)?.view).toMatchObject({ callback_id: 'b', external_id: 'REQ-1' });
      expect(fake.views.get(id)?.history).toHaveLength(2);
      expect(
        await slackError(client.views.update({ view_id: id, hash: opened.view!.hash, view: modal })),
      ).toBe('hash_conflict');
      expect(await slackError(client.views.update({ view_id: 'V0NOPE', view: modal }))).toBe('not_found');
    });

    it('pushes a view onto the stack of the modal the user has open', async () => {
      const root = await client.views.open({ trigger_id: fake.mintTriggerId('U0ALICE'), view: modal });

      const pushed = await client.views.push({ trigger_id: fake.mintTriggerId('U0ALICE'), view: modal });

      expect(pushed.view).toMatchObject({ previous_view_id: root.view?.id, root_view_id: root.view?.id });
    });

    it('publishes a Home tab per user', async () => {
      const home = { type: 'home' as const, blocks: [{ type: 'divider' as const }] };

      await client.views.publish({ user_id: 'U0ALICE', view: home });
      await client.views.publish({ user_id: 'U0ALICE', view: home });

      expect(fake.homeViews.get('U0ALICE')).toMatchObject({
        openedWith: 'views.publish',
        history: [expect.any(Object)],
      });
    });
  });

  describe('directory', () => {
    it('knows the configured users and the bot, and no one else', async () => {
      const alice = await client.users.info({ user: 'U0ALICE' });

      expect(alice.user).toMatchObject({
        id: 'U0ALICE',
        real_name: 'Alice Approver',
        profile: { email: 'alice@example.com' },
      });
      expect((await client.users.info({ user: fake.botUserId })).user?.is_bot).toBe(true);
      expect(await slackError(client.users.info({ user: 'U0NOBODY' }))).toBe('user_not_found');
    });

    it('lists user group members', async () => {
      const group = await client.usergroups.users.list({ usergroup: 'S0APPROVERS' });

      expect(group.users).toEqual(['U0ALICE', 'U0BOB']);
      expect(await slackError(client.usergroups.users.list({ usergroup: 'S0NOPE' }))).toBe('no_such_subteam');
    });

    it('describes channels, listed or not', async () => {
      expect((await client.conversations.info({ channel: CHANNEL })).channel).toMatchObject({
        name: 'imports',
        is_member: true,
      });
      expect((await client.conversations.info({ channel: 'C0ELSEWHERE' })).channel?.is_member).toBe(false);
      expect((await client.conversations.info({ channel: 'C0UNLISTED' })).channel?.is_channel).toBe(true);
    });
  });

  describe('waitFor and reset', () => {
    it('resolves with the first truthy value once a matching call arrives', async () => {
      const waiting = fake.waitFor(() => fake.callsTo('chat.postMessage')[0]);

      await client.chat.postMessage({ channel: CHANNEL, text: 'later' });

      expect((await waiting).args.text).toBe('later');
    });

    it('rejects after the timeout and lists the calls it saw', async () => {
      await client.auth.test();

      await expect(fake.waitFor(() => fake.callsTo('views.open')[0], 50)).rejects.toThrow(
        /within 50 ms; calls: auth\.test/,
      );
    });

    it('clears state in place, so references held by tests stay live', async () => {
      const { messages } = fake;
      await client.chat.postMessage({ channel: CHANNEL, text: 'x' });

      fake.reset();

      expect(messages).toHaveLength(0);
      expect(fake.calls).toHaveLength(0);
      expect(fake.messages).toBe(messages);
    });
  });

  it('records what the bot POSTs to a response_url it minted', async () => {
    const responseUrl = fake.mintResponseUrl();

    const res = await request(responseUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ response_type: 'ephemeral', text: 'Working on it' }),
    });
    await res.body.dump();

    expect(res.statusCode).toBe(200);
    expect(fake.responseUrlPosts).toEqual([
      expect.objectContaining({ body: { response_type: 'ephemeral', text: 'Working on it' } }),
    ]);
  });
});
