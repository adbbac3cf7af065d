import type { ResponseUrlPost } from '../../src/sandbox/slack';
import { ids } from '../../src/views/ids';
import {
  APPROVER,
  approveAndWaitForOrders,
  CHANNEL,
  clickCard,
  eventually,
  type Harness,
  importFormValues,
  requestImport,
  settle,
  slackRefusals,
  startHarness,
  useHarness,
} from '../helpers/bot-harness';

/** What the bot POSTed to one slash command's response_url, once it did. */
function answerTo(h: Harness, responseUrl: string): Promise<ResponseUrlPost> {
  const id = responseUrl.split('/').pop();
  return h.fake.waitFor(() => h.fake.responseUrlPosts.find((p) => p.id === id), 5000);
}

function bodyText(post: ResponseUrlPost): string {
  return JSON.stringify(post.body.blocks ?? []) + String(post.body.text ?? '');
}

describe('the slash command', () => {
  let h: Harness;
  useHarness({}, (started) => {
    h = started;
  });

  it('answers help with every subcommand, in the ack itself', async () => {
    const answer = await h.slack.sendSlashCommand({ command: '/hosted', text: 'help' });
    expect(answer.status).toBe(200);
    expect(answer.json?.response_type).toBe('ephemeral');
    const text = JSON.stringify(answer.json);
    for (const sub of ['check', 'import', 'status', 'list']) expect(text).toContain(`/hosted ${sub}`);
  });

  it('answers an unknown subcommand with the help, asking Bandwidth nothing', async () => {
    const before = h.sim.requests.length;
    const answer = await h.slack.sendSlashCommand({ command: '/hosted', text: 'frobnicate 919-555-1234' });
    expect(answer.status).toBe(200);
    expect(JSON.stringify(answer.json)).toContain('/hosted check');
    await settle(h);
    expect(h.sim.requests.length).toBe(before);
  });

  it('checks numbers: importable ones, refused ones with code, meaning and next step, bad entries one by one', async () => {
    const sent = await h.slack.sendSlashCommand({
      command: '/hosted',
      text: 'check 919-555-1234, (919) 555-1906, 12345, banana',
    });
    expect(sent.status).toBe(200);
    expect(sent.json?.text).toMatch(/Checking/);
    const answer = await answerTo(h, sent.responseUrl);
    expect(answer.body.response_type).toBe('ephemeral');
    const text = bodyText(answer);
    expect(text).toContain('can be imported');
    expect(text).toMatch(/919\D*555\D*1234/);
    // 1906 is refused by the checker with 19006; the answer gives the code, its meaning and what to do.
    expect(text).toContain('19006');
    expect(text).toMatch(/Bandwidth numbers cannot be imported/i);
    expect(text).toMatch(/12345/);
    expect(text).toMatch(/banana/);
    expect(text).toMatch(/2 entries aren't phone numbers/);
    // Nothing was requested: no card, no order.
    expect(h.fake.channelMessages(CHANNEL)).toHaveLength(0);
    expect(h.sim.importOrders()).toHaveLength(0);
  });

  it('says plainly when Bandwidth cannot be reached for a check', async () => {
    h.sim.faults.add({ path: /importTnChecker/, fault: { kind: 'status', status: 503 } });
    const sent = await h.slack.sendSlashCommand({ command: '/hosted', text: 'check 919-555-1234' });
    expect(sent.status).toBe(200);
    const answer = await answerTo(h, sent.responseUrl);
    expect(String(answer.body.text)).toMatch(/Couldn't check with Bandwidth/);
    expect(String(answer.body.text)).toMatch(/try again/i);
    expect(String(answer.body.text)).not.toMatch(/can be imported/);
  });

  it('asks for numbers when check is given none', async () => {
    const sent = await h.slack.sendSlashCommand({ command: '/hosted', text: 'check' });
    expect(sent.json?.text).toMatch(/Give the numbers/);
  });

  it('finds a request by its id, its order id and one of its numbers', async () => {
    const { card, requestId } = await requestImport(h, '919-555-2101');
    const [order] = await approveAndWaitForOrders(h, requestId, card);
    for (const query of [requestId, order!.orderId, '(919) 555-2101']) {
      const sent = await h.slack.sendSlashCommand({ command: '/hosted', text: `status ${query}` });
      expect(sent.status).toBe(200);
      const answer = await answerTo(h, sent.responseUrl);
      expect(bodyText(answer)).toContain(requestId);
    }
  });

  it('says when status finds nothing', async () => {
    const sent = await h.slack.sendSlashCommand({ command: '/hosted', text: 'status HM-NOPE99' });
    const answer = await answerTo(h, sent.responseUrl);
    expect(bodyText(answer)).toContain('HM-NOPE99');
    expect(bodyText(answer)).toMatch(/No request .* found/);
  });

  it('lists open requests', async () => {
    const first = await requestImport(h, '919-555-2201');
    const second = await requestImport(h, '919-555-2202');
    const sent = await h.slack.sendSlashCommand({ command: '/hosted', text: 'list' });
    const answer = await answerTo(h, sent.responseUrl);
    expect(bodyText(answer)).toContain(first.requestId);
    expect(bodyText(answer)).toContain(second.requestId);
  });
});

describe('the slash command while Bandwidth is slow', () => {
  let h: Harness;

  beforeEach(async () => {
    // Bandwidth answers, but only after 4 s each time; the client waits for it.
    h = await startHarness({ env: { BANDWIDTH_TIMEOUT_MS: '15000' } });
  });
  afterEach(async () => {
    h.sim.faults.setLatency(0);
    await settle(h);
    expect(slackRefusals(h.fake)).toEqual([]);
    await h.close();
  }, 60_000);

  it('acknowledges every subcommand at once while Bandwidth takes 4 s to answer', async () => {
    const { card, requestId } = await requestImport(h, '919-555-2301');
    h.sim.faults.setLatency(4000);
    const sent = await Promise.all(
      ['help', 'check 919-555-2302', `status ${requestId}`, 'list', 'import 919-555-2303', 'bogus'].map(
        (text) => h.slack.sendSlashCommand({ command: '/hosted', text }),
      ),
    );
    for (const answer of sent) expect(answer.status).toBe(200);
    // Every ack came back before Bandwidth answered the check: the answer is not there yet.
    const checkId = sent[1]!.responseUrl.split('/').pop();
    expect(h.fake.responseUrlPosts.find((p) => p.id === checkId)).toBeUndefined();
    // The modal opened although Bandwidth is still busy: the trigger_id did not expire.
    const opened = await h.fake.waitFor(() => h.fake.callsTo('views.open').at(-1));
    expect(opened.response.ok).toBe(true);
    // Submitting it is acknowledged before the checker answers (the card comes later).
    const cardsBefore = h.fake.channelMessages(CHANNEL).length;
    const submitted = await h.slack.sendViewSubmission({
      viewId: String((opened.response.view as { id: string }).id),
      values: importFormValues('919-555-2303'),
    });
    expect(submitted.status).toBe(200);
    expect(h.fake.channelMessages(CHANNEL)).toHaveLength(cardsBefore);
    // The approve click is acknowledged before its order is created.
    const click = await clickCard(h, ids.card.approve, requestId, card, APPROVER);
    expect(click.status).toBe(200);
    expect(h.sim.importOrders()).toHaveLength(0);
    // The slow answers still arrive, later, through response_url and the channel.
    const check = await h.fake.waitFor(() => h.fake.responseUrlPosts.find((p) => p.id === checkId), 20_000);
    expect(bodyText(check)).toContain('can be imported');
    await eventually(() => h.sim.importOrders().length === 1, 'the approved order', 20_000);
    h.sim.faults.setLatency(0);
  }, 60_000);
});
