import type { BandwidthSimulator } from './bandwidth';
import type { FakeSlack } from './slack';

/** The stand-ins a bot talks to instead of Slack and Bandwidth, all on 127.0.0.1. */
export interface StandIns {
  sim: Pick<BandwidthSimulator, 'accountId' | 'credentials' | 'apiUrl' | 'tokenUrl'>;
  fake: Pick<FakeSlack, 'botToken' | 'apiUrl'>;
}

export interface StandInSecrets {
  signingSecret: string;
  webhook: { username: string; password: string };
}

/** The simulator takes any positive site id; every stand-in bot uses this one. */
export const STAND_IN_SITE_ID = '4001';

/**
 * The environment that points a bot at the simulated Bandwidth and the fake Slack: what the
 * sandbox page, the tests and the benchmarks share. Callers add approvers, the store, the port
 * and whatever else their bot needs.
 */
export function standInBotEnv({ sim, fake }: StandIns, secrets: StandInSecrets): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: fake.botToken,
    SLACK_SIGNING_SECRET: secrets.signingSecret,
    SLACK_API_URL: fake.apiUrl,
    BANDWIDTH_ACCOUNT_ID: sim.accountId,
    BANDWIDTH_CLIENT_ID: sim.credentials.clientId,
    BANDWIDTH_CLIENT_SECRET: sim.credentials.clientSecret,
    BANDWIDTH_API_URL: sim.apiUrl,
    BANDWIDTH_TOKEN_URL: sim.tokenUrl,
    BANDWIDTH_SITE_ID: STAND_IN_SITE_ID,
    WEBHOOK_USERNAME: secrets.webhook.username,
    WEBHOOK_PASSWORD: secrets.webhook.password,
  };
}
