import { webApi } from '@slack/bolt';
import { request } from 'undici';
import { type FakeSlack, recordingLogger, startFakeSlack } from '../helpers/slack';

const CHANNEL = 'C0IMPORTS';
const PDF = Buffer.from('%PDF-1.7\nsigned letter of authorization\n%%EOF\n');

function clientFor(fake: FakeSlack, options: webApi.WebClientOptions = {}): webApi.WebClient {
  return new webApi.WebClient(fake.botToken, {
    slackApiUrl: fake.apiUrl,
    retryConfig: { retries: 0 },
    logger: recordingLogger(),
    ...options,
  });
}

async function rejection(
  call: Promise<unknown>,
): Promise<Error & { code?: string; data?: { error?: string } }> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error & { code?: string };
}

describe('startFakeSlack failure injection', () => {
  let fake: FakeSlack;

  beforeAll(async () => {
    fake = await startFakeSlack();
  });
  afterEach(() => fake.reset());
  afterAll(() => fake.close());

  it('answers 429 with Retry-After, then serves the next call normally', async () => {
    fake.failNext('chat.postMessage', { status: 429, retryAfter: 7 });
    const post = () =>
      request(`${fake.apiUrl}chat.postMessage`, {
        method: 'POST',
        headers: { authorization: `Bearer ${fake.botToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ channel: CHANNEL, text: 'hi' }),
      });

    const limited = await post();
    const next = await post();

    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('7');
    expect(await limited.body.json()).toEqual({ ok: false, error: 'ratelimited' });
    expect(next.statusCode).toBe(200);
    expect(await next.body.json()).toMatchObject({ ok: true, channel: CHANNEL });
    expect(fake.messages).toHaveLength(1);
    expect(fake.calls.map((c) => c.status)).toEqual([429, 200]);
  });

  it('lets a WebClient with rejectRateLimitedCalls see the Retry-After at once', async () => {
    fake.failNext('chat.postMessage', { status: 429, retryAfter: 7 });

    const error = await rejection(
      clientFor(fake, { rejectRateLimitedCalls: true }).chat.postMessage({ channel: CHANNEL, text: 'x' }),
    );

    expect(error).toMatchObject({ code: webApi.ErrorCode.RateLimitedError, retryAfter: 7 });
    expect(fake.calls).toHaveLength(1);
  });

  it('is retried by the WebClient on 429 only as far as its retryConfig allows', async () => {
    fake.failNext('chat.postMessage', { status: 429, retryAfter: 0 }, 2);
    const client = clientFor(fake, { retryConfig: { retries: 2, minTimeout: 0, maxTimeout: 1 } });

    const posted = await client.chat.postMessage({ channel: CHANNEL, text: 'third time' });

    expect(posted.ok).toBe(true);
    expect(fake.callsTo('chat.postMessage').map((c) => c.status)).toEqual([429, 429, 200]);
  });

  it('answers a queued 500 with an HTTP error, which the WebClient also retries', async () => {
    fake.failNext('views.publish', { status: 500 }, 2);
    const client = clientFor(fake, { retryConfig: { retries: 1, minTimeout: 0, maxTimeout: 1 } });

    const error = await rejection(
      client.views.publish({ user_id: 'U0ALICE', view: { type: 'home', blocks: [] } }),
    );

    expect(error).toMatchObject({ code: webApi.ErrorCode.HTTPError, statusCode: 500 });
    expect(fake.callsTo('views.publish')).toHaveLength(2);
  });

  it('answers a queued Slack error with ok:false, which is not retried', async () => {
    fake.failNext('chat.postMessage', { error: 'channel_not_found' });
    const client = clientFor(fake, { retryConfig: { retries: 3, minTimeout: 0, maxTimeout: 1 } });

    const error = await rejection(client.chat.postMessage({ channel: CHANNEL, text: 'x' }));

    expect(error).toMatchObject({
      code: webApi.ErrorCode.PlatformError,
      data: { ok: false, error: 'channel_not_found' },
    });
    expect(fake.calls).toHaveLength(1);
  });

  it('starts with failures queued through its options', async () => {
    const other = await startFakeSlack({
      failures: [{ method: 'auth.test', failure: { error: 'account_inactive' } }],
    });
    try {
      const error = await rejection(clientFor(other).auth.test());
      expect(error.data?.error).toBe('account_inactive');
    } finally {
      await other.close();
    }
  });
});

describe('startFakeSlack files', () => {
  let fake: FakeSlack;
  let client: webApi.WebClient;

  beforeAll(async () => {
    fake = await startFakeSlack();
    client = clientFor(fake);
  });
  afterEach(() => fake.reset());
  afterAll(() => fake.close());

  it('describes an added file like Slack, with private URLs on the fake', async () => {
    const file = fake.addFile(PDF, { name: 'LOA signed.pdf', user: 'U0ALICE' });

    const info = await client.files.info({ file: file.id as string });

    expect(info.file).toMatchObject({
      id: file.id,
      name: 'LOA signed.pdf',
      mimetype: 'application/pdf',
      filetype: 'pdf',
      size: PDF.length,
      user: 'U0ALICE',
    });
    expect(info.file?.url_private_download).toBe(
      `${fake.url}/files-pri/${fake.teamId}-${file.id}/download/LOA%20signed.pdf`,
    );
    expect(await webApiError(client.files.info({ file: 'F0NOPE' }))).toBe('file_not_found');
  });

  it('serves url_private_download only with the bot token, and a 200 sign-in page otherwise', async () => {
    const file = fake.addFile(PDF, { name: 'loa.pdf' });
    const url = file.url_private_download as string;

    const withToken = await request(url, { headers: { authorization: `Bearer ${fake.botToken}` } });
    const withoutToken = await request(url);
    const wrongToken = await request(url, { headers: { authorization: 'Bearer xoxb-other' } });

    expect(withToken.statusCode).toBe(200);
    expect(withToken.headers['content-type']).toBe('application/pdf');
    expect(Buffer.from(await withToken.body.arrayBuffer())).toEqual(PDF);
    for (const refused of [withoutToken, wrongToken]) {
      expect(refused.statusCode).toBe(200);
      expect(refused.headers['content-type']).toMatch(/^text\/html/);
      expect(await refused.body.text()).toContain('Sign in');
    }
    expect(fake.fileDownloads.map((d) => d.authorized)).toEqual([true, false, false]);
  });

  it('takes a files.uploadV2 upload into a thread and shares it there', async () => {
    const parent = await client.chat.postMessage({ channel: CHANNEL, text: 'card' });

    const uploaded = await client.filesUploadV2({
      channel_id: CHANNEL,
      thread_ts: parent.ts!,
      file: PDF,
      filename: 'order-summary.pdf',
      title: 'Order summary',
      initial_comment: 'Summary attached',
    });

    expect(uploaded.ok).toBe(true);
    expect(fake.callsTo('files.getUploadURLExternal')[0]?.args).toMatchObject({
      filename: 'order-summary.pdf',
      length: String(PDF.length),
    });
    const [upload] = fake.uploadedFiles;
    expect(upload?.bytes).toEqual(PDF);
    expect(upload).toMatchObject({
      channelId: CHANNEL,
      threadTs: parent.ts,
      initialComment: 'Summary attached',
    });
    expect(upload?.file).toMatchObject({ title: 'Order summary', channels: [CHANNEL] });
    const reply = fake.thread(CHANNEL, parent.ts!)[1];
    expect(reply).toMatchObject({
      text: 'Summary attached',
      files: [expect.objectContaining({ id: upload?.file.id })],
    });
  });

  it('refuses to complete an upload whose bytes never arrived', async () => {
    const started = await client.files.getUploadURLExternal({ filename: 'a.pdf', length: 10 });

    const error = await webApiError(
      client.files.completeUploadExternal({ files: [{ id: started.file_id! }] }),
    );

    expect(error).toBe('file_not_found');
    expect(fake.uploadedFiles).toHaveLength(0);
  });
});

async function webApiError(call: Promise<unknown>): Promise<string | undefined> {
  return (await rejection(call)).data?.error;
}
