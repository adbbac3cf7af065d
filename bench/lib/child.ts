import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { startCommand } from './start-command';

/**
 * A benchmark worker in its own process, spoken to over IPC. The bot and the bare Bolt app run
 * alone in a worker so the load generator, the simulator and the fake Slack (all in the parent)
 * do not show up in their CPU time or their event-loop delays.
 */
export interface Worker {
  readonly pid: number;
  /** What the worker sent when it was ready (its port, say). */
  readonly ready: Record<string, unknown>;
  call<T = unknown>(command: string, args?: unknown): Promise<T>;
  /** Asks the worker to stop, then kills it if it has not exited within 5 s. */
  stop(): Promise<void>;
}

interface Reply {
  id: number;
  ok: boolean;
  result?: unknown;
  error?: string;
}

/** The worker module beside the workers folder, in whichever form this suite runs (.ts or compiled .js). */
export function workerPath(name: string): string {
  const ext = path.extname(__filename);
  return path.join(__dirname, '..', 'workers', `${name}${ext}`);
}

/**
 * Forks `bench/workers/{name}` with `args` in its environment (BENCH_ARGS, JSON) and waits for its
 * `ready` message. Under jest the worker is TypeScript, loaded through bench/register.js.
 */
export async function startWorker(
  name: string,
  args: unknown,
  options: { execArgv?: string[]; timeoutMs?: number } = {},
): Promise<Worker> {
  const file = workerPath(name);
  const execArgv = [...(options.execArgv ?? [])];
  // BENCH_CPU_PROF=dir profiles the bot processes (`node --cpu-prof`), written when they stop.
  const profileDir = process.env.BENCH_CPU_PROF;
  if (profileDir && name === 'bot') execArgv.push('--cpu-prof', `--cpu-prof-dir=${profileDir}`);
  // The bot runs with the Node flags and environment of `npm start` (package.json), as deployed.
  const production = name === 'bot' ? startCommand() : { nodeFlags: [], env: {} };
  execArgv.push(...production.nodeFlags);
  if (file.endsWith('.ts')) execArgv.unshift('-r', path.join(__dirname, '..', 'register.js'));
  const child: ChildProcess = fork(file, [], {
    execArgv,
    env: { ...process.env, ...production.env, BENCH_ARGS: JSON.stringify(args) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let exited = false;
  const exitedPromise = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      for (const { reject } of pending.values()) reject(new Error(`worker ${name} exited`));
      pending.clear();
      resolve();
    }),
  );
  const ready = await new Promise<Record<string, unknown>>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`worker ${name} not ready`)),
      options.timeoutMs ?? 60_000,
    );
    child.once('message', (message) => {
      clearTimeout(timer);
      resolve(message as Record<string, unknown>);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`worker ${name} exited with ${code} before it was ready`));
    });
  });
  child.on('message', (message) => {
    const reply = message as Reply;
    const waiter = pending.get(reply.id);
    if (!waiter) return;
    pending.delete(reply.id);
    if (reply.ok) waiter.resolve(reply.result);
    else waiter.reject(new Error(`worker ${name}: ${reply.error}`));
  });
  return {
    pid: child.pid ?? -1,
    ready,
    call<T>(command: string, callArgs?: unknown): Promise<T> {
      if (exited) return Promise.reject(new Error(`worker ${name} has exited`));
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        child.send({ id, command, args: callArgs });
      });
    },
    async stop() {
      if (exited) return;
      child.send({ id: 0, command: 'exit' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exitedPromise;
      clearTimeout(timer);
    },
  };
}

/** The worker side: answers the parent's calls with `handlers` and reports ready. */
export function serveWorker(
  ready: Record<string, unknown>,
  handlers: Record<string, (args: unknown) => unknown>,
  onExit: () => Promise<void> = async () => undefined,
): void {
  process.on('message', (message: { id: number; command: string; args?: unknown }) => {
    if (message.command === 'exit') {
      void onExit().finally(() => process.exit(0));
      return;
    }
    const handler = handlers[message.command];
    Promise.resolve()
      .then(() => {
        if (!handler) throw new Error(`unknown command ${message.command}`);
        return handler(message.args);
      })
      .then(
        (result) => process.send?.({ id: message.id, ok: true, result }),
        (error: unknown) => process.send?.({ id: message.id, ok: false, error: String(error) }),
      );
  });
  // The parent going away must not leave a worker behind.
  process.on('disconnect', () => process.exit(0));
  process.send?.(ready);
}

/** The arguments the parent passed to this worker. */
export function workerArgs<T>(): T {
  return JSON.parse(process.env.BENCH_ARGS ?? '{}') as T;
}
