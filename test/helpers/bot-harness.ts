import { Writable } from 'node:stream';
import { createBandwidthClient } from '../../src/api';
import { type Bot, createBot } from '../../src/app';
import { type Config, loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import {
  type BandwidthSimulator,
  type BandwidthSimulatorOptions,
  startBandwidthSimulator,
} from '../../src/sandbox/bandwidth';
import {
  createSlackSender,
  type FakeSlack,
  type FakeSlackOptions,
  type SlackSender,
  startFakeSlack,
} from '../../src/sandbox/slack';
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
    SLACK_BOT_TOKEN: fake.botToken,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    BANDWIDTH_ACCOUNT_ID: sim.accountId,
    BANDWIDTH_CLIENT_ID: sim.credentials.clientId,
    BANDWIDTH_CLIENT_SECRET: sim.credentials.clientSecret,
    BANDWIDTH_API_URL: sim.apiUrl,
    BANDWIDTH_TOKEN_URL: sim.tokenUrl,
    BANDWIDTH_SITE_ID: '4001',
    BANDWIDTH_TIMEOUT_MS: '3000',
    WEBHOOK_USERNAME: WEBHOOK.username,
    WEBHOOK_PASSWORD: WEBHOOK.password,
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
    await client.createSubscription(
      { orderType: 'importtnorders' },
      { url: `${url}${config.webhook.path}`, expirySeconds: 3600, ...WEBHOOK },
    );
    await client.createSubscription(
      { eventType: 'MESSAGING_LOST' },
      { url: `${url}${config.webhook.path}`, expirySeconds: 3600, ...WEBHOOK },
    );
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
