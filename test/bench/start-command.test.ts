import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseStartCommand, startCommand } from '../../bench/lib/start-command';

const ROOT = path.join(__dirname, '..', '..');

/** The Dockerfile's final stage: its CMD (exec form) and the variables its ENV lines set. */
function dockerRuntime(): { cmd: string[]; env: Record<string, string> } {
  const text = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8').replace(/\\\n/g, ' ');
  const finalStage = text.slice(text.lastIndexOf('\nFROM '));
  const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(finalStage)?.[1] ?? 'null') as string[];
  const env: Record<string, string> = {};
  for (const line of finalStage.match(/^ENV .*$/gm) ?? []) {
    for (const [, name, value] of line.matchAll(/([A-Z_][A-Z0-9_]*)=(\S+)/g)) env[name!] = value!;
  }
  return { cmd, env };
}

describe('the start command the benchmark runs the bot with', () => {
  it('is what npm start runs, and what the container runs', () => {
    const start = startCommand(path.join(ROOT, 'package.json'));
    expect(start.script).toBe('dist/main.js');
    const docker = dockerRuntime();
    expect(docker.cmd).toEqual(['node', ...start.nodeFlags, start.script]);
    for (const [name, value] of Object.entries(start.env)) expect(docker.env[name]).toBe(value);
  });

  it('bounds the V8 heap as docs/OPERATING.md says, with flags this Node accepts', () => {
    const { nodeFlags, env } = startCommand(path.join(ROOT, 'package.json'));
    expect(nodeFlags).toEqual(expect.arrayContaining([expect.stringMatching(/^--max-old-space-size=\d+$/)]));
    // A flag Node does not know stops it at once ("bad option"), so this fails on a typo too.
    const heap = JSON.parse(
      execFileSync(
        process.execPath,
        [...nodeFlags, '-e', 'process.stdout.write(JSON.stringify(require("v8").getHeapStatistics()))'],
        { env: { ...process.env, ...env } },
      ).toString(),
    ) as { heap_size_limit: number };
    const oldSpaceMb = Number(
      /^--max-old-space-size=(\d+)$/.exec(nodeFlags.find((f) => f.startsWith('--max-old-space-size='))!)![1],
    );
    // The limit is the old space plus the young generation, far below V8's default on a large machine.
    expect(heap.heap_size_limit / 1024 / 1024).toBeGreaterThanOrEqual(oldSpaceMb);
    expect(heap.heap_size_limit / 1024 / 1024).toBeLessThan(oldSpaceMb + 64);
    const docs = readFileSync(path.join(ROOT, 'docs', 'OPERATING.md'), 'utf8');
    for (const flag of nodeFlags) expect(docs).toContain(flag);
    for (const [name, value] of Object.entries(env)) expect(docs).toContain(`${name}=${value}`);
  });

  it('reads variables, flags and the script, and refuses other shapes', () => {
    expect(parseStartCommand('MALLOC_ARENA_MAX=2 node --max-old-space-size=256 dist/main.js')).toEqual({
      env: { MALLOC_ARENA_MAX: '2' },
      nodeFlags: ['--max-old-space-size=256'],
      script: 'dist/main.js',
    });
    expect(() => parseStartCommand('npm run build && node dist/main.js')).toThrow(/must run node/);
    expect(() => parseStartCommand('node dist/main.js --inspect')).toThrow(/end with/);
  });
});
