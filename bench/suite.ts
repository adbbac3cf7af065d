import type { Row } from './lib/report';
import { startSandbox } from './lib/sandbox';
import { ackScenario } from './scenarios/ack';
import { bulkRequestScenario } from './scenarios/bulk-request';
import { checkerScenario } from './scenarios/checker';
import { footprintScenario } from './scenarios/footprint';
import { ingestScenario } from './scenarios/ingest';
import type { Scenario, SizeName } from './scenarios/types';
import { xmlScenario } from './scenarios/xml';

/** Every scenario, in the order of the issue's six measurements. */
export const SCENARIOS = [
  ackScenario,
  ingestScenario,
  checkerScenario,
  xmlScenario,
  bulkRequestScenario,
  footprintScenario,
] as Scenario<unknown>[];

export interface SuiteOptions {
  size: SizeName;
  /** Scenario names to run; all when empty. */
  only?: readonly string[];
  /** Progress lines (stderr in the CLI). */
  log?: (line: string) => void;
}

/** Runs the chosen scenarios one after another against one sandbox and returns their rows. */
export async function runSuite(options: SuiteOptions): Promise<Row[]> {
  const log = options.log ?? (() => undefined);
  const chosen = SCENARIOS.filter((s) => !options.only?.length || options.only.includes(s.name));
  const rows: Row[] = [];
  const sandbox = await startSandbox();
  try {
    for (const scenario of chosen) {
      const command = `npm run bench -- --only ${scenario.name}${options.size === 'full' ? '' : ` --size ${options.size}`}`;
      log(`running ${scenario.name}…`);
      const started = Date.now();
      const produced = await scenario.run(sandbox, scenario.sizes[options.size], command);
      rows.push(...produced);
      log(`  ${scenario.name} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      for (const row of produced)
        log(`  ${row.measurement}: ${row.ours}${row.reference ? ` | ${row.reference}` : ''}`);
    }
  } finally {
    await sandbox.close();
  }
  return rows;
}
