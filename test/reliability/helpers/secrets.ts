import type { BandwidthSimulator } from '../../../src/sandbox/bandwidth';
import type { FakeSlack } from '../../../src/sandbox/slack';
import { SIGNING_SECRET, WEBHOOK } from '../../helpers/bot-harness';

/** A secret the bot knows, by name, and the exact text that must never be shown. */
export interface Secret {
  name: string;
  value: string;
}

/** Every configured secret of a bot aimed at this simulator and fake Slack. */
export function secretsOf(options: { fake: Pick<FakeSlack, 'botToken'>; sim: BandwidthSimulator }): Secret[] {
  const { sim } = options;
  const webhookBasic = Buffer.from(`${WEBHOOK.username}:${WEBHOOK.password}`).toString('base64');
  const bandwidthBasic = Buffer.from(`${sim.credentials.clientId}:${sim.credentials.clientSecret}`).toString(
    'base64',
  );
  return [
    { name: 'Slack bot token', value: options.fake.botToken },
    { name: 'Slack signing secret', value: SIGNING_SECRET },
    { name: 'webhook password', value: WEBHOOK.password },
    { name: 'webhook Basic credentials', value: webhookBasic },
    { name: 'Bandwidth client secret', value: sim.credentials.clientSecret },
    { name: 'Bandwidth client Basic credentials', value: bandwidthBasic },
    { name: 'Bandwidth password', value: sim.credentials.password },
  ];
}

/**
 * Names of the secrets found in `text`, plus any OAuth access token (the simulator issues JWTs,
 * "eyJ…"; none is known in advance) or bearer header value.
 */
export function findSecrets(text: string, secrets: readonly Secret[]): string[] {
  const found = secrets.filter((s) => text.includes(s.value)).map((s) => s.name);
  if (/eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/.test(text)) found.push('an OAuth access token (JWT)');
  if (/Bearer\s+[A-Za-z0-9._~+/-]{12,}/i.test(text)) found.push('a Bearer authorization value');
  return found;
}

/** Everything the bot wrote that a person or a log reader can see: log lines and every Slack call's arguments. */
export function visibleOutput(h: { logs: readonly string[]; fake: FakeSlack }): string {
  return [
    ...h.logs,
    ...h.fake.calls.map((c) => JSON.stringify(c.args)),
    ...h.fake.responseUrlPosts.map((p) => JSON.stringify(p.body)),
  ].join('\n');
}

/** Asserts that no secret of the harness appears in its logs or in anything it sent to Slack. */
export function expectNoSecrets(h: {
  logs: readonly string[];
  fake: FakeSlack;
  sim: BandwidthSimulator;
}): void {
  expect(findSecrets(visibleOutput(h), secretsOf(h))).toEqual([]);
}
