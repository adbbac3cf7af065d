/**
 * Runs the Bandwidth simulator on its own, for people trying the bot without accounts:
 * `npm run sandbox:bandwidth`. Being a standalone tool entry, it reads its port from
 * SANDBOX_BANDWIDTH_PORT (default 4010). Orders move on timers: PROCESSING after 5 s, final 10 s later.
 */
import { startBandwidthSimulator } from './index';

async function main(): Promise<void> {
  const port = Number(process.env.SANDBOX_BANDWIDTH_PORT ?? 4010);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(
      `SANDBOX_BANDWIDTH_PORT must be a port number, not '${process.env.SANDBOX_BANDWIDTH_PORT}'`,
    );
  }
  const simulator = await startBandwidthSimulator({
    port,
    schedule: { toProcessingMs: 5_000, toFinalMs: 10_000 },
  });
  const { clientId, clientSecret, username, password } = simulator.credentials;
  process.stdout.write(
    [
      'Bandwidth Dashboard API simulator (see src/sandbox/bandwidth/RULES.md for which numbers do what)',
      `  BANDWIDTH_API_URL=${simulator.apiUrl}`,
      `  BANDWIDTH_TOKEN_URL=${simulator.tokenUrl}`,
      `  BANDWIDTH_ACCOUNT_ID=${simulator.accountId}`,
      `  BANDWIDTH_CLIENT_ID=${clientId}`,
      `  BANDWIDTH_CLIENT_SECRET=${clientSecret}`,
      `  (legacy Basic: BANDWIDTH_USERNAME=${username} BANDWIDTH_PASSWORD=${password})`,
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
  const stop = () => {
    simulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});
