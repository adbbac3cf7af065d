/**
 * `npm run subscribe`: points Bandwidth's notifications at this bot, then reconciles open orders
 * once. Run it after the first deploy and whenever PUBLIC_URL, WEBHOOK_PATH or the webhook
 * credentials change; running it again changes nothing but the expiry.
 */
import { existsSync } from 'node:fs';
import { BandwidthError } from '../api';
import { type BotOptions, createBot } from '../app';
import { type Config, ConfigError, loadConfig } from '../config';
import type { ReconcileSummary } from '../workflow';
import { ensureSubscriptions, formatOutcome, type SubscriptionOutcome } from './subscriptions';

export interface SubscribeOptions extends Pick<BotOptions, 'logger'> {
  /** Where progress lines go; default stdout. */
  write?: (line: string) => void;
  /** Default true: read every open order back once, since states may have moved before the subscription existed. */
  reconcile?: boolean;
  expirySeconds?: number;
}

export interface SubscribeResult {
  url: string;
  outcomes: SubscriptionOutcome[];
  reconciled?: ReconcileSummary;
}

/** The webhook URL Bandwidth must call, from PUBLIC_URL and WEBHOOK_PATH. */
export function webhookUrl(config: Pick<Config, 'publicUrl' | 'webhook'>): string {
  if (!config.publicUrl) {
    throw new ConfigError([
      "PUBLIC_URL is missing (the bot's public base URL, e.g. https://hosted-bot.example.com; Bandwidth posts to it)",
    ]);
  }
  return `${config.publicUrl.replace(/\/+$/, '')}${config.webhook.path}`;
}

/**
 * Creates or updates the bot's subscriptions and reconciles once. The services come from
 * `createBot`, the one composition root, without starting its HTTP server or poller.
 */
export async function runSubscribe(config: Config, options: SubscribeOptions = {}): Promise<SubscribeResult> {
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const url = webhookUrl(config);
  if (url.startsWith('http://') && !/^http:\/\/(localhost|127\.0\.0\.1)[:/]/.test(url)) {
    write(`warning: ${url} is plain http; Bandwidth strongly recommends https for notifications`);
  }
  const bot = await createBot(config, { poll: false, logger: options.logger });
  try {
    const outcomes = await ensureSubscriptions({
      client: bot.bandwidth,
      url,
      username: config.webhook.username,
      password: config.webhook.password,
      expirySeconds: options.expirySeconds,
    });
    for (const outcome of outcomes) for (const line of formatOutcome(outcome, url)) write(line);
    if (options.reconcile === false) return { url, outcomes };
    const reconciled = await bot.workflow.reconcile();
    write(
      reconciled.skipped
        ? 'reconcile: another replica is reconciling right now; it will pick up any change'
        : `reconcile: ${reconciled.requests} open request(s), ${reconciled.ordersPolled} order(s) read back, ${reconciled.changed} changed, ${reconciled.failed} failed`,
    );
    return { url, outcomes, reconciled };
  } finally {
    await bot.stop();
  }
}

/** Turns a failure into one line a person can act on. */
export function explainFailure(error: unknown): string {
  if (error instanceof ConfigError) return error.message;
  if (error instanceof BandwidthError && (error.status === 401 || error.status === 403)) {
    return `${error.message}\nBandwidth refused the credentials: check BANDWIDTH_ACCOUNT_ID and BANDWIDTH_CLIENT_ID/BANDWIDTH_CLIENT_SECRET and that the API credential's roles cover subscriptions.`;
  }
  return `Subscribing failed: ${(error as Error).message ?? String(error)}`;
}

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  await runSubscribe(loadConfig());
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${explainFailure(error)}\n`);
    process.exit(1);
  });
}
