import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySlackRequest } from '@slack/bolt';
import {
  createSlackSender,
  type FakeSlack,
  fileShareMessageEvent,
  plainTextValues,
  SANDBOX_IDS,
  signSlackRequest,
  startFakeSlack,
} from '../helpers/slack';

const SECRET = 'sandbox-signing-secret';
const NOW = 1_750_000_000_000;

interface Captured {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A stand-in for the bot: records each request and answers with a fixed body. */
async function startRecorder(answer: string): Promise<{ url: string; seen: Captured[]; server: Server }> {
  const seen: Captured[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    seen.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
    res.writeHead(200, { 'content-type': 'application/json' }).end(answer);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`, seen, server };
}

/** Runs Bolt's own check on a captured request, at the sender's clock. */
function verify(captured: Captured, nowMs = NOW): void {
  verifySlackRequest({
    signingSecret: SECRET,
    body: captured.body,
    headers: {
      'x-slack-signature': String(captured.headers['x-slack-signature']),
      'x-slack-request-timestamp': Number(captured.headers['x-slack-request-timestamp']),
    },
    nowMilliseconds: nowMs,
  });
}

function payloadOf(captured: Captured): Record<string, unknown> {
  return JSON.parse(new URLSearchParams(captured.body).get('payload') ?? 'null') as Record<string, unknown>;
}

describe('signSlackRequest', () => {
  it("matches Slack's documented example signature", () => {
    // The worked example from Slack's "Verifying requests from Slack" guide.
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';

    expect(signSlackRequest('8f742231b10e8888abcd99yyyzzz85a5', 1531420618, body)).toBe(
      'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
    );
  });
});

describe('createSlackSender', () => {
  let fake: FakeSlack;
  let recorder: Awaited<ReturnType<typeof startRecorder>>;

  beforeAll(async () => {
    fake = await startFakeSlack({ now: () => NOW });
    recorder = await startRecorder('{"response_action":"clear"}');
  });
  afterEach(() => {
    fake.reset();
    recorder.seen.length = 0;
  });
  afterAll(async () => {
    await fake.close();
    await new Promise((resolve) => recorder.server.close(resolve));
  });

  const sender = () => createSlackSender({ url: recorder.url, signingSecret: SECRET, fake, now: () => NOW });

  it('sends a slash command form that Bolt verifies, minting the trigger in the fake', async () => {
    const sent = await sender().sendSlashCommand({
      command: '/hosted',
      text: 'check +19195551234',
      userId: 'U0ALICE',
    });

    const [captured] = recorder.seen;
    expect(() => verify(captured!)).not.toThrow();
    expect(captured?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(captured?.headers['x-slack-request-timestamp']).toBe(String(NOW / 1000));
    expect(Object.fromEntries(new URLSearchParams(captured!.body))).toMatchObject({
      command: '/hosted',
      text: 'check +19195551234',
      user_id: 'U0ALICE',
      channel_id: SANDBOX_IDS.channelId,
      trigger_id: sent.triggerId,
      response_url: sent.responseUrl,
    });
    expect(sent.responseUrl.startsWith(fake.url)).toBe(true);
    expect(sent).toMatchObject({ status: 200, json: { response_action: 'clear' } });
    expect(sent.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('fills a block action with the clicked message as the fake holds it', async () => {
    fake.messages.push({
      channel: 'C0IMPORTS',
      ts: '1750000000.000100',
      text: 'card',
      blocks: [{ type: 'divider' }],
      reply_broadcast: false,
      user: fake.botUserId,
      bot_id: fake.botId,
      reactions: [],
      updates: [],
      extra: {},
    });

    const sent = await sender().sendBlockAction({
      actionId: 'approve',
      blockId: 'decision',
      value: 'REQ-1',
      messageTs: '1750000000.000100',
    });

    const payload = payloadOf(recorder.seen[0]!);
    expect(() => verify(recorder.seen[0]!)).not.toThrow();
    expect(payload).toMatchObject({
      type: 'block_actions',
      trigger_id: sent.triggerId,
      container: { type: 'message', message_ts: '1750000000.000100', channel_id: 'C0IMPORTS' },
      channel: { id: 'C0IMPORTS' },
      message: { ts: '1750000000.000100', text: 'card', blocks: [{ type: 'divider' }] },
      actions: [{ type: 'button', action_id: 'approve', block_id: 'decision', value: 'REQ-1' }],
    });
  });

  it('submits the modal the fake opened most recently, with the given input', async () => {
    const triggerId = fake.mintTriggerId();
    await fetch(`${fake.apiUrl}views.open`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fake.botToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        trigger_id: triggerId,
        view: {
          type: 'modal',
          callback_id: 'import_request',
          private_metadata: '{"c":1}',
          title: { type: 'plain_text', text: 'Import' },
        },
      }),
    });
    const [opened] = [...fake.views.values()];

    await sender().sendViewSubmission({
      values: plainTextValues({ numbers: { numbers_input: '+19195551234' } }),
    });

    expect(payloadOf(recorder.seen[0]!)).toMatchObject({
      type: 'view_submission',
      view: {
        id: opened?.id,
        callback_id: 'import_request',
        private_metadata: '{"c":1}',
        state: {
          values: { numbers: { numbers_input: { type: 'plain_text_input', value: '+19195551234' } } },
        },
      },
    });
  });

  it('sends events as JSON with the retry headers Slack adds', async () => {
    const file = fake.addFile('pdf bytes', { name: 'loa.pdf' });
    const event = fileShareMessageEvent({
      channelId: 'C0IMPORTS',
      userId: 'U0ALICE',
      ts: '2.000001',
      threadTs: '1.000001',
      files: [file],
    });

    const sent = await sender().sendEvent({
      event,
      eventId: 'Ev0001',
      retryNum: 2,
      retryReason: 'http_timeout',
    });

    const [captured] = recorder.seen;
    expect(() => verify(captured!)).not.toThrow();
    expect(captured?.headers).toMatchObject({
      'content-type': 'application/json',
      'x-slack-retry-num': '2',
      'x-slack-retry-reason': 'http_timeout',
    });
    expect(JSON.parse(captured!.body)).toMatchObject({
      type: 'event_callback',
      event_id: 'Ev0001',
      event: { subtype: 'file_share', files: [{ id: file.id }] },
      authorizations: [{ user_id: fake.botUserId, is_bot: true }],
    });
    expect(sent.eventId).toBe('Ev0001');
  });

  it.each([
    ['bad-signature', /signature mismatch/],
    ['tampered-body', /signature mismatch/],
    ['stale-timestamp', /stale/],
  ] as const)('forges a request with %s that Bolt refuses', async (kind, reason) => {
    await sender().sendForged(kind);

    expect(() => verify(recorder.seen[0]!)).toThrow(reason);
  });

  it('forges requests without the signature headers', async () => {
    await sender().sendForged('missing-signature');
    await sender().sendForged('missing-timestamp');

    expect(recorder.seen[0]?.headers['x-slack-signature']).toBeUndefined();
    expect(recorder.seen[1]?.headers['x-slack-request-timestamp']).toBeUndefined();
  });

  it('records every delivery', async () => {
    const slack = sender();
    await slack.sendUrlVerification('c1');
    await slack.sendSigned('{}', 'application/json');

    expect(slack.deliveries.map((d) => d.request.body)).toEqual([
      JSON.stringify({ token: 'sandbox-verification-token', challenge: 'c1', type: 'url_verification' }),
      '{}',
    ]);
  });
});
