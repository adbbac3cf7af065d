import { ConfigError, loadConfig } from '../../src/config';
import { minimal } from './fixtures';

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('applies the documented defaults to a minimal environment', () => {
    const config = loadConfig(minimal);
    expect(config.slack.command).toBe('/hosted');
    expect(config.slack.apiUrl).toBe('https://slack.com/api/');
    expect(config.bandwidth.apiUrl).toBe('https://api.bandwidth.com/api');
    expect(config.bandwidth.apiVersion).toBe('v1');
    expect(config.webhook.path).toBe('/bandwidth/webhooks');
    expect(config.storeUrl).toBe('sqlite://data/hosted-bot.sqlite');
    expect(config.pollIntervalMs).toBe(300_000);
    expect(config.port).toBe(3000);
    expect(config.allowSelfApproval).toBe(false);
    expect(config.approvers).toEqual(['U0123ABCD', 'S0456EFGH']);
  });

  it('treats empty strings as unset', () => {
    const config = loadConfig({ ...minimal, PORT: '', POLL_INTERVAL_SECONDS: '  ' });
    expect(config.port).toBe(3000);
    expect(config.pollIntervalMs).toBe(300_000);
  });

  it('coerces numbers and booleans', () => {
    const config = loadConfig({
      ...minimal,
      PORT: '8080',
      POLL_INTERVAL_SECONDS: '30',
      ALLOW_SELF_APPROVAL: 'true',
    });
    expect(config.port).toBe(8080);
    expect(config.pollIntervalMs).toBe(30_000);
    expect(config.allowSelfApproval).toBe(true);
  });

  it('names every missing variable in one error', () => {
    const problems = problemsOf({});
    const named = problems.map((p) => p.split(' ')[0]);
    expect(named).toEqual(
      expect.arrayContaining([
        'SLACK_BOT_TOKEN',
        'BANDWIDTH_ACCOUNT_ID',
        'BANDWIDTH_SITE_ID',
        'WEBHOOK_USERNAME',
        'WEBHOOK_PASSWORD',
        'APPROVERS',
        'BANDWIDTH_CLIENT_ID',
        'SLACK_SIGNING_SECRET',
      ]),
    );
  });

  it('explains malformed values', () => {
    const problems = problemsOf({
      ...minimal,
      SLACK_BOT_TOKEN: 'xoxp-user',
      PORT: 'eighty',
      APPROVERS: 'alice',
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'SLACK_BOT_TOKEN must start with xoxb-',
        expect.stringMatching(/^PORT /),
        expect.stringMatching(/^APPROVERS\.0 must list Slack user ids/),
      ]),
    );
  });

  it('requires OAuth2 credentials or legacy Basic credentials', () => {
    const { BANDWIDTH_CLIENT_ID, BANDWIDTH_CLIENT_SECRET, ...withoutOauth } = minimal;
    expect(problemsOf(withoutOauth)).toEqual([expect.stringMatching(/^BANDWIDTH_CLIENT_ID is missing/)]);
    const basic = loadConfig({ ...withoutOauth, BANDWIDTH_USERNAME: 'api-user', BANDWIDTH_PASSWORD: 'pw' });
    expect(basic.bandwidth.username).toBe('api-user');
    expect(basic.bandwidth.clientId).toBeUndefined();
  });

  it('prefers OAuth2 when both kinds of credentials are set', () => {
    const config = loadConfig({ ...minimal, BANDWIDTH_USERNAME: 'api-user', BANDWIDTH_PASSWORD: 'pw' });
    expect(config.bandwidth.clientId).toBe('client-id');
    expect(config.bandwidth.username).toBeUndefined();
  });

  it('never puts a secret value into its error message', () => {
    const problems = problemsOf({
      ...minimal,
      SLACK_BOT_TOKEN: 'not-a-bot-token-secret',
      WEBHOOK_PASSWORD: 'short',
    });
    expect(problems.join('\n')).not.toMatch(/not-a-bot-token-secret|short\b/);
  });
});
