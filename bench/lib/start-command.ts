import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * How `npm start` runs the bot: the environment variables and Node flags of package.json's
 * `start` script (`[NAME=value …] node [--flag …] dist/main.js`). The benchmark's bot processes
 * run with exactly these, so what it measures is the bot as deployed, never a configuration of
 * its own; the Dockerfile's CMD and ENV carry the same (test/bench/start-command.test.ts).
 */
export interface StartCommand {
  env: Record<string, string>;
  nodeFlags: string[];
  script: string;
}

/** Reads and checks the start script; throws when it no longer has the shape above. */
export function startCommand(packageJsonPath = findPackageJson()): StartCommand {
  const pkg = JSON.parse(readFileSync(packageJsonPath, 'utf8')) as { scripts?: Record<string, string> };
  const start = pkg.scripts?.start;
  if (!start) throw new Error(`${packageJsonPath} has no start script`);
  return parseStartCommand(start);
}

export function parseStartCommand(start: string): StartCommand {
  const words = start.trim().split(/\s+/);
  const env: Record<string, string> = {};
  let i = 0;
  for (; i < words.length; i++) {
    const assignment = /^([A-Z_][A-Z0-9_]*)=(\S*)$/.exec(words[i]!);
    if (!assignment) break;
    env[assignment[1]!] = assignment[2]!;
  }
  if (words[i] !== 'node') throw new Error(`start script must run node (got "${start}")`);
  const nodeFlags: string[] = [];
  for (i += 1; i < words.length && words[i]!.startsWith('--'); i++) nodeFlags.push(words[i]!);
  const script = words[i];
  if (script === undefined || i !== words.length - 1) {
    throw new Error(`start script must end with the one script node runs (got "${start}")`);
  }
  return { env, nodeFlags, script };
}

/** The project's package.json, above this file whether it runs as .ts or from dist/bench-build. */
function findPackageJson(): string {
  let dir = __dirname;
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (existsSync(candidate)) return candidate;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = up;
  }
}
