import { performance } from 'node:perf_hooks';
import { createBandwidthClient } from '../../src/api';
import { serveWorker, workerArgs } from '../lib/child';
import { cpuMs } from '../lib/stats';

/**
 * Checks a list of numbers with one client, alone in this process, so its CPU time is its own
 * (the simulator answering runs in the parent).
 */
export interface CheckerArgs {
  client: 'ours' | 'sdk';
  apiUrl: string;
  accountId: string;
  username: string;
  password: string;
}

export interface CheckRun {
  wallMs: number;
  cpuMs: number;
  importable: number;
  rejected: number;
}

/** The SDK sends at most what Bandwidth accepts in one call only if the caller splits the list. */
const BATCH = 5_000;

interface SdkCheckerResult {
  importTnCheckerPayload?: {
    telephoneNumbers?: { telephoneNumber?: string | string[] };
    importTnErrors?: { importTnError?: SdkError | SdkError[] };
  };
}
interface SdkError {
  code: number | string;
  description: string;
  telephoneNumbers?: { telephoneNumber?: string | string[] };
}

const asArray = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

function checkWith(
  args: CheckerArgs,
): (numbers: string[]) => Promise<{ importable: number; rejected: number }> {
  if (args.client === 'ours') {
    const client = createBandwidthClient({
      accountId: args.accountId,
      apiUrl: args.apiUrl,
      username: args.username,
      password: args.password,
    });
    return async (numbers) => {
      const result = await client.checkImportability({ numbers });
      return {
        importable: result.importable.length,
        rejected: result.rejected.reduce((n, g) => n + g.numbers.length, 0),
      };
    };
  }
  // The SDK is plain JavaScript without types; `checkAsync` is bluebird's promisified `check`.
  const numbers = require('@bandwidth/numbers') as {
    Client: new (
      accountId: string,
      userName: string,
      password: string,
      clientId: string | undefined,
      clientSecret: string | undefined,
      options: { apiEndPoint: string },
    ) => unknown;
    ImportTnChecker: { checkAsync(client: unknown, numbers: string[]): Promise<SdkCheckerResult> };
  };
  const client = new numbers.Client(args.accountId, args.username, args.password, undefined, undefined, {
    apiEndPoint: args.apiUrl,
  });
  return async (list) => {
    let importable = 0;
    let rejected = 0;
    for (let i = 0; i < list.length; i += BATCH) {
      const result = await numbers.ImportTnChecker.checkAsync(client, list.slice(i, i + BATCH));
      const payload = result.importTnCheckerPayload;
      importable += asArray(payload?.telephoneNumbers?.telephoneNumber).length;
      for (const group of asArray(payload?.importTnErrors?.importTnError)) {
        rejected += asArray(group.telephoneNumbers?.telephoneNumber).length;
      }
    }
    return { importable, rejected };
  };
}

if (require.main === module) {
  const args = workerArgs<CheckerArgs>();
  if (!/^http:\/\/127\.0\.0\.1:\d+\//.test(args.apiUrl)) throw new Error('checks go to 127.0.0.1 only');
  const check = checkWith(args);
  serveWorker(
    { ready: true },
    {
      async check(raw) {
        const { first, count } = raw as { first: number; count: number };
        const list = Array.from({ length: count }, (_, i) => String(first + i));
        const cpu0 = cpuMs();
        const t0 = performance.now();
        const counts = await check(list);
        return { wallMs: performance.now() - t0, cpuMs: cpuMs() - cpu0, ...counts } satisfies CheckRun;
      },
    },
  );
}
