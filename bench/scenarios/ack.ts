import { startWorker } from '../lib/child';
import type { Row } from '../lib/report';
import {
  APPROVER,
  CHANNEL,
  COMMAND,
  REQUESTER,
  type Sandbox,
  SIGNING_SECRET,
  startBotProcess,
} from '../lib/sandbox';
import { approveClickItem, numbersFrom, slashCommandItem } from '../lib/slack-items';
import { fmt, type Latencies, latencies, median } from '../lib/stats';
import type { BareBoltArgs } from '../workers/bare-bolt';
import type { LoadItem, LoadPlan, LoadResult } from '../workers/load';
import type { Scenario } from './types';

export interface AckSize {
  /** Commands per second and for how long, in the sustained phase. */
  perSecond: number;
  seconds: number;
  burst: number;
  /** Burst rounds against each app, alternating; the median round is reported. */
  rounds: number;
  /** How long the simulator takes to answer every Bandwidth call. */
  latencyMs: number;
}

/** A sustained mix: half `check`, three in ten `import`, two in ten Approve clicks. */
function sustainedItems(sandbox: Sandbox, total: number, requestIds: string[]): LoadItem[] {
  const items: LoadItem[] = [];
  const tns = numbersFrom(9_195_550_000, total * 3);
  let approvals = 0;
  for (let i = 0; i < total; i++) {
    const slot = i % 10;
    const three = tns.slice(i * 3, i * 3 + 3).join(', ');
    if (slot < 5) items.push(slashCommandItem(sandbox, REQUESTER, `check ${three}`));
    else if (slot < 8) items.push(slashCommandItem(sandbox, REQUESTER, `import ${three}`));
    else items.push(approveClickItem(sandbox, APPROVER, requestIds[approvals++ % requestIds.length]!));
  }
  return items;
}

function burstItems(sandbox: Sandbox, count: number, offset: number): LoadItem[] {
  const tns = numbersFrom(9_195_560_000 + offset, count);
  return tns.map((tn) => slashCommandItem(sandbox, REQUESTER, `check ${tn}`));
}

function okCount(result: LoadResult): number {
  return result.statuses['200'] ?? 0;
}

export const ackScenario: Scenario<AckSize> = {
  name: 'ack',
  sizes: {
    full: { perSecond: 100, seconds: 8, burst: 230, rounds: 3, latencyMs: 2_000 },
    smoke: { perSecond: 20, seconds: 0.5, burst: 10, rounds: 1, latencyMs: 100 },
  },
  async run(sandbox, size, command): Promise<Row[]> {
    const load = await startWorker('load', {});
    const bot = await startBotProcess(sandbox);
    const bare = await startWorker('bare-bolt', {
      signingSecret: SIGNING_SECRET,
      token: sandbox.fake.botToken,
      slackApiUrl: sandbox.fake.apiUrl,
      command: COMMAND,
    } satisfies BareBoltArgs);
    const bareUrl = `http://127.0.0.1:${bare.ready.port as number}/slack/events`;
    const botUrl = `${bot.url}/slack/events`;
    try {
      const total = Math.round(size.perSecond * size.seconds);
      // Requests awaiting approval for the clicks, made before Bandwidth turns slow.
      const seeded = await bot.worker.call<{ requestIds: string[] }>('seed', {
        count: Math.max(1, Math.ceil(total / 10) * 2),
        numbersPer: 2,
        firstNumber: 9_195_400_000,
        requesterId: REQUESTER,
        channelId: CHANNEL,
        check: true,
      });
      sandbox.sim.faults.setLatency(size.latencyMs);
      const run = (plan: LoadPlan) => load.call<LoadResult>('run', plan);
      // Warm both apps (JIT, connection pools) so the first measured requests are not the coldest.
      await run({
        url: bareUrl,
        signingSecret: SIGNING_SECRET,
        items: burstItems(sandbox, 20, 900),
        mode: { kind: 'rate', perSecond: 100 },
      });
      await run({
        url: botUrl,
        signingSecret: SIGNING_SECRET,
        items: burstItems(sandbox, 20, 950),
        mode: { kind: 'rate', perSecond: 100 },
      });

      const cpuBefore = (await bot.usage()).cpuMs;
      const sustained = await run({
        url: botUrl,
        signingSecret: SIGNING_SECRET,
        items: sustainedItems(sandbox, total, seeded.requestIds),
        mode: { kind: 'rate', perSecond: size.perSecond },
      });
      const afterSustained = await bot.usage();
      const cpuDuring = afterSustained.cpuMs - cpuBefore;
      const sus = latencies(sustained.durations);
      // The Bandwidth calls the commands started are still queued (see the report); they wait on
      // the simulator, not the CPU, so the bursts do not wait for them to drain.
      await new Promise((resolve) => setTimeout(resolve, 1_000));

      const oursRounds: Latencies[] = [];
      const bareRounds: Latencies[] = [];
      let burstOk = 0;
      for (let r = 0; r < size.rounds; r++) {
        const bareRun = await run({
          url: bareUrl,
          signingSecret: SIGNING_SECRET,
          items: burstItems(sandbox, size.burst, r * 1000),
          mode: { kind: 'burst' },
        });
        bareRounds.push(latencies(bareRun.durations));
        const oursRun = await run({
          url: botUrl,
          signingSecret: SIGNING_SECRET,
          items: burstItems(sandbox, size.burst, r * 1000 + 500),
          mode: { kind: 'burst' },
        });
        oursRounds.push(latencies(oursRun.durations));
        burstOk += okCount(oursRun);
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
      sandbox.sim.faults.setLatency(0);
      const oursP99 = median(oursRounds.map((l) => l.p99));
      const bareP99 = median(bareRounds.map((l) => l.p99));
      const oursP50 = median(oursRounds.map((l) => l.p50));
      const bareP50 = median(bareRounds.map((l) => l.p50));
      const ratio = oursP99 / bareP99;
      const sustainedOk = okCount(sustained) === total;
      return [
        {
          id: 1,
          measurement: `ack, sustained ${size.perSecond}/s × ${size.seconds} s (check/import/approve 5:3:2), Bandwidth at ${fmt(size.latencyMs / 1000)} s: p50 / p99${sustainedOk ? '' : ` (${total - okCount(sustained)} not 200)`}`,
          ours: `${fmt(sus.p50, 'ms')} / ${fmt(sus.p99, 'ms')}`,
          reference: `bot CPU ${fmt(cpuDuring / total, 'ms')}/command; ${afterSustained.pendingJobs} post-ack jobs still queued at the end`,
          target: 'p99 ≤ 100 ms',
          met: sustainedOk && sus.p99 <= 100,
          command,
        },
        {
          id: 1,
          measurement: `ack, burst of ${size.burst} at once vs bare Bolt (median of ${size.rounds} rounds): p50 / p99${burstOk === size.burst * size.rounds ? '' : ` (${size.burst * size.rounds - burstOk} not 200)`}`,
          ours: `${fmt(oursP50, 'ms')} / ${fmt(oursP99, 'ms')}`,
          reference: `${fmt(bareP50, 'ms')} / ${fmt(bareP99, 'ms')}`,
          ratio: { value: ratio, label: 'of floor (p99)' },
          target: 'p99 ≤ 1.25× floor',
          met: burstOk === size.burst * size.rounds && ratio <= 1.25,
          command,
        },
      ];
    } finally {
      sandbox.sim.faults.setLatency(0);
      await Promise.all([bot.stop(), bare.stop(), load.stop()]);
    }
  },
};
