/**
 * The sandbox page's server without a browser: what the page's scripts call, and what reaches the
 * bot. Runs everywhere (the browser test needs Chromium).
 */
import { request } from 'undici';
import { type PageState, SANDBOX_CHANNEL, type Sandbox, startSandbox } from '../../src/sandbox/web';
import { ids } from '../../src/views/ids';
import { importFormValues } from '../helpers/bot-harness';

const RILEY = 'U0RILEY';
const AVERY = 'U0AVERY';
const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

describe('the sandbox page server', () => {
  let sandbox: Sandbox;
  let base: string;

  beforeEach(async () => {
    sandbox = await startSandbox({ port: 0, schedule: null, logLevel: 'silent' });
    base = sandbox.pageUrl.replace('/sandbox', '').replace('localhost', '127.0.0.1');
  });
  afterEach(async () => {
    await sandbox.close();
  });

  async function post(path: string, user: string, body: unknown, query: Record<string, string> = {}) {
    const raw = Buffer.isBuffer(body);
    const response = await request(`${base}/sandbox/api/${path}?${new URLSearchParams({ user, ...query })}`, {
      method: 'POST',
      headers: { 'content-type': raw ? 'application/octet-stream' : 'application/json' },
      body: raw ? body : JSON.stringify(body),
    });
    return { status: response.statusCode, json: (await response.body.json()) as Record<string, unknown> };
  }

  async function state(user: string): Promise<PageState> {
    return (await (await request(`${base}/sandbox/api/state?user=${user}`)).body.json()) as PageState;
  }

  const cardOf = (s: PageState) =>
    s.messages.find((m) => !m.threadTs && JSON.stringify(m.blocks ?? []).includes('Import request'));

  it('serves the page and its scripts', async () => {
    const page = await request(`${base}/sandbox`);
    expect(page.statusCode).toBe(200);
    expect(await page.body.text()).toContain('/sandbox/static/app.js');
    for (const asset of ['app.js', 'blocks.js', 'mrkdwn.js', 'style.css']) {
      const response = await request(`${base}/sandbox/static/${asset}`);
      expect(response.statusCode).toBe(200);
      await response.body.text();
    }
    const missing = await request(`${base}/sandbox/static/server.ts`);
    expect(missing.statusCode).toBe(404);
    await missing.body.text();
  });

  it('runs an import through signed requests: modal, card, approval, LOA, completion', async () => {
    expect((await post('compose', RILEY, { text: '/hosted import 919-555-1234' })).json.ok).toBe(true);
    await sandbox.fake.waitFor(() => sandbox.fake.callsTo('views.open')[0]?.response.ok);
    const modal = (await state(RILEY)).modal;
    expect(modal?.view.callback_id).toBe(ids.importModal.callbackId);
    // Only the person who opened it sees the modal.
    expect((await state(AVERY)).modal).toBeNull();

    const bad = await post('submit', RILEY, {
      viewId: modal?.id,
      values: importFormValues('919-555-1234', { zip: 'ABC' }),
    });
    expect(Object.keys(bad.json.errors as object)).toEqual([ids.importModal.blocks.zip]);
    expect((await state(RILEY)).modal?.errors).toEqual(bad.json.errors);

    const good = await post('submit', RILEY, { viewId: modal?.id, values: importFormValues('919-555-1234') });
    expect(good.json).toEqual({ ok: true });
    expect((await state(RILEY)).modal).toBeNull();
    await sandbox.fake.waitFor(() =>
      JSON.stringify(sandbox.fake.messages[0]?.blocks ?? []).includes(ids.card.approve),
    );
    const card = cardOf(await state(AVERY));
    expect(card).toBeDefined();

    const click = await post('action', AVERY, {
      surface: { kind: 'message', channel: SANDBOX_CHANNEL.id, messageTs: card?.ts },
      action: {
        type: 'button',
        action_id: ids.card.approve,
        block_id: ids.card.actionsBlock,
        value: /HM-[A-Z0-9]+/.exec(JSON.stringify(card?.blocks))?.[0],
      },
    });
    expect(click.json.ok).toBe(true);
    const order = await sandbox.fake.waitFor(() => sandbox.sim.importOrders()[0], 5000);

    const shared = await post('share', RILEY, PDF, {
      name: 'signed-loa.pdf',
      type: 'application/pdf',
      thread: card?.ts ?? '',
    });
    expect(shared.json.ok).toBe(true);
    await sandbox.fake.waitFor(() => sandbox.sim.loaFiles(order.orderId).length === 1, 5000);
    const thread = (await state(RILEY)).messages.filter((m) => m.threadTs === card?.ts);
    expect(thread.find((m) => m.user === RILEY)?.files?.[0]?.name).toBe('signed-loa.pdf');

    await sandbox.sim.advance();
    await sandbox.sim.advance();
    await sandbox.fake.waitFor(
      () => JSON.stringify(sandbox.fake.messages[0]?.blocks).includes('Complete'),
      5000,
    );
    expect((await sandbox.bot.workflow.getRequest(order.customerOrderId ?? ''))?.state).toBe('complete');
    // Every request the page caused was accepted by Bolt's signature check.
    expect(sandbox.fake.callsTo('chat.update').every((c) => c.response.ok)).toBe(true);
  });

  it('uploads a file picked in a file_input first and submits its file object, as Slack does', async () => {
    await post('compose', RILEY, { text: '/hosted import' });
    await sandbox.fake.waitFor(() => sandbox.fake.callsTo('views.open')[0]?.response.ok);
    const viewId = (await state(RILEY)).modal?.id;
    const upload = await post('upload', RILEY, Buffer.from('9195552001\n9195552002\n'), {
      name: 'numbers.csv',
      type: 'text/csv',
    });
    const file = upload.json.file as { id: string; name: string; filetype: string };
    expect(file).toMatchObject({ name: 'numbers.csv', filetype: 'csv' });
    const values = {
      ...importFormValues(''),
      [ids.importModal.blocks.numbersFile]: {
        [ids.importModal.actions.numbersFile]: { type: 'file_input', files: [file] },
      },
    };
    expect((await post('submit', RILEY, { viewId, values })).json).toEqual({ ok: true });
    const card = await sandbox.fake.waitFor(
      () => sandbox.fake.messages.find((m) => JSON.stringify(m.blocks ?? []).includes(ids.card.approve)),
      5000,
    );
    expect(JSON.stringify(card.blocks)).toContain('2 numbers');
    expect(sandbox.fake.fileDownloads.map((d) => [d.fileId, d.authorized])).toContainEqual([file.id, true]);
  });

  it('answers a command the app does not have the way Slack does, without bothering the bot', async () => {
    await post('compose', RILEY, { text: '/nope now' });
    const s = await state(RILEY);
    expect(s.ephemerals.map((e) => e.text)).toEqual(['/nope is not a valid command.']);
    expect((await state(AVERY)).ephemerals).toEqual([]);
  });

  it('shows what the bot answers through the response_url, replacing its first answer', async () => {
    await post('compose', RILEY, { text: '/hosted check 919-555-1905' });
    await sandbox.fake.waitFor(() => sandbox.fake.responseUrlPosts.length > 0, 5000);
    const s = await state(RILEY);
    expect(s.ephemerals).toHaveLength(1);
    expect(JSON.stringify(s.ephemerals[0]?.blocks)).toContain('19005');
  });

  it('publishes the App Home for whoever opens it', async () => {
    await post('home', AVERY, {});
    await sandbox.fake.waitFor(() => sandbox.fake.homeViews.get(AVERY));
    expect((await state(AVERY)).home?.type).toBe('home');
    expect((await state(RILEY)).home).toBeNull();
  });

  it('posts plain messages as the person and keeps them in the channel', async () => {
    await post('compose', RILEY, { text: 'hello team' });
    const s = await state(AVERY);
    expect(s.messages.map((m) => [m.user, m.text])).toEqual([[RILEY, 'hello team']]);
  });
});
