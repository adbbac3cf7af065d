import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.resolve(__dirname, '../..');

/** A complete configuration, minus whatever a test removes or breaks. */
const VALID: Record<string, string> = {
  SLACK_BOT_TOKEN: 'xoxb-test',
  SLACK_SIGNING_SECRET: 'secret',
  BANDWIDTH_ACCOUNT_ID: '9900000',
  BANDWIDTH_CLIENT_ID: 'id',
  BANDWIDTH_CLIENT_SECRET: 'client-secret-value',
  BANDWIDTH_SITE_ID: '4001',
  WEBHOOK_USERNAME: 'hooks',
  WEBHOOK_PASSWORD: 'hook-password',
  APPROVERS: 'U0APPROVER',
  STORE_URL: 'memory://',
  PORT: '0',
};

/**
 * `npm start` runs `node dist/main.js` after the build; this builds the same way into a temporary
 * directory (so it neither needs nor touches ./dist) and runs the built entry point as a child.
 */
describe('starting the bot with a bad configuration', () => {
  let out: string;
  let cwd: string;

  beforeAll(async () => {
    out = await mkdtemp(path.join(tmpdir(), 'hosted-bot-build-'));
    cwd = await mkdtemp(path.join(tmpdir(), 'hosted-bot-cwd-'));
    // A type error elsewhere in the tree (another engineer's work in progress) still emits JS;
    // what matters here is that main.js was built.
    await promisify(execFile)(
      process.execPath,
      [
        require.resolve('typescript/bin/tsc'),
        '-p',
        'tsconfig.build.json',
        '--outDir',
        out,
        '--sourceMap',
        'false',
      ],
      { cwd: ROOT },
    ).catch(() => undefined);
    if (!existsSync(path.join(out, 'main.js'))) throw new Error('the build produced no main.js');
  }, 120_000);
  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
    await rm(cwd, { recursive: true, force: true });
  });

  /** Runs the built bot in an empty directory (no .env) with only `env`; resolves on exit. */
  function start(
    env: Record<string, string>,
  ): Promise<{ code: number | null; stderr: string; stdout: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [path.join(out, 'main.js')], {
        cwd,
        env: { PATH: process.env.PATH ?? '', NODE_PATH: path.join(ROOT, 'node_modules'), ...env },
      });
      let stderr = '';
      let stdout = '';
      child.stderr.on('data', (chunk) => {
        stderr += String(chunk);
      });
      child.stdout.on('data', (chunk) => {
        stdout += String(chunk);
      });
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.on('error', reject);
      child.on('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, stderr, stdout });
      });
    });
  }

  it('names a missing variable in one clear message and exits non-zero', async () => {
    const { SLACK_BOT_TOKEN: _missing, ...env } = VALID;
    const result = await start(env);
    expect(result.code).not.toBe(0);
    expect(result.code).not.toBeNull();
    expect(result.stderr).toMatch(/cannot start/);
    expect(result.stderr).toMatch(/SLACK_BOT_TOKEN/);
    // Only the problem is named: no stack trace, no other variable.
    expect(result.stderr).not.toMatch(/\s+at /);
    expect(result.stderr).not.toMatch(/BANDWIDTH_ACCOUNT_ID|APPROVERS/);
  }, 20_000);

  it('names a malformed variable and never prints a secret', async () => {
    const result = await start({ ...VALID, PORT: 'eighty', APPROVERS: 'bob' });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/PORT/);
    expect(result.stderr).toMatch(/APPROVERS/);
    expect(`${result.stderr}${result.stdout}`).not.toContain('client-secret-value');
    expect(`${result.stderr}${result.stdout}`).not.toContain('hook-password');
  }, 20_000);
});
