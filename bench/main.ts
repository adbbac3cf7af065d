import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { markdownTable, textTable } from './lib/report';
import type { SizeName } from './scenarios/types';
import { runSuite, SCENARIOS } from './suite';

/**
 * `npm run bench [-- --size full|smoke] [--only ack,xml] [--no-write]`: runs the benchmarks
 * against the simulator on 127.0.0.1, prints the table and, for a full run of every scenario,
 * writes docs/BENCHMARKS.md.
 */
async function main(argv: string[]): Promise<void> {
  const value = (flag: string) => {
    const at = argv.indexOf(flag);
    return at < 0 ? undefined : argv[at + 1];
  };
  const size = (value('--size') ?? 'full') as SizeName;
  if (size !== 'full' && size !== 'smoke') throw new Error('--size is full or smoke');
  const only = value('--only')?.split(',').filter(Boolean) ?? [];
  const unknown = only.filter((name) => !SCENARIOS.some((s) => s.name === name));
  if (unknown.length > 0) throw new Error(`unknown scenario ${unknown.join(', ')}`);
  const write = !argv.includes('--no-write') && size === 'full';

  const started = new Date();
  const rows = await runSuite({ size, only, log: (line) => process.stderr.write(`${line}\n`) });
  process.stdout.write(`\n${textTable(rows)}\n`);
  if (!write) return;
  const file = path.join(__dirname, '..', '..', '..', 'docs', 'BENCHMARKS.md');
  const target = only.length === 0 ? file : file.replace(/\.md$/, `.${only.join('-')}.md`);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, document(markdownTable(rows), started, only));
  process.stderr.write(`wrote ${path.relative(process.cwd(), target)}\n`);
}

function document(table: string, started: Date, only: string[]): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `# Benchmarks

Produced by \`npm run bench\`${only.length ? ` -- --only ${only.join(',')}` : ''} on ${started.toISOString().slice(0, 10)}:
Node ${process.version}, ${os.cpus().length} × ${cpu}, shared with other work, so absolute figures
move from run to run; ratios measured in the same run are the figures to compare. Each row names
the command that reproduces it. See [bench/README.md](../bench/README.md) for what each row measures and
how.

${table}
`;
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${String((error as Error).stack ?? error)}\n`);
  process.exit(1);
});
