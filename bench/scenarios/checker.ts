import { startWorker } from '../lib/child';
import type { Row } from '../lib/report';
import { fmt, median } from '../lib/stats';
import type { CheckerArgs, CheckRun } from '../workers/checker';
import type { Scenario } from './types';

export interface CheckerSize {
  numbers: number;
  rounds: number;
}

export const checkerScenario: Scenario<CheckerSize> = {
  name: 'checker',
  sizes: { full: { numbers: 20_000, rounds: 3 }, smoke: { numbers: 300, rounds: 1 } },
  async run(sandbox, size, command): Promise<Row[]> {
    const base = {
      apiUrl: sandbox.sim.apiUrl,
      accountId: sandbox.sim.accountId,
      username: sandbox.sim.credentials.username,
      password: sandbox.sim.credentials.password,
    };
    const ours = await startWorker('checker', { ...base, client: 'ours' } satisfies CheckerArgs);
    const sdk = await startWorker('checker', { ...base, client: 'sdk' } satisfies CheckerArgs);
    try {
      // Warm both (module loading, JIT, keep-alive) before anything is measured.
      await ours.call('check', { first: 9_197_000_000, count: 200 });
      await sdk.call('check', { first: 9_197_000_000, count: 200 });
      const oursRuns: CheckRun[] = [];
      const sdkRuns: CheckRun[] = [];
      // 9195000000… includes numbers ending 1901-1912, which the checker refuses: both lists carry errors.
      for (let r = 0; r < size.rounds; r++) {
        oursRuns.push(await ours.call<CheckRun>('check', { first: 9_195_000_000, count: size.numbers }));
        sdkRuns.push(await sdk.call<CheckRun>('check', { first: 9_195_000_000, count: size.numbers }));
      }
      const same = oursRuns.every(
        (o, i) => o.importable === sdkRuns[i]!.importable && o.rejected === sdkRuns[i]!.rejected,
      );
      const perNumber = (runs: CheckRun[]) => median(runs.map((r) => (r.cpuMs * 1000) / size.numbers));
      const wall = (runs: CheckRun[]) => median(runs.map((r) => r.wallMs));
      const oursCpu = perNumber(oursRuns);
      const sdkCpu = perNumber(sdkRuns);
      const ratio = sdkCpu / oursCpu;
      return [
        {
          id: 3,
          measurement: `bulk check of ${size.numbers.toLocaleString('en-US')} numbers vs @bandwidth/numbers ImportTnChecker.checkAsync (batches of 5,000; median of ${size.rounds}): CPU per number${same ? '' : ' (results differ!)'}`,
          ours: fmt(oursCpu, 'µs'),
          reference: fmt(sdkCpu, 'µs'),
          ratio: { value: ratio, label: 'less CPU' },
          target: '≥ 3× less CPU',
          met: same && ratio >= 3,
          command,
        },
        {
          id: 3,
          measurement: `bulk check of ${size.numbers.toLocaleString('en-US')} numbers: wall time (simulator answers at once)`,
          ours: fmt(wall(oursRuns), 'ms'),
          reference: fmt(wall(sdkRuns), 'ms'),
          ratio: { value: wall(sdkRuns) / wall(oursRuns), label: 'faster' },
          target: 'informative',
          command,
        },
      ];
    } finally {
      await Promise.all([ours.stop(), sdk.stop()]);
    }
  },
};
