/**
 * `npm run sandbox`: the whole workflow on this machine, with no Slack app, no Bandwidth account
 * and no network. Like the other sandbox entries it reads its own port (SANDBOX_PORT, default
 * 3000) and LOG_LEVEL (default warn) from the environment.
 */
import { startSandbox } from './web';

async function main(): Promise<void> {
  const port = Number(process.env.SANDBOX_PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`SANDBOX_PORT must be a port number, not '${process.env.SANDBOX_PORT}'`);
  }
  const sandbox = await startSandbox({ port, logLevel: process.env.LOG_LEVEL || 'warn' });
  process.stdout.write(
    [
      '',
      'Hosted-messaging bot sandbox: simulated Bandwidth, fake Slack and the real bot, all on this machine.',
      '',
      `  Open ${sandbox.pageUrl}`,
      '',
      '  Type  /hosted import 919-555-1234  in the composer, fill the form, then switch to',
      '  Avery Approver and approve. Drop a PDF into the request thread as the signed LOA.',
      '  Orders finish about 15 s after approval. Numbers ending 7518 fail, 1905 is refused',
      '  by the checker: see src/sandbox/bandwidth/RULES.md.',
      '',
      `  bot: ${sandbox.botUrl}  (/healthz, /readyz, /metrics)`,
      `  simulated Bandwidth: ${sandbox.sim.apiUrl}   fake Slack Web API: ${sandbox.fake.apiUrl}`,
      '',
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  const message =
    (error as NodeJS.ErrnoException).code === 'EADDRINUSE'
      ? `Port ${process.env.SANDBOX_PORT ?? 3000} is in use; set SANDBOX_PORT to another one.`
      : (error as Error).message;
  process.stderr.write(`The sandbox could not start: ${message}\n`);
  process.exit(1);
});
