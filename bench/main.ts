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

## What the profiles showed

Profiles of the bot (\`BENCH_CPU_PROF=/tmp/prof npm run bench -- --only ingest\`, read for the
seconds of the ingest itself) and what was changed for them:

- **Row 2, SQLite ingest.** node-sqlite3 calls (\`sqlite3.js\` and the native time around them) took
  about 40% of the bot's CPU: each notification cost some 24 statements, because every set
  (\`requests:open\`, \`requests:outbox\`, …) was one JSON array read and rewritten on each add or
  remove, \`setIfAbsent\`, \`delete\` and leases read a row before writing it, and keyv added a
  SELECT to every delete. Now a set member is a row of its own (a range scan of the primary key
  lists a set; old array-shaped sets are turned into rows when the store opens), conditional writes
  are one \`INSERT … ON CONFLICT … RETURNING\`, rows this process wrote are read from a bounded
  write-through cache (only one process uses a SQLite store), and writes that arrive together share
  one multi-row statement (src/store/sqlite-batch.ts). SQLite is now under 10% of the bot's CPU in
  that window.
- **Row 2, second pass: telling the changes.** A profile of the whole run, split at the seconds
  where the webhook handler runs, showed the bot CPU-bound through the ingest and for 6 s after it:
  telling the status changes in Slack cost more than receiving them (the row now also gives the
  bot's CPU until every change is told). Three causes, all in how the outbox is told:
  - The card was rebuilt and sent with \`chat.update\` for every event, although one drain tells
    every event waiting in a request's outbox, and the card, built from the request as it is now,
    is then the same for each (a request's orders change together). A drain now remembers the card
    it sent and skips an update that would change nothing: about 0.15 card updates per change
    instead of 1 (the row prints it). Each call skipped is the Web API client's queue, retry,
    form encoding, fetch and response parsing, plus a redacted copy and the JSON of every argument
    for a debug line the client builds even when debug logging is off; blocks are now handed to it
    as the JSON text it would send, so it no longer walks them.
  - Every change asks for a drain, and by the time a queued drain ran, an earlier one had usually
    told its event already: of some 5,000 drains in a run, 3,000 found nothing, each after taking
    and giving back the request's lease (two SQLite writes) and parsing the request twice. A drain
    now looks at the request first and takes the lease only when something waits (an event added
    later asks for a drain of its own); a drain asked for while one of the same request runs in
    this process is folded into it. Under the lease the request is read once, not again after
    every acknowledgement: the acknowledgement's write returns it as stored.
  - Garbage collection, 6–22% of the CPU depending on the young generation's size (row 6): at
    4 MB semi-spaces scavenges ran twice as often as at 8 MB and took a fifth of the CPU.

  What did not help: folding drains alone (most empty drains ran after the one that told their
  event had ended, not during it); a smaller young generation (above). Telling now gets more done
  while the deliveries are still arriving, which the rate counts against the webhook (it shares
  one core with them) but which tells Slack sooner. What remains in the webhook's own path, outside
  the files this pass changed: pino's redaction (\`*.*.field\` wildcard paths in src/logger.ts,
  about 4% of the CPU, with two info lines per notification), Bolt compiling its custom-route
  patterns with path-to-regexp on every request (about 1%), and JSON parsing of request records
  (4–7%). The slowest 1% of deliveries are mostly the first 200, answered while the webhook path's
  code is still cold.
- **Row 4, order list.** The composed zod row schema (a preprocess per optional leaf) cost about
  twice the XML parse; an order-list row is now checked in one pass by a single zod transform with
  the same guarantees.
- **Row 6, footprint.** The bot measures with its SQLite store now that seeding 10,000 requests
  there takes seconds, not minutes. \`BENCH_MEM_DETAIL\` (bench/README.md) showed what is resident
  when a bot stops: after a notification burst, 230–290 MB, of which only about 30 MB were live
  objects. On this 24 GB machine V8 lets the old generation grow to about four times what is live
  before it collects (126 MB of old space, 26 MB live), and its young generation is 32 MB; about
  47 MB is the node binary's own pages and 50–90 MB the loaded modules' code and data (Bolt and its
  HTTP stack about 30 MB; the Redis client, loaded even for a SQLite store, about 5 MB; pdf-lib,
  loaded at start for the rare LOA PDF, about 7 MB of heap). Changed: \`npm start\` and the
  Dockerfile run node with \`--max-old-space-size=256\` (V8 then grows the heap by about 1.3× what
  is live) and \`--max-semi-space-size=8\`, and with glibc's trim and mmap thresholds fixed at their
  defaults (\`MALLOC_TRIM_THRESHOLD_\`, \`MALLOC_MMAP_THRESHOLD_\`: otherwise glibc raises them after
  the first large free and keeps SQLite's and the HTTP buffers' freed memory), about 5% more CPU
  for 10–15 MB less; the benchmark's bots run with exactly the start script's settings
  (bench/lib/start-command.ts); the store loads only the client of the backend in use. Tried and
  left out: \`MALLOC_ARENA_MAX=2\` (the main arena grew by 20–30 MB while 10,000 requests were
  listed), 4 MB semi-spaces (row 2). Not changed here: loading pdf-lib only when a PDF is made
  (src/commands/loa-pdf-action.ts) would save a few MB more; the store's own share is its row cache
  (at most about 4 MB of JSON text) and SQLite's page cache.
`;
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${String((error as Error).stack ?? error)}\n`);
  process.exit(1);
});
