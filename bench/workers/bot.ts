import { readFileSync } from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import pino from 'pino';
import { createBot } from '../../src/app';
import { loadConfig } from '../../src/config';
import type { RequestDetails } from '../../src/domain/request';
import { createLogger } from '../../src/logger';
import { serveWorker, workerArgs } from '../lib/child';
import { cpuMs } from '../lib/stats';

/** The real bot, alone in its process, configured like production except for where it points. */
export interface BotWorkerArgs {
  env: Record<string, string>;
}

export interface BotUsage {
  rssBytes: number;
  heapUsedBytes: number;
  heapTotalBytes: number;
  externalBytes: number;
  cpuMs: number;
  pendingJobs: number;
}

export interface SeedArgs {
  count: number;
  /** Numbers per request; consecutive from `firstNumber`. */
  numbersPer: number;
  firstNumber: number;
  requesterId: string;
  channelId: string;
  /** Check with the simulator now (the request then awaits approval). */
  check: boolean;
  /** Approve each request too, which creates its orders (needs `check`). */
  approveAs?: string;
}

const DETAILS: RequestDetails = {
  subscriberName: 'Acme Dental',
  serviceAddress: {
    houseNumber: '900',
    streetName: 'Main Campus Dr',
    city: 'Raleigh',
    stateCode: 'NC',
    zip: '27606',
  },
  loaAuthorizingPerson: 'Pat Jones',
};

function heap(): Pick<BotUsage, 'heapUsedBytes' | 'heapTotalBytes' | 'externalBytes'> {
  const { heapUsed, heapTotal, external } = process.memoryUsage();
  return { heapUsedBytes: heapUsed, heapTotalBytes: heapTotal, externalBytes: external };
}

async function main(): Promise<void> {
  const { env } = workerArgs<BotWorkerArgs>();
  const config = loadConfig(env);
  // Logged as in production (info, JSON lines), written where nobody reads them.
  const logger = createLogger(config.logLevel, pino.destination({ dest: '/dev/null', sync: false }));
  const bot = await createBot(config, { host: '127.0.0.1', logger });
  await bot.start();

  async function seed(args: SeedArgs): Promise<{ requestIds: string[]; orderIds: string[] }> {
    const requestIds: string[] = [];
    const orderIds: string[] = [];
    const one = async (i: number) => {
      const first = args.firstNumber + i * args.numbersPer;
      const numbers = Array.from({ length: args.numbersPer }, (_, k) => String(first + k));
      const created = await bot.workflow.createRequest({
        requesterId: args.requesterId,
        channelId: args.channelId,
        details: DETAILS,
        numbers,
        checkNow: args.check,
      });
      if (!created.ok) throw new Error(created.refusal.message);
      requestIds.push(created.request.id);
      if (args.approveAs) {
        const approved = await bot.workflow.approve(created.request.id, args.approveAs);
        if (!approved.ok) throw new Error(approved.refusal.message);
        for (const order of approved.request.orders) if (order.orderId) orderIds.push(order.orderId);
      }
    };
    for (let i = 0; i < args.count; i += 20) {
      await Promise.all(Array.from({ length: Math.min(20, args.count - i) }, (_, k) => one(i + k)));
    }
    await bot.jobs.idle();
    return { requestIds, orderIds };
  }

  serveWorker(
    { port: bot.port },
    {
      usage: (): BotUsage => ({
        rssBytes: process.memoryUsage.rss(),
        ...heap(),
        cpuMs: cpuMs(),
        pendingJobs: bot.jobs.pending,
      }),
      idle: () => bot.jobs.idle(),
      listOpen: async () => (await bot.workflow.listOpenRequests()).length,
      seed: (args) => seed(args as SeedArgs),
      gc: () => {
        (globalThis as { gc?: () => void }).gc?.();
      },
    },
    async () => {
      await bot.stop();
      if (process.env.BENCH_MEM_DETAIL) memoryDetail(process.env.BENCH_MEM_DETAIL);
    },
  );
}

/** BENCH_MEM_DETAIL=dir: at stop, what is resident before and after a full GC, and a heap snapshot. */
function memoryDetail(dir: string): void {
  const mb = (n: number) => Math.round(n / 1024 / 1024);
  const show = (when: string) => {
    const m = process.memoryUsage();
    const spaces = v8
      .getHeapSpaceStatistics()
      .map((s) => `${s.space_name.replace('_space', '')} ${mb(s.space_size)}/${mb(s.space_used_size)}`)
      .join(', ');
    process.stderr.write(
      `  [${process.pid}] ${when}: rss ${mb(m.rss)} heapTotal ${mb(m.heapTotal)} heapUsed ${mb(m.heapUsed)} external ${mb(m.external)} arrayBuffers ${mb(m.arrayBuffers)} | spaces size/used: ${spaces}\n`,
    );
  };
  show('at stop');
  process.stderr.write(`  [${process.pid}] mappings by RSS: ${residentMappings()}\n`);
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
  show('after full GC');
  v8.writeHeapSnapshot(path.join(dir, `bot-${process.pid}.heapsnapshot`));
}

/** Resident memory by kind of mapping (/proc/self/smaps): file-backed by file, anonymous by size. */
function residentMappings(): string {
  const totals = new Map<string, number>();
  let current = '';
  for (const line of readFileSync('/proc/self/smaps', 'utf8').split('\n')) {
    const head = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) {
      current = head[1] ? path.basename(head[1]) : '[anon]';
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) totals.set(current, (totals.get(current) ?? 0) + Number(rss[1]));
  }
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([name, kb]) => `${name} ${Math.round(kb / 1024)} MB`)
    .join(', ');
}

main().catch((error: unknown) => {
  process.stderr.write(`bench bot worker failed: ${String((error as Error).stack ?? error)}\n`);
  process.exit(1);
});
