import type { DestinationStream } from 'pino';
import { type Bot, createBot } from '../../app';
import { ensureSubscriptions } from '../../cli/subscriptions';
import { loadConfig } from '../../config';
import { createLogger } from '../../logger';
import {
  type BandwidthSimulator,
  type BandwidthSimulatorOptions,
  startBandwidthSimulator,
} from '../bandwidth';
import { standInBotEnv } from '../bot-env';
import { createSlackSender, type FakeSlack, startFakeSlack } from '../slack';
import { startSandboxWeb } from './server';
import { createSandboxSession } from './session';
import type { SandboxPerson } from './snapshot';

/** Who you can be on the page. Avery is the one approver. */
export const SANDBOX_PEOPLE: SandboxPerson[] = [
  { id: 'U0RILEY', name: 'Riley Requester', role: 'requester' },
  { id: 'U0AVERY', name: 'Avery Approver', role: 'approver' },
];
export const SANDBOX_CHANNEL = { id: 'C0IMPORTS', name: 'number-imports' } as const;
/** Orders reach their final status about 15 s after approval. */
export const SANDBOX_SCHEDULE = { toProcessingMs: 5_000, toFinalMs: 10_000 } as const;

const SIGNING_SECRET = 'sandbox-signing-secret';
const WEBHOOK = { username: 'sandbox-bandwidth', password: 'sandbox-webhook-password' };
const BOT_NAME = 'Hosted Imports';

export interface SandboxOptions {
  /** Port of the page; 0 picks a free one. Default 3000. */
  port?: number;
  /** How orders move; `null` leaves them still until `sim.advance()` (tests). Default {@link SANDBOX_SCHEDULE}. */
  schedule?: BandwidthSimulatorOptions['schedule'] | null;
  /** The bot's log level. Default `warn`, so the terminal stays readable. */
  logLevel?: string;
  /** Where the bot's log lines go; default stdout. */
  logStream?: DestinationStream;
}

export interface Sandbox {
  pageUrl: string;
  botUrl: string;
  sim: BandwidthSimulator;
  fake: FakeSlack;
  bot: Bot;
  close(): Promise<void>;
}

/**
 * Starts everything `npm run sandbox` needs on 127.0.0.1: the simulated Bandwidth, the fake
 * Slack, the real bot wired to both (subscribed to the simulator's notifications the way
 * `npm run subscribe` does it), and the page that stands in for a Slack channel.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const sim = await startBandwidthSimulator(
    options.schedule === null ? {} : { schedule: options.schedule ?? SANDBOX_SCHEDULE },
  );
  const fake = await startFakeSlack({
    users: SANDBOX_PEOPLE.map((p) => ({
      id: p.id,
      name: p.name.split(' ')[0]?.toLowerCase(),
      realName: p.name,
    })),
    channels: [{ id: SANDBOX_CHANNEL.id, name: SANDBOX_CHANNEL.name }],
  });
  const config = loadConfig({
    ...standInBotEnv({ sim: sim, fake: fake }, { signingSecret: SIGNING_SECRET, webhook: WEBHOOK }),
    APPROVERS: SANDBOX_PEOPLE.filter((p) => p.role === 'approver')
      .map((p) => p.id)
      .join(','),
    STORE_URL: 'memory://',
    POLL_INTERVAL_SECONDS: '30',
    PORT: '0',
    LOG_LEVEL: options.logLevel ?? 'warn',
  });
  const bot = await createBot(config, {
    host: '127.0.0.1',
    logger: createLogger(config.logLevel, options.logStream),
  });
  await bot.start();
  const botUrl = `http://127.0.0.1:${bot.port}`;
  await ensureSubscriptions({
    client: bot.bandwidth,
    url: `${botUrl}${config.webhook.path}`,
    username: WEBHOOK.username,
    password: WEBHOOK.password,
  });

  const slack = createSlackSender({
    url: `${botUrl}/slack/events`,
    signingSecret: SIGNING_SECRET,
    fake,
    channelId: SANDBOX_CHANNEL.id,
  });
  const session = createSandboxSession({ fake, slack, commands: [config.slack.command] });
  const web = await startSandboxWeb({
    fake,
    session,
    people: SANDBOX_PEOPLE,
    channel: SANDBOX_CHANNEL,
    botName: BOT_NAME,
    command: config.slack.command,
    port: options.port ?? 3000,
  });
  return {
    pageUrl: web.pageUrl,
    botUrl,
    sim,
    fake,
    bot,
    async close() {
      await web.close();
      session.dispose();
      await bot.stop();
      await fake.close();
      await sim.close();
    },
  };
}
