import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import type { BandwidthSimulator } from '../../../src/sandbox/bandwidth';
import { standInBotEnv } from '../../../src/sandbox/bot-env';
import type { FakeSlack } from '../../../src/sandbox/slack';
import { APPROVER, APPROVER_GROUP, SIGNING_SECRET, WEBHOOK } from '../../helpers/bot-harness';
import { eventually } from './flow';

const ROOT = path.resolve(__dirname, '../../..');
const SRC = path.join(ROOT, 'src');

/**
 * Compiles src/ to JavaScript once per change of the sources, for bots run as child processes.
 * Each file is transpiled alone (the project uses isolatedModules, and `tsc --noEmit` checks the
 * types elsewhere), which takes a second where a full `tsc` build takes a minute on a busy CI box.
 * The output sits in the OS temp dir keyed by a hash of the sources, so parallel jest workers
 * and reruns share it; it is written beside and renamed into place, so nobody sees half of it.
 */
export function buildBot(): string {
  const files = listTs(SRC);
  const hash = createHash('sha256');
  for (const file of files) {
    const stat = statSync(file);
    hash.update(`${file}:${stat.size}:${stat.mtimeMs}\n`);
  }
  const out = path.join(tmpdir(), `hosted-bot-reliability-${hash.digest('hex').slice(0, 16)}`);
  if (existsSync(path.join(out, '.done'))) return path.join(out, 'main.js');
  const staging = `${out}.${process.pid}.${Date.now()}`;
  for (const file of files) {
    const source = readFileSync(file, 'utf8');
    const { outputText } = ts.transpileModule(source, {
      fileName: file,
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
        isolatedModules: true,
      },
    });
    const target = path.join(staging, path.relative(SRC, file)).replace(/\.ts$/, '.js');
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, outputText);
  }
  writeFileSync(path.join(staging, '.done'), '');
  try {
    renameSync(staging, out);
  } catch {
    // Another worker won the race with the same sources: use its copy.
    rmSync(staging, { recursive: true, force: true });
  }
  return path.join(out, 'main.js');
}

function listTs(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return listTs(full);
      return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
    })
    .sort();
}

/** A port free right now on 127.0.0.1, so a restarted bot can take the same one (and its webhook URL stays valid). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The environment of a bot aimed at the test's simulator and fake Slack. */
export function botEnv(options: {
  sim: BandwidthSimulator;
  fake: FakeSlack;
  port: number;
  storeUrl: string;
  pollSeconds?: number;
  extra?: Record<string, string>;
}): Record<string, string> {
  const { sim, fake } = options;
  return {
    ...standInBotEnv({ sim: sim, fake: fake }, { signingSecret: SIGNING_SECRET, webhook: WEBHOOK }),
    BANDWIDTH_TIMEOUT_MS: '20000',
    APPROVERS: `${APPROVER},${APPROVER_GROUP}`,
    STORE_URL: options.storeUrl,
    PORT: String(options.port),
    POLL_INTERVAL_SECONDS: String(options.pollSeconds ?? 1),
    LOG_LEVEL: 'debug',
    ...options.extra,
  };
}

/** A bot running as a child process, started with the real entry point (`main.js`). */
export interface ChildBot {
  readonly process: ChildProcess;
  readonly url: string;
  /** Every stdout/stderr line so far. */
  readonly lines: string[];
  /** Resolves with the exit code (or the signal) once the process is gone. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** kill -9. */
  crash(): Promise<void>;
  /** SIGTERM, then waits for the exit. */
  terminate(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running = new Map<ChildProcess, Promise<unknown>>();

/** Starts `main.js` with `env` and waits until it logs that it is listening. */
export async function startChildBot(main: string, env: Record<string, string>): Promise<ChildBot> {
  const cwd = path.join(tmpdir(), 'hosted-bot-reliability-cwd');
  mkdirSync(cwd, { recursive: true });
  const child = spawn(process.execPath, [main], {
    cwd,
    // Only what the bot needs: no inherited .env values or REDIS_URL leaking into the config.
    env: { PATH: process.env.PATH ?? '', NODE_PATH: path.join(ROOT, 'node_modules'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const collect = (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    }),
  );
  running.set(child, exited);
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  await eventually(
    () => {
      if (gone) throw new Error(`the bot exited during start:\n${lines.join('\n')}`);
      return lines.some((l) => l.includes('hosted-messaging bot started'));
    },
    20_000,
    'bot start',
  );
  return {
    process: child,
    url: `http://127.0.0.1:${env.PORT}`,
    lines,
    exited,
    async crash() {
      child.kill('SIGKILL');
      await exited;
    },
    async terminate() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Kills whatever child a failed test left behind (afterAll). */
export async function killChildren(): Promise<void> {
  const left = [...running];
  for (const [child] of left) child.kill('SIGKILL');
  await Promise.all(left.map(([, exited]) => exited));
}
