import { z } from 'zod';

/**
 * The bot's configuration, read from environment variables (and `.env`, loaded by main.ts
 * before this runs). This is the only module that looks at the environment: everything else
 * receives the parsed `Config`.
 */

/** Thrown when the environment cannot make a working bot; the message names every problem. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(
      `The bot cannot start; fix these settings (environment variables or .env):\n- ${problems.join('\n- ')}`,
    );
  }
}

const optional = z.string().trim().min(1).optional();
const boolean = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const positiveInt = (fallback: number) =>
  z.coerce
    .number({ message: 'must be a number' })
    .int('must be a whole number')
    .positive('must be above 0')
    .default(fallback);
/** Hours between reminders; 0 turns them off, fractions allowed (0.5 = every half hour). */
const hours = (fallback: number) =>
  z.coerce
    .number({ message: 'must be a number of hours' })
    .min(0, 'must be 0 (off) or more')
    .default(fallback);
const httpUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' });
const slackId = /^[UWS][A-Z0-9]{2,}$/;

const schema = z.object({
  SLACK_BOT_TOKEN: z
    .string({ message: 'is missing (the bot token, xoxb-…)' })
    .startsWith('xoxb-', 'must start with xoxb-'),
  SLACK_SIGNING_SECRET: optional,
  SLACK_APP_TOKEN: z.string().startsWith('xapp-', 'must start with xapp-').optional(),
  SLACK_API_URL: httpUrl.default('https://slack.com/api/'),
  SLACK_COMMAND: z
    .string()
    .regex(/^\/[a-z0-9_-]{1,31}$/, 'must be a slash command such as /hosted')
    .default('/hosted'),
  BANDWIDTH_ACCOUNT_ID: z
    .string({ message: 'is missing (your Bandwidth account id)' })
    .regex(/^\d+$/, 'must be digits'),
  BANDWIDTH_CLIENT_ID: optional,
  BANDWIDTH_CLIENT_SECRET: optional,
  BANDWIDTH_USERNAME: optional,
  BANDWIDTH_PASSWORD: optional,
  BANDWIDTH_API_URL: httpUrl.default('https://api.bandwidth.com/api'),
  BANDWIDTH_TOKEN_URL: httpUrl.default('https://api.bandwidth.com/api/v1/oauth2/token'),
  BANDWIDTH_API_VERSION: z.enum(['v1', 'v2'], { message: 'must be v1 or v2' }).default('v1'),
  BANDWIDTH_SITE_ID: z
    .string({ message: 'is missing (the sub-account/site for imported numbers)' })
    .regex(/^\d+$/, 'must be digits'),
  BANDWIDTH_SIP_PEER_ID: z.string().regex(/^\d+$/, 'must be digits').optional(),
  BANDWIDTH_TIMEOUT_MS: positiveInt(10_000),
  WEBHOOK_PATH: z.string().startsWith('/', 'must start with /').default('/bandwidth/webhooks'),
  WEBHOOK_USERNAME: z
    .string({ message: 'is missing (Bandwidth must present it on order notifications)' })
    .min(1),
  WEBHOOK_PASSWORD: z
    .string({ message: 'is missing (Bandwidth must present it on order notifications)' })
    .min(8, 'must be at least 8 characters'),
  PUBLIC_URL: httpUrl.optional(),
  APPROVERS: z
    .string({ message: 'is missing (comma-separated Slack user ids U… and/or user group ids S…)' })
    .transform((v) =>
      v
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean),
    )
    .pipe(
      z
        .array(z.string().regex(slackId, 'must list Slack user ids (U…, W…) or user group ids (S…)'))
        .min(1, 'must name at least one approver'),
    ),
  ALLOW_SELF_APPROVAL: boolean.default(false),
  STORE_URL: z
    .string()
    .regex(
      /^(sqlite:\/\/.+|redis:\/\/.+|rediss:\/\/.+|memory:\/\/)$/,
      'must be sqlite://path, redis://host:port or memory://',
    )
    .default('sqlite://data/hosted-bot.sqlite'),
  POLL_INTERVAL_SECONDS: positiveInt(300),
  APPROVAL_REMINDER_HOURS: hours(4),
  LOA_REMINDER_HOURS: hours(24),
  MAX_NUMBERS_PER_ORDER: positiveInt(5000),
  LOA_MAX_BYTES: positiveInt(10 * 1024 * 1024),
  PORT: z.coerce.number({ message: 'must be a number' }).int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/** The rules that involve more than one variable: which credentials go together. */
function crossVariableProblems(env: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  const oauth = env.BANDWIDTH_CLIENT_ID || env.BANDWIDTH_CLIENT_SECRET;
  if (oauth && !(env.BANDWIDTH_CLIENT_ID && env.BANDWIDTH_CLIENT_SECRET)) {
    problems.push('BANDWIDTH_CLIENT_SECRET BANDWIDTH_CLIENT_ID and BANDWIDTH_CLIENT_SECRET go together');
  }
  if (!oauth && !(env.BANDWIDTH_USERNAME && env.BANDWIDTH_PASSWORD)) {
    problems.push(
      'BANDWIDTH_CLIENT_ID is missing: set BANDWIDTH_CLIENT_ID and BANDWIDTH_CLIENT_SECRET (OAuth2; Basic API users are retired on 2 Dec 2026)',
    );
  }
  if (!env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET) {
    problems.push('SLACK_SIGNING_SECRET is missing (needed unless SLACK_APP_TOKEN selects Socket Mode)');
  }
  return problems;
}

/** Everything the bot needs to start, parsed and checked. */
export interface Config {
  slack: {
    botToken: string;
    signingSecret?: string;
    appToken?: string;
    apiUrl: string;
    command: string;
  };
  bandwidth: {
    accountId: string;
    clientId?: string;
    clientSecret?: string;
    username?: string;
    password?: string;
    apiUrl: string;
    tokenUrl: string;
    apiVersion: 'v1' | 'v2';
    siteId: string;
    sipPeerId?: string;
    timeoutMs: number;
  };
  webhook: { path: string; username: string; password: string };
  publicUrl?: string;
  approvers: string[];
  allowSelfApproval: boolean;
  storeUrl: string;
  pollIntervalMs: number;
  /** A request waiting for approval this long reminds the approvers, again after as long; 0 = off. */
  approvalReminderMs: number;
  /** An order without an LOA reminds the requester after this long, and again; 0 = off. */
  loaReminderMs: number;
  maxNumbersPerOrder: number;
  loaMaxBytes: number;
  port: number;
  logLevel: string;
}

/** Every key whose value is a secret: the logger redacts these wherever they appear. */
export const SECRET_KEYS = [
  'botToken',
  'signingSecret',
  'appToken',
  'clientSecret',
  'password',
  'authorization',
  'access_token',
] as const;

/**
 * Parses the environment. Empty strings count as unset (a `.env` line like `PORT=` means
 * "use the default").
 *
 * @throws ConfigError naming every missing or malformed variable.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const present = Object.fromEntries(
    Object.entries(env).filter(
      ([key, value]) => key in schema.shape && value !== undefined && value.trim() !== '',
    ),
  );
  const parsed = schema.safeParse(present);
  // Rules across variables are read from the raw values, so they are reported together with the
  // per-variable problems instead of only once those are fixed.
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`)),
    ...crossVariableProblems(present),
  ];
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  return {
    slack: {
      botToken: e.SLACK_BOT_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: e.SLACK_API_URL.endsWith('/') ? e.SLACK_API_URL : `${e.SLACK_API_URL}/`,
      command: e.SLACK_COMMAND,
    },
    bandwidth: {
      accountId: e.BANDWIDTH_ACCOUNT_ID,
      clientId: e.BANDWIDTH_CLIENT_ID,
      clientSecret: e.BANDWIDTH_CLIENT_SECRET,
      username: e.BANDWIDTH_CLIENT_ID ? undefined : e.BANDWIDTH_USERNAME,
      password: e.BANDWIDTH_CLIENT_ID ? undefined : e.BANDWIDTH_PASSWORD,
      apiUrl: e.BANDWIDTH_API_URL.replace(/\/+$/, ''),
      tokenUrl: e.BANDWIDTH_TOKEN_URL,
      apiVersion: e.BANDWIDTH_API_VERSION,
      siteId: e.BANDWIDTH_SITE_ID,
      sipPeerId: e.BANDWIDTH_SIP_PEER_ID,
      timeoutMs: e.BANDWIDTH_TIMEOUT_MS,
    },
    webhook: { path: e.WEBHOOK_PATH, username: e.WEBHOOK_USERNAME, password: e.WEBHOOK_PASSWORD },
    publicUrl: e.PUBLIC_URL,
    approvers: e.APPROVERS,
    allowSelfApproval: e.ALLOW_SELF_APPROVAL,
    storeUrl: e.STORE_URL,
    pollIntervalMs: e.POLL_INTERVAL_SECONDS * 1000,
    approvalReminderMs: Math.round(e.APPROVAL_REMINDER_HOURS * 3_600_000),
    loaReminderMs: Math.round(e.LOA_REMINDER_HOURS * 3_600_000),
    maxNumbersPerOrder: e.MAX_NUMBERS_PER_ORDER,
    loaMaxBytes: e.LOA_MAX_BYTES,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
  };
}
