import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { createBandwidthClient } from '../../src/api';
import { type Bot, createBot } from '../../src/app';
import { BOT_SUBSCRIPTIONS } from '../../src/cli/subscriptions';
import { type Config, loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import {
  type BandwidthSimulator,
  type BandwidthSimulatorOptions,
  startBandwidthSimulator,
} from '../../src/sandbox/bandwidth';
import { standInBotEnv } from '../../src/sandbox/bot-env';
import {
  createSlackSender,
  type FakeMessage,
  type FakeSlack,
  type FakeSlackOptions,
  fileShareMessageEvent,
  type RecordedCall,
  type SlackObject,
  type SlackSender,
  startFakeSlack,
} from '../../src/sandbox/slack';
import { blockErrors } from '../../src/sandbox/slack/methods/validate';
import { ids } from '../../src/views/ids';

export const SIGNING_SECRET = 'harness-signing-secret';
export const WEBHOOK = { username: 'bandwidth-hooks', password: 'harness-webhook-password' };
export const CHANNEL = 'C0IMPORTS';
export const REQUESTER = 'U0REQUESTER';
export const APPROVER = 'U0APPROVER';
export const GROUP_APPROVER = 'U0GROUPAPPROVER';
export const APPROVER_GROUP = 'S0APPROVERS';
export const OUTSIDER = 'U0OUTSIDER';

export interface HarnessOptions {
  /** Extra or overriding environment for loadConfig. */
  env?: Record<string, string>;
  simulator?: BandwidthSimulatorOptions;
  slack?: FakeSlackOptions;
  /** Subscribe the bot's webhook to import-order notifications in the simulator (default true). */
  subscribe?: boolean;
  /** Reuse these instead of starting new ones (a second replica, a restart). */
  sim?: BandwidthSimulator;
  fake?: FakeSlack;
  /** Key namespace of the store (Redis tests use a fresh one per run). */
  storeNamespace?: string;
  /** The bot's clock (createBot's `now`), so tests can move time for reminders and expiry. */
  now?: () => number;
}

export interface Harness {
  sim: BandwidthSimulator;
  fake: FakeSlack;
  bot: Bot;
  config: Config;
  slack: SlackSender;
  /** Base URL of the bot's HTTP server. */
  url: string;
  /** Every log line the bot wrote, as text. */
  logs: string[];
  /** Stops the bot, and the simulator and fake Slack when this harness started them. */
  close(): Promise<void>;
}

/** Starts the simulated Bandwidth, the fake Slack and the real bot wired to both, all on 127.0.0.1. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const sim = options.sim ?? (await startBandwidthSimulator(options.simulator));
  const fake =
    options.fake ??
    (await startFakeSlack({
      users: [REQUESTER, APPROVER, GROUP_APPROVER, OUTSIDER].map((id) => ({ id, name: id.toLowerCase() })),
      usergroups: { [APPROVER_GROUP]: [GROUP_APPROVER] },
      ...options.slack,
    }));
  const config = loadConfig({
    ...standInBotEnv({ sim: sim, fake: fake }, { signingSecret: SIGNING_SECRET, webhook: WEBHOOK }),
    BANDWIDTH_TIMEOUT_MS: '3000',
    APPROVERS: `${APPROVER},${APPROVER_GROUP}`,
    STORE_URL: 'memory://',
    PORT: '0',
    LOG_LEVEL: 'debug',
    ...options.env,
  });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const bot = await createBot(config, {
    host: '127.0.0.1',
    poll: false,
    logger: createLogger('debug', sink),
    storeNamespace: options.storeNamespace,
    ...(options.now ? { now: options.now } : {}),
  });
  await bot.start();
  const url = `http://127.0.0.1:${bot.port}`;
  const slack = createSlackSender({
    url: `${url}/slack/events`,
    signingSecret: SIGNING_SECRET,
    fake,
    userId: REQUESTER,
    channelId: CHANNEL,
  });
  if (options.subscribe !== false) {
    const client = createBandwidthClient({
      accountId: sim.accountId,
      apiUrl: sim.apiUrl,
      tokenUrl: sim.tokenUrl,
      clientId: sim.credentials.clientId,
      clientSecret: sim.credentials.clientSecret,
    });
    for (const target of BOT_SUBSCRIPTIONS) {
      await client.createSubscription(target, {
        url: `${url}${config.webhook.path}`,
        expirySeconds: 3600,
        ...WEBHOOK,
      });
    }
    await client.close();
  }
  return {
    sim,
    fake,
    bot,
    config,
    slack,
    url,
    logs,
    async close() {
      await bot.stop();
      if (!options.fake) await fake.close();
      if (!options.sim) await sim.close();
    },
  };
}

/** The values of a filled-in import modal, as Slack sends them in view.state.values. */
export function importFormValues(numbers: string, overrides: Partial<Record<ImportField, string>> = {}) {
  const fields: Partial<Record<ImportField, string>> = {
    numbers,
    subscriberName: 'Acme Dental',
    houseNumber: '900',
    streetName: 'Main Campus Dr',
    city: 'Raleigh',
    state: 'NC',
    zip: '27606',
    loaAuthorizingPerson: 'Pat Jones',
    ...overrides,
  };
  const B = ids.importModal.blocks;
  const A = ids.importModal.actions;
  const text = (field: ImportField) => ({
    [B[field]]: { [A[field]]: { type: 'plain_text_input', value: fields[field] ?? null } },
  });
  return {
    ...text('numbers'),
    ...text('subscriberName'),
    ...text('houseNumber'),
    ...text('streetName'),
    ...text('city'),
    [B.state]: {
      [A.state]: { type: 'static_select', selected_option: fields.state ? { value: fields.state } : null },
    },
    ...text('zip'),
    ...text('county'),
    ...text('loaAuthorizingPerson'),
    ...text('reference'),
  };
}

type ImportField = Exclude<keyof typeof ids.importModal.blocks, 'numbersFile' | 'loaFile'>;

/** A message's blocks and text as one string, for "does it say X" assertions. */
export function blocksText(message: { blocks?: unknown; text?: string } | undefined): string {
  return JSON.stringify(message?.blocks ?? []) + (message?.text ?? '');
}

/** Polls `predicate` (for state outside the fake: the simulator, the store) until it is truthy. */
export async function eventually<T>(
  predicate: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  what = 'condition',
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await predicate();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await sleep(20);
  }
}

/**
 * Waits until the bot has no background work left (checks, orders, Slack posts), so a test can
 * assert that something did NOT happen. Jobs queue further jobs (a change queues its Slack
 * post), hence the loop.
 */
export async function settle(h: Pick<Harness, 'bot'>): Promise<void> {
  for (let quiet = 0; quiet < 3; ) {
    await h.bot.jobs.idle();
    await sleep(15);
    quiet = h.bot.jobs.pending === 0 ? quiet + 1 : 0;
  }
}

/**
 * Every Web API call the bot made that Slack would have refused (invalid_blocks, a view over the
 * limits, a bad trigger...), minus the errors a test provoked on purpose; plus any block in a
 * response_url answer (which the fake stores without checking) that breaks Block Kit's limits.
 */
export function slackRefusals(fake: FakeSlack, expected: readonly string[] = []): string[] {
  const refused = fake.calls
    .filter((c: RecordedCall) => !c.response.ok && !expected.includes(String(c.response.error)))
    .map((c) => `${c.method}: ${c.response.error} ${JSON.stringify(c.response.response_metadata ?? '')}`);
  for (const post of fake.responseUrlPosts) {
    if (post.body.blocks === undefined) continue;
    const errors = blockErrors(post.body.blocks, 50);
    if (errors.length > 0) refused.push(`response_url: ${errors.join('; ')}`);
    const text = post.body.text;
    if (typeof text === 'string' && text.length > 40_000) refused.push('response_url: text too long');
  }
  return refused;
}

/**
 * Gives every test of the enclosing `describe` a fresh bot: started before each test; after it,
 * background work is settled, Slack must have refused nothing but the errors the test provoked on
 * purpose (pushed to the returned list, emptied before each test), and the bot is closed.
 *
 * @example
 * let h: Harness;
 * const provoked = useHarness({}, (started) => { h = started; });
 */
export function useHarness(options: HarnessOptions, onStart: (h: Harness) => void): string[] {
  const provoked: string[] = [];
  let current: Harness | undefined;
  beforeEach(async () => {
    provoked.length = 0;
    current = await startHarness(options);
    onStart(current);
  });
  afterEach(async () => {
    const h = current;
    current = undefined;
    if (!h) return;
    try {
      await settle(h);
      expect(slackRefusals(h.fake, provoked)).toEqual([]);
    } finally {
      await h.close();
    }
  });
  return provoked;
}

/** Lets the simulator move every open order one step, then waits for the bot to tell it. */
export async function advance(h: Harness): Promise<void> {
  await h.sim.advance();
  await settle(h);
}

let shareCounter = 0;

/**
 * Shares Slack files as `userId` (default REQUESTER) in a card's thread (or the channel when
 * `threadTs` is undefined), as Slack's message event announces it, with a ts later than any the
 * fake handed out.
 */
export function shareFiles(
  h: Pick<Harness, 'slack'>,
  files: SlackObject[],
  threadTs: string | undefined,
  extra: { userId?: string; eventId?: string; retryNum?: number } = {},
) {
  shareCounter += 1;
  const { userId = REQUESTER, ...delivery } = extra;
  return h.slack.sendEvent({
    event: fileShareMessageEvent({
      channelId: CHANNEL,
      userId,
      ts: `${Math.floor(Date.now() / 1000) + 1000}.${String(shareCounter).padStart(6, '0')}`,
      ...(threadTs === undefined ? {} : { threadTs }),
      files,
    }),
    ...delivery,
  });
}

export interface RequestImportOptions {
  userId?: string;
  channelId?: string;
  /** Overrides of the form's fields. */
  fields?: Parameters<typeof importFormValues>[1];
  /** Extra view.state.values (file inputs). */
  extraValues?: Record<string, unknown>;
}

/** Opens the import modal with the slash command, submits it, and returns the posted card. */
export async function requestImport(
  h: Harness,
  numbers: string,
  options: RequestImportOptions = {},
): Promise<{ card: FakeMessage; requestId: string }> {
  const channelId = options.channelId ?? CHANNEL;
  const userId = options.userId ?? REQUESTER;
  const opensBefore = h.fake.callsTo('views.open').length;
  const cardsBefore = new Set(h.fake.channelMessages(channelId).map((m) => m.ts));
  const command = await h.slack.sendSlashCommand({
    command: '/hosted',
    text: `import ${numbers}`,
    userId,
    channelId,
  });
  if (command.status !== 200) throw new Error(`slash command answered ${command.status}`);
  const opened = await h.fake.waitFor(() => h.fake.callsTo('views.open')[opensBefore]);
  if (!opened.response.ok) throw new Error(`views.open failed: ${String(opened.response.error)}`);
  const viewId = String((opened.response.view as { id: string }).id);
  const submitted = await h.slack.sendViewSubmission({
    viewId,
    userId,
    values: { ...importFormValues(numbers, options.fields), ...options.extraValues },
  });
  if (submitted.status !== 200 || submitted.json?.response_action !== undefined) {
    throw new Error(`import submission refused: ${submitted.status} ${submitted.text}`);
  }
  const card = await h.fake.waitFor(
    () =>
      h.fake
        .channelMessages(channelId)
        .find((m) => !cardsBefore.has(m.ts) && !m.thread_ts && blocksText(m).includes('Import request')),
    5000,
  );
  const requestId = /HM-[A-Z0-9]+/.exec(blocksText(card))?.[0];
  if (!requestId) throw new Error(`no request id on the card: ${blocksText(card)}`);
  await settle(h);
  return { card, requestId };
}

/** Clicks a button of the request card as `userId`. */
export function clickCard(
  h: Harness,
  actionId: string,
  requestId: string,
  card: FakeMessage,
  userId: string,
) {
  return h.slack.sendBlockAction({
    actionId,
    blockId: ids.card.actionsBlock,
    value: requestId,
    userId,
    messageTs: card.ts,
    channelId: card.channel,
  });
}

/** The card as the fake holds it now (after every chat.update). */
export function currentCard(h: Harness, card: FakeMessage): FakeMessage {
  return h.fake.messages.find((m) => m.channel === card.channel && m.ts === card.ts) ?? card;
}

/** Thread replies of a card (the card itself left out). */
export function replies(h: Harness, card: FakeMessage): FakeMessage[] {
  return h.fake.thread(card.channel, card.ts).filter((m) => m.ts !== card.ts);
}

/** Approves as APPROVER and waits until the request's order(s) exist in the simulator. */
export async function approveAndWaitForOrders(
  h: Harness,
  requestId: string,
  card: FakeMessage,
  expectedOrders = 1,
) {
  const click = await clickCard(h, ids.card.approve, requestId, card, APPROVER);
  if (click.status !== 200) throw new Error(`approve click answered ${click.status}`);
  const orders = await eventually(() => {
    const found = h.sim
      .importOrders()
      .filter((o) => o.customerOrderId === requestId || o.customerOrderId?.startsWith(`${requestId}-`));
    return found.length >= expectedOrders ? found : undefined;
  }, `${expectedOrders} order(s) for ${requestId}`);
  await settle(h);
  return orders;
}
