import { existsSync } from 'node:fs';
import { createBot } from './app';
import { ConfigError, loadConfig } from './config';

/** Runs the bot: `.env` when present, then the environment, then Slack and the webhook server. */
async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig();
  const bot = await createBot(config);
  await bot.start();
  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      bot.logger.info({ signal }, 'stopping');
      bot.stop().then(
        () => process.exit(0),
        (error: unknown) => {
          bot.logger.error({ err: error }, 'stop failed');
          process.exit(1);
        },
      );
    });
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`The bot could not start: ${(error as Error).message ?? String(error)}\n`);
  }
  process.exit(1);
});
