import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { request } from 'undici';
import type { Row } from '../lib/report';
import { botEnv, CHANNEL, REQUESTER, type Sandbox, startBotProcess } from '../lib/sandbox';
import { startCommand } from '../lib/start-command';
import { fmt, median } from '../lib/stats';
import type { Scenario } from './types';

export interface FootprintSize {
  openRequests: number;
  starts: number;
}

const MB = 1024 * 1024;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Starts the bot as `npm start` does (src/main, configured from the environment) and times the
 * fork until /healthz answers 200. Node's own start is included: it is part of a restart.
 */
async function timeStart(env: Record<string, string>): Promise<number> {
  const ext = path.extname(__filename);
  const main = path.join(__dirname, '..', '..', 'src', `main${ext}`);
  const port = await freePort();
  // With the Node flags and environment of package.json's start script, as `npm start` runs it.
  const production = startCommand();
  const execArgv = [
    ...production.nodeFlags,
    ...(ext === '.ts' ? ['-r', path.join(__dirname, '..', 'register.js')] : []),
  ];
  const t0 = performance.now();
  const child = fork(main, [], {
    env: { ...process.env, ...production.env, ...env, PORT: String(port) },
    execArgv,
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  try {
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`bot exited with ${child.exitCode} before /healthz`);
      try {
        const response = await request(`http://127.0.0.1:${port}/healthz`);
        await response.body.text();
        if (response.statusCode === 200) return performance.now() - t0;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error('/healthz did not answer within 30 s');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  } finally {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
  }
}

export const footprintScenario: Scenario<FootprintSize> = {
  name: 'footprint',
  sizes: { full: { openRequests: 10_000, starts: 5 }, smoke: { openRequests: 20, starts: 1 } },
  async run(sandbox: Sandbox, size, command): Promise<Row[]> {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hm-bench-'));
    const storeUrl = `sqlite://${path.join(dir, 'bot.sqlite')}`;
    const rows: Row[] = [];
    try {
      // The SQLite store, as deployed. (Until its sets became one row per member, seeding 10,000 there
      // took minutes and this row used memory://, which keeps every request in the heap.)
      const seededUrl = `sqlite://${path.join(dir, 'seeded.sqlite')}`;
      const bot = await startBotProcess(sandbox, { STORE_URL: seededUrl });
      let rss: number;
      let seedMs: number;
      try {
        const t0 = performance.now();
        await bot.worker.call('seed', {
          count: size.openRequests,
          numbersPer: 3,
          firstNumber: 9_182_000_000,
          requesterId: REQUESTER,
          channelId: CHANNEL,
          check: false,
        });
        seedMs = performance.now() - t0;
        // `/hosted list` loads every open request: the peak a busy store brings.
        const listed = await bot.worker.call<number>('listOpen');
        if (listed < size.openRequests) throw new Error(`only ${listed} open requests listed`);
        rss = (await bot.usage()).rssBytes;
      } finally {
        await bot.stop();
      }
      const afterRuns =
        sandbox.botRssAtStop.length > 1 ? Math.max(...sandbox.botRssAtStop.slice(0, -1)) : Number.NaN;
      rows.push({
        id: 6,
        measurement: `RSS of the bot with ${size.openRequests.toLocaleString('en-US')} open requests in its SQLite store, all listed once (made through the workflow in ${fmt(seedMs / 1000, 's')}, cards posted)`,
        ours: fmt(rss / MB, 'MB'),
        target: '≤ 150 MB',
        met: rss <= 150 * MB,
        command,
      });
      rows.push({
        id: 6,
        measurement:
          'RSS of the bot at the end of the runs above (largest of its processes: ack, ingest, bulk)',
        ours: fmt(afterRuns / MB, 'MB'),
        target: '≤ 150 MB',
        met: Number.isFinite(afterRuns) ? afterRuns <= 150 * MB : undefined,
        command: 'npm run bench',
      });
      const env = botEnv(sandbox, { STORE_URL: storeUrl, LOG_LEVEL: 'info' });
      const starts: number[] = [];
      for (let i = 0; i < size.starts; i++) starts.push(await timeStart(env));
      const startMs = median(starts);
      rows.push({
        id: 6,
        measurement: `start-up, fork of src/main (SQLite store) to 200 on /healthz (median of ${size.starts})`,
        ours: fmt(startMs, 'ms'),
        target: '≤ 1,500 ms',
        met: startMs <= 1_500,
        command,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return rows;
  },
};
