import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';
import { serveWorker, workerArgs } from '../lib/child';

/**
 * The floor: a Bolt app that verifies the signature and acks, nothing else. What our bot's ack
 * latency is compared with, on the same machine, in the same run.
 */
export interface BareBoltArgs {
  signingSecret: string;
  token: string;
  slackApiUrl: string;
  command: string;
}

async function main(): Promise<void> {
  const args = workerArgs<BareBoltArgs>();
  const app = new App({
    token: args.token,
    signingSecret: args.signingSecret,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: args.slackApiUrl },
  });
  app.command(args.command, async ({ ack }) => {
    await ack();
  });
  app.action(/.*/, async ({ ack }) => {
    await ack();
  });
  const server = (await app.start({ port: 0, host: '127.0.0.1' })) as {
    address(): AddressInfo | string | null;
  };
  const address = server.address();
  serveWorker(
    { port: typeof address === 'object' && address ? address.port : 0 },
    { usage: () => ({ rssBytes: process.memoryUsage.rss() }) },
    () => app.stop().then(() => undefined),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`bench bare-bolt worker failed: ${String((error as Error).stack ?? error)}\n`);
  process.exit(1);
});
