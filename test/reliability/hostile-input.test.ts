import { Readable } from 'node:stream';
import { request } from 'undici';
import { ids } from '../../src/views/ids';
import {
  CHANNEL,
  type Harness,
  importFormValues,
  REQUESTER,
  startHarness,
  WEBHOOK,
} from '../helpers/bot-harness';
import { countReplies, eventually, requestImport, sleep } from './helpers/flow';
import { expectNoSecrets } from './helpers/secrets';

/**
 * Hostile bodies at the two doors anyone on the network can knock on: Bandwidth's webhook
 * (behind Basic auth, but a leaked password or a broken proxy must not take the bot down) and
 * Slack's events URL (correctly signed, because a signing secret can leak too). Each is refused
 * with a clear status, without reading more than the limit, and the bot keeps serving.
 *
 * The time ceilings below are hang detectors, not benchmarks: each refusal takes milliseconds,
 * and an entity bomb that expanded, or a body read whole, would blow far past them.
 */
const HANG_CEILING_MS = 5_000;
/** Heap growth tolerated over a whole batch of hostile bodies (a billion-laughs expansion is gigabytes). */
const HEAP_CEILING_BYTES = 64 * 1024 * 1024;

const auth = `Basic ${Buffer.from(`${WEBHOOK.username}:${WEBHOOK.password}`).toString('base64')}`;

function orderNotification(fields: {
  orderId: string;
  status?: string;
  customerOrderId?: string;
  extra?: string;
}) {
  return (
    '<?xml version="1.0" encoding="UTF-8"?><Notification>' +
    `<Status>${fields.status ?? 'COMPLETE'}</Status><OrderId>${fields.orderId}</OrderId>` +
    '<OrderType>importtnorders</OrderType>' +
    (fields.customerOrderId ? `<CustomerOrderId>${fields.customerOrderId}</CustomerOrderId>` : '') +
    (fields.extra ?? '') +
    '</Notification>'
  );
}

const numbersXml = (count: number) =>
  `<TelephoneNumber>${Array.from(
    { length: count },
    (_, i) => `919${String(5_000_000 + i).padStart(7, '0')}`,
  ).join('</TelephoneNumber><TelephoneNumber>')}</TelephoneNumber>`;

const LAUGHS =
  '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' +
  Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('') +
  ']><Notification><Status>&lol9;</Status><OrderId>x</OrderId><OrderType>importtnorders</OrderType></Notification>';

/** Bodies a webhook must refuse, with the status it must answer. */
const HOSTILE_NOTIFICATIONS: Array<[string, string | Buffer, number]> = [
  ['malformed XML', '<Notification><Status>COMPLETE</Notification>', 400],
  ['not XML at all', '{"Status":"COMPLETE"}', 400],
  ['an empty body', '', 400],
  ['a billion-laughs entity bomb', LAUGHS, 400],
  [
    'an external entity',
    '<?xml version="1.0"?><!DOCTYPE n [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><Notification><Status>&xxe;</Status></Notification>',
    400,
  ],
  ['a DOCTYPE without entities', '<!DOCTYPE Notification><Notification/>', 400],
  ['nesting 10,000 deep', `${'<a>'.repeat(10_000)}${'</a>'.repeat(10_000)}`, 400],
  ['an unknown status', orderNotification({ orderId: 'o-1', status: 'BACKWARDS' }), 400],
  ['a control character in the status', orderNotification({ orderId: 'o-1', status: 'COMP\u0001LETE' }), 400],
  [
    'bytes that are not UTF-8',
    Buffer.concat([
      Buffer.from('<Notification><Status>'),
      Buffer.from([0xff, 0xfe, 0xfd]),
      Buffer.from('</Status></Notification>'),
    ]),
    400,
  ],
  [
    'a body over the 1 MB limit',
    `<Notification><Message>${'x'.repeat(1_100_000)}</Message></Notification>`,
    413,
  ],
];

describe('hostile bodies', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    expectNoSecrets(h);
    await h.close();
  });

  const webhookUrl = () => `${h.url}${h.config.webhook.path}`;
  async function postWebhook(body: string | Buffer | Readable, headers: Record<string, string> = {}) {
    const started = Date.now();
    const response = await request(webhookUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/xml', authorization: auth, ...headers },
      body,
    });
    const text = await response.body.text();
    return { status: response.statusCode, text, ms: Date.now() - started };
  }

  /** The bot still answers health checks and still applies a genuine notification. */
  async function expectStillServing(): Promise<void> {
    const health = await request(`${h.url}/healthz`);
    expect(health.statusCode).toBe(200);
    await health.body.dump();
    const { card, requestId } = await requestImport(h, '919-555-4001');
    await h.slack.sendBlockAction({
      actionId: ids.card.approve,
      blockId: ids.card.actionsBlock,
      value: requestId,
      userId: 'U0APPROVER',
      messageTs: card.ts,
      channelId: CHANNEL,
    });
    await h.fake.waitFor(() => countReplies(h.fake, card.ts, /accepted 1 import order/) === 1, 5_000);
    await h.sim.advance();
    await h.sim.advance();
    await eventually(async () => (await h.bot.workflow.getRequest(requestId))?.state === 'complete', 5_000);
  }

  describe('at the Bandwidth webhook', () => {
    it.each(HOSTILE_NOTIFICATIONS)(
      'refuses %s with a clear status, quickly',
      async (_label, body, status) => {
        const response = await postWebhook(body);
        expect(response.status).toBe(status);
        expect(response.ms).toBeLessThan(HANG_CEILING_MS);
      },
    );

    it('stops reading a body streamed without a length once it passes the limit', async () => {
      let sent = 0;
      const chunk = Buffer.alloc(64 * 1024, 'x');
      // 64 MB if the bot read it all; it must answer long before.
      const body = Readable.from(
        (function* () {
          yield Buffer.from('<Notification><Message>');
          for (let i = 0; i < 1024; i++) {
            sent += chunk.length;
            yield chunk;
          }
        })(),
      );
      const response = await postWebhook(body);
      expect(response.status).toBe(413);
      expect(response.ms).toBeLessThan(HANG_CEILING_MS * 3);
      // The answer came before the sender had to produce the whole body.
      expect(sent).toBeLessThan(1024 * chunk.length);
    });

    it('refuses absurdly long ids instead of storing or logging them', async () => {
      const longId = 'a'.repeat(200_000);
      const response = await postWebhook(orderNotification({ orderId: longId, customerOrderId: longId }));
      expect(response.status).toBe(400);
      expect(h.logs.some((line) => line.includes(longId.slice(0, 1000)))).toBe(false);
    });

    it('takes a notification listing 5,000 numbers and a MESSAGING_LOST naming 20,000, without choking', async () => {
      const many = await postWebhook(
        orderNotification({
          orderId: 'unknown-order',
          extra: `<CompletedTelephoneNumbers>${numbersXml(5_000)}</CompletedTelephoneNumbers>`,
        }),
      );
      expect(many.status).toBe(200);
      expect(many.ms).toBeLessThan(HANG_CEILING_MS);
      const lost = await postWebhook(
        '<Notification><EventType>MESSAGING_LOST</EventType>' +
          `<ImpactedTelephoneNumbers>${numbersXml(20_000)}</ImpactedTelephoneNumbers></Notification>`,
      );
      expect(lost.status).toBe(200);
      expect(lost.ms).toBeLessThan(HANG_CEILING_MS * 3);
    });

    it('keeps memory flat over 200 hostile bodies, and keeps serving', async () => {
      const before = process.memoryUsage().heapUsed;
      for (let round = 0; round < 20; round++) {
        for (const [, body] of HOSTILE_NOTIFICATIONS.slice(0, 10)) await postWebhook(body);
      }
      const growth = process.memoryUsage().heapUsed - before;
      expect(growth).toBeLessThan(HEAP_CEILING_BYTES);
      await expectStillServing();
    });
  });

  describe('at the Slack events URL (correctly signed)', () => {
    async function submit(values: Record<string, unknown>) {
      await h.slack.sendSlashCommand({ command: '/hosted', text: 'import' });
      await h.fake.waitFor(() => h.fake.callsTo('views.open').at(-1));
      const started = Date.now();
      const submitted = await h.slack.sendViewSubmission({ values });
      return { ...submitted, ms: Date.now() - started };
    }

    it('refuses a body over Slack’s own limit without reading it whole', async () => {
      const started = Date.now();
      const response = await h.slack.sendSigned(
        `payload=${encodeURIComponent(JSON.stringify({ type: 'block_actions', junk: 'x'.repeat(5 * 1024 * 1024) }))}`,
        'application/x-www-form-urlencoded',
      );
      expect(response.status).toBe(413);
      expect(Date.now() - started).toBeLessThan(HANG_CEILING_MS * 3);
    });

    it('puts thousands of numbers back on the numbers field', async () => {
      const numbers = Array.from(
        { length: 6_000 },
        (_, i) => `919${String(5_000_000 + i).padStart(7, '0')}`,
      ).join('\n');
      const submitted = await submit(importFormValues(numbers));
      expect(submitted.json?.response_action).toBe('errors');
      const errors = submitted.json?.errors as Record<string, string>;
      expect(errors[ids.importModal.blocks.numbers]).toMatch(/6,000 numbers.*5,000/);
      expect(submitted.ms).toBeLessThan(HANG_CEILING_MS);
      expect(h.sim.requests.filter((r) => /importTnChecker/.test(r.path))).toHaveLength(0);
    });

    it('puts absurd field lengths back on their fields, each with its limit', async () => {
      const submitted = await submit(
        importFormValues('919-555-4101', {
          subscriberName: 'A'.repeat(100_000),
          streetName: 'S'.repeat(50_000),
          loaAuthorizingPerson: `Pat ${'J'.repeat(100_000)}`,
        }),
      );
      expect(submitted.json?.response_action).toBe('errors');
      const errors = submitted.json?.errors as Record<string, string>;
      expect(errors[ids.importModal.blocks.subscriberName]).toMatch(/100000 characters.*45/);
      expect(errors[ids.importModal.blocks.streetName]).toMatch(/limit is 100/);
      expect(errors[ids.importModal.blocks.loaAuthorizingPerson]).toMatch(/limit is 100/);
      expect(h.fake.channelMessages(CHANNEL)).toHaveLength(0);
    });

    it.each([
      ['a NUL', 'Acme\u0000Dental'],
      ['an escape sequence', 'Acme \u001b[31mDental'],
      ['a right-to-left override', 'Acme \u202eDental'],
      ['a vertical tab', 'Acme\u000bDental'],
    ])(
      'refuses %s in the subscriber name on the field, and sends nothing to Bandwidth',
      async (_label, name) => {
        const submitted = await submit(importFormValues('919-555-4102', { subscriberName: name }));
        expect(submitted.json?.response_action).toBe('errors');
        const errors = submitted.json?.errors as Record<string, string>;
        expect(errors[ids.importModal.blocks.subscriberName]).toMatch(/character/i);
        await sleep(50);
        await h.bot.jobs.idle();
        expect(h.sim.requests.filter((r) => /importTnChecker/.test(r.path))).toHaveLength(0);
        expect(h.fake.channelMessages(CHANNEL)).toHaveLength(0);
      },
    );

    it('refuses control characters in the LOA signer and the address too', async () => {
      const submitted = await submit(
        importFormValues('919-555-4103', { loaAuthorizingPerson: 'Pat\u0007 Jones', city: 'Ral\u0000eigh' }),
      );
      expect(submitted.json?.response_action).toBe('errors');
      const errors = submitted.json?.errors as Record<string, string>;
      expect(Object.keys(errors)).toEqual(
        expect.arrayContaining([ids.importModal.blocks.loaAuthorizingPerson, ids.importModal.blocks.city]),
      );
    });

    it('refuses a numbers file listing 20,000 numbers with a message to the requester, creating nothing', async () => {
      const list = Array.from(
        { length: 20_000 },
        (_, i) => `919${String(5_000_000 + i).padStart(7, '0')}`,
      ).join('\n');
      const file = h.fake.addFile(list, { name: 'numbers.csv', mimetype: 'text/csv', filetype: 'csv' });
      const submitted = await submit({
        ...importFormValues(''),
        [ids.importModal.blocks.numbersFile]: {
          [ids.importModal.actions.numbersFile]: {
            type: 'file_input',
            files: [{ id: file.id, name: 'numbers.csv', filetype: 'csv' }],
          },
        },
      });
      expect(submitted.status).toBe(200);
      const told = await h.fake.waitFor(() => h.fake.ephemerals.find((e) => e.user === REQUESTER), 5_000);
      expect(told.text).toMatch(/20,000.*5,000/);
      await h.bot.jobs.idle();
      expect(await h.bot.workflow.listOpenRequests()).toEqual([]);
      expect(h.sim.requests.filter((r) => /importTnChecker/.test(r.path))).toHaveLength(0);
    });

    it('keeps serving after all of it', async () => {
      await h.slack.sendSigned('payload=%7Bnot-json', 'application/x-www-form-urlencoded');
      await h.slack.sendSigned('{"type":"event_callback","event":', 'application/json');
      await expectStillServing();
    });
  });
});
