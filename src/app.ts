import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { App, type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import { createBandwidthClient } from './api';
import { createBackgroundJobs } from './background-jobs';
import { registerListeners } from './commands';
import type { Config } from './config';
import { httpRoutes } from './http-routes';
import { createLogger, type Logger } from './logger';
import { createMetrics } from './metrics';
import { createPoller } from './poller';
import { createApproverDirectory } from './slack/approvers';
import { createNotifier, type Notifier } from './slack/notifier';
import { createSlackFiles } from './slack/slack-files';
import { createStore } from './store';
import { createBandwidthWebhook } from './webhooks/bandwidth-webhook';
import { createWorkflow } from './workflow';

export interface BotOptions {
  logger?: Logger;
  now?: () => number;
  /** Host to bind in HTTP mode; default all interfaces (tests use 127.0.0.1). */
  host?: string;
  /** Start the reconcile poller (default true; tests drive `poller.runOnce()` themselves). */
  poll?: boolean;
  /** Key namespace in the store (default the store's own); lets tests share one Redis. */
  storeNamespace?: string;
}

export type Bot = Awaited<ReturnType<typeof createBot>>;

/**
 * The composition root: config, then the Bandwidth client, store, workflow, Bolt and its
 * listeners, the webhook and the poller. Nothing else constructs services.
 */
export async function createBot(config: Config, options: BotOptions = {}) {
  const logger = options.logger ?? createLogger(config.logLevel);
  const instanceId = randomUUID();
  const metrics = createMetrics();
  const bandwidth = createBandwidthClient({
    ...config.bandwidth,
    logger: logger.child({ component: 'bandwidth' }),
  });
  const store = await createStore({
    url: config.storeUrl,
    namespace: options.storeNamespace,
    now: options.now,
    onError: (error: unknown) => logger.error({ err: error }, 'store error'),
  });
  const jobs = createBackgroundJobs({ logger });

  let notifier: Notifier | undefined;
  const slackLogger = boltLogger(logger.child({ component: 'slack' }));
  const webhook = createBandwidthWebhook({
    ...config.webhook,
    metrics,
    logger: logger.child({ component: 'webhook' }),
    sink: {
      async receive(notification) {
        if (notification.kind === 'event') {
          if (notification.eventType.toUpperCase() === 'MESSAGING_LOST')
            await workflow.messagingLost(notification.numbers);
          return 'accepted';
        }
        return workflow.applyOrderNotification(notification);
      },
    },
  });
  const app = new App({
    token: config.slack.botToken,
    signingSecret: config.slack.signingSecret,
    appToken: config.slack.appToken,
    socketMode: Boolean(config.slack.appToken),
    logger: slackLogger,
    clientOptions: {
      slackApiUrl: config.slack.apiUrl,
      // Unsent events stay in the outbox and are tried again by the next drain, so a few quick
      // retries are enough here; Slack's default (ten over half an hour) would pin a job.
      retryConfig: { retries: 3, factor: 2, minTimeout: 500, maxTimeout: 5_000 },
    },
    customRoutes: httpRoutes({ webhookPath: config.webhook.path, handleWebhook: webhook, metrics, store }),
    installerOptions: { port: config.port },
  });

  const approvers = createApproverDirectory({ approvers: config.approvers, client: app.client, logger });
  const slackFiles = createSlackFiles({
    client: app.client,
    botToken: config.slack.botToken,
    maxBytes: config.loaMaxBytes,
  });
  const workflow = createWorkflow({
    store,
    bandwidth,
    slackFiles,
    config: {
      siteId: config.bandwidth.siteId,
      sipPeerId: config.bandwidth.sipPeerId,
      approvers: config.approvers,
      allowSelfApproval: config.allowSelfApproval,
      maxNumbersPerOrder: config.maxNumbersPerOrder,
      loaMaxBytes: config.loaMaxBytes,
      approvalReminderMs: config.approvalReminderMs,
      loaReminderMs: config.loaReminderMs,
    },
    isApprover: (userId) => approvers.isApprover(userId),
    now: options.now,
    logger: logger.child({ component: 'workflow' }),
    instanceId,
    onOutbox: (requestId) => jobs.run('tell', () => notifier!.drain(requestId), { requestId }),
  });
  notifier = createNotifier({
    client: app.client,
    workflow,
    attempts: store,
    metrics,
    logger,
    command: config.slack.command,
  });
  const deps = {
    workflow,
    notifier,
    approvers,
    slackFiles,
    jobs,
    metrics,
    logger,
    command: config.slack.command,
  };
  app.use(async ({ body, next }) => {
    metrics.slackRequests.inc({ kind: requestKind(body), outcome: 'received' });
    await next();
  });
  registerListeners(app, deps);
  app.error(async (error) => {
    logger.error({ err: error }, 'unhandled error in a Slack listener');
  });

  const poller = createPoller({
    store,
    workflow,
    notifier,
    metrics,
    logger,
    instanceId,
    intervalMs: config.pollIntervalMs,
    now: options.now,
  });

  let port: number | undefined;
  return {
    app,
    workflow,
    store,
    bandwidth,
    metrics,
    poller,
    jobs,
    logger,
    /** The bound HTTP port (after start). */
    get port() {
      return port;
    },
    async start(): Promise<void> {
      if (config.slack.appToken) {
        await app.start();
        port = config.port;
      } else {
        const server = (await app.start({ port: config.port, host: options.host })) as {
          address(): AddressInfo | string | null;
        };
        const address = server.address();
        port = typeof address === 'object' && address ? address.port : config.port;
      }
      if (options.poll !== false) poller.start();
      logger.info(
        { port, mode: config.slack.appToken ? 'socket' : 'http', store: store.kind },
        'hosted-messaging bot started',
      );
    },
    /** Graceful stop: no new Slack requests, in-flight work finished, then the store closed. */
    async stop(): Promise<void> {
      await poller.stop();
      await app.stop().catch(() => undefined);
      await jobs.idle();
      await store.close();
      await bandwidth.close();
      logger.info('hosted-messaging bot stopped');
    },
  };
}

function requestKind(body: unknown): string {
  const b = body as { type?: string; command?: string };
  if (b.command) return 'command';
  return b.type ?? 'unknown';
}

/** Bolt logs through pino, so Slack's own messages obey LOG_LEVEL and the redaction rules. */
function boltLogger(logger: Logger): BoltLogger {
  let level = LogLevel.INFO;
  return {
    debug: (...msg) => logger.debug(msg.map(String).join(' ')),
    info: (...msg) => logger.info(msg.map(String).join(' ')),
    warn: (...msg) => logger.warn(msg.map(String).join(' ')),
    error: (...msg) => logger.error(msg.map(String).join(' ')),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
