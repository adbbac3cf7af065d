import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App } from '@slack/bolt';
import { request } from 'undici';
import {
  createSlackSender,
  type FakeSlack,
  plainTextValues,
  recordingLogger,
  type SlackSender,
  startFakeSlack,
} from '../helpers/slack';

const SIGNING_SECRET = 'sandbox-signing-secret';
const CHANNEL = 'C0IMPORTS';
const WEBHOOK_AUTH = `Basic ${Buffer.from('bandwidth:hook-secret').toString('base64')}`;

/** Reads a custom route's body: Bolt hands custom routes the untouched Node request stream. */
async function rawBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

describe('a bare Bolt App against the fake Slack', () => {
  let fake: FakeSlack;
  let app: App;
  let slack: SlackSender;
  let baseUrl: string;
  const logger = recordingLogger();
  const handled: string[] = [];
  const webhooks: Array<{ body: string; contentType: string | undefined }> = [];

  beforeAll(async () => {
    fake = await startFakeSlack();
    app = new App({
      token: fake.botToken,
      signingSecret: SIGNING_SECRET,
      logger,
      // No retries: a failing call should fail the test now, not after Bolt's 30-minute policy.
      clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
      customRoutes: [
        {
          path: '/bandwidth/webhooks',
          method: ['POST'],
          handler: async (req, res) => {
            if (req.headers.authorization !== WEBHOOK_AUTH) {
              res.writeHead(401, { 'www-authenticate': 'Basic realm="webhooks"' }).end();
              return;
            }
            webhooks.push({ body: await rawBody(req), contentType: req.headers['content-type'] });
            res.writeHead(200).end();
          },
        },
      ],
    });

    app.command('/hosted', async ({ ack, body, client }) => {
      handled.push('command');
      await ack();
      await client.views.open({
        trigger_id: body.trigger_id,
        view: {
          type: 'modal',
          callback_id: 'import_request',
          private_metadata: JSON.stringify({ channel: body.channel_id }),
          title: { type: 'plain_text', text: 'Import numbers' },
          submit: { type: 'plain_text', text: 'Check' },
          blocks: [
            {
              type: 'input',
              block_id: 'numbers',
              label: { type: 'plain_text', text: 'Numbers' },
              element: { type: 'plain_text_input', action_id: 'numbers_input', multiline: true },
            },
          ],
        },
      });
    });

    app.view('import_request', async ({ ack, view, client }) => {
      handled.push('view_submission');
      const numbers = view.state.values.numbers?.numbers_input?.value ?? '';
      if (!/^\+1\d{10}$/.test(numbers.trim())) {
        await ack({ response_action: 'errors', errors: { numbers: 'Enter numbers like +19195551234.' } });
        return;
      }
      await ack();
      const { channel } = JSON.parse(view.private_metadata) as { channel: string };
      const card = await client.chat.postMessage({
        channel,
        text: `Import request for ${numbers}`,
        blocks: [
          { type: 'section', text: { type: 'mrkdwn', text: `*Import request* ${numbers}` } },
          {
            type: 'actions',
            block_id: 'decision',
            elements: [
              {
                type: 'button',
                action_id: 'approve',
                text: { type: 'plain_text', text: 'Approve' },
                value: 'REQ-1',
              },
            ],
          },
        ],
      });
      await client.chat.postMessage({ channel, thread_ts: card.ts, text: 'Checking importability…' });
    });

    app.action('approve', async ({ ack, body, client }) => {
      handled.push('block_action');
      await ack();
      if (body.type !== 'block_actions' || body.message === undefined || body.channel === undefined) return;
      await client.chat.update({
        channel: body.channel.id,
        ts: body.message.ts,
        text: 'Approved',
        blocks: [],
      });
    });

    app.event('app_mention', async ({ event, context }) => {
      handled.push(`app_mention:${event.text}:retry=${context.retryNum ?? 0}`);
    });

    // Port 0 picks a free port; App#start returns the node http.Server, whose address has it.
    const server = await app.start({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    slack = createSlackSender({
      url: `${baseUrl}/slack/events`,
      signingSecret: SIGNING_SECRET,
      fake,
      channelId: CHANNEL,
    });
  });

  afterAll(async () => {
    await app.stop();
    await fake.close();
  });

  it('acks a signed slash command and opens the modal with the trigger_id it was given', async () => {
    const sent = await slack.sendSlashCommand({ command: '/hosted', text: '' });

    expect(sent.status).toBe(200);
    expect(sent.text).toBe('');
    const open = await fake.waitFor(() => fake.callsTo('views.open')[0]);
    expect(open.response.ok).toBe(true);
    expect(open.token).toBe(fake.botToken);
    const [view] = [...fake.views.values()];
    expect(view?.triggerId).toBe(sent.triggerId);
    expect(view?.view.callback_id).toBe('import_request');
  });

  it('returns field errors from a view_submission in the response body', async () => {
    const sent = await slack.sendViewSubmission({
      values: plainTextValues({ numbers: { numbers_input: 'hello' } }),
    });

    expect(sent.status).toBe(200);
    expect(sent.json).toEqual({
      response_action: 'errors',
      errors: { numbers: 'Enter numbers like +19195551234.' },
    });
    expect(fake.messages).toHaveLength(0);
  });

  it('posts a card and a thread reply that land in the fake channel', async () => {
    const sent = await slack.sendViewSubmission({
      values: plainTextValues({ numbers: { numbers_input: '+19195551234' } }),
    });

    expect(sent.status).toBe(200);
    expect(sent.text).toBe('');
    const reply = await fake.waitFor(() =>
      fake.messages.find((m) => m.thread_ts !== undefined && m.thread_ts !== m.ts),
    );
    const [card] = fake.channelMessages(CHANNEL);
    expect(card?.text).toBe('Import request for +19195551234');
    expect(reply.thread_ts).toBe(card?.ts);
    expect(fake.thread(CHANNEL, card!.ts).map((m) => m.text)).toEqual([
      'Import request for +19195551234',
      'Checking importability…',
    ]);
  });

  it('delivers a button click on the card and applies the chat.update', async () => {
    const [card] = fake.channelMessages(CHANNEL);

    const sent = await slack.sendBlockAction({
      actionId: 'approve',
      blockId: 'decision',
      value: 'REQ-1',
      messageTs: card!.ts,
    });

    expect(sent.status).toBe(200);
    await fake.waitFor(() => card!.updates.length > 0);
    expect(card?.text).toBe('Approved');
    expect(card?.blocks).toEqual([]);
  });

  it('passes Events API retries through to the listener context', async () => {
    const sent = await slack.sendEvent({
      event: { type: 'app_mention', user: 'U0SANDBOXUSER', text: 'status', ts: '1.000001', channel: CHANNEL },
      retryNum: 1,
      retryReason: 'http_timeout',
    });

    expect(sent.status).toBe(200);
    expect(handled).toContain('app_mention:status:retry=1');
  });

  it('answers url_verification with the challenge', async () => {
    const sent = await slack.sendUrlVerification('abc123');

    expect(sent.status).toBe(200);
    expect(sent.json).toEqual({ challenge: 'abc123' });
  });

  it.each([
    'bad-signature',
    'stale-timestamp',
    'missing-signature',
    'missing-timestamp',
    'tampered-body',
  ] as const)('rejects a request with %s with 401 and runs no listener', async (kind) => {
    const before = { handled: handled.length, calls: fake.calls.length };

    const sent = await slack.sendForged(kind);

    expect(sent.status).toBe(401);
    expect(handled).toHaveLength(before.handled);
    expect(fake.calls).toHaveLength(before.calls);
  });

  it('accepts a correctly signed request stamped in the future (Bolt only checks staleness)', async () => {
    // A form-encoded url_verification: Bolt answers it right after the signature check.
    const sent = await slack.sendForged('future-timestamp', 'type=url_verification&challenge=later');

    // A finding worth knowing: Bolt 5.1's verifySlackRequest rejects old timestamps only.
    expect(sent.status).toBe(200);
    expect(sent.json).toEqual({ challenge: 'later' });
  });

  it('serves a custom route on the same server with the raw body and Basic auth', async () => {
    const xml = '<?xml version="1.0"?><Notification><Status>COMPLETE</Status></Notification>';
    const post = (authorization?: string) =>
      request(`${baseUrl}/bandwidth/webhooks`, {
        method: 'POST',
        headers: { 'content-type': 'application/xml', ...(authorization ? { authorization } : {}) },
        body: xml,
      });

    const refused = await post();
    const accepted = await post(WEBHOOK_AUTH);
    await refused.body.dump();
    await accepted.body.dump();

    expect(refused.statusCode).toBe(401);
    expect(accepted.statusCode).toBe(200);
    expect(webhooks).toEqual([{ body: xml, contentType: 'application/xml' }]);
  });
});
