import { type Actor, blockActionsPayload, SANDBOX_IDS, slashCommandForm } from '../../src/sandbox/slack';
import { ids } from '../../src/views/ids';
import type { LoadItem } from '../workers/load';
import { CHANNEL, COMMAND, type Sandbox } from './sandbox';

const FORM = 'application/x-www-form-urlencoded';

function actor(userId: string): Actor {
  return { teamId: SANDBOX_IDS.teamId, appId: SANDBOX_IDS.appId, userId };
}

/** A slash command as Slack posts it, with a trigger id and response_url the fake accepts. */
export function slashCommandItem(sandbox: Sandbox, userId: string, text: string): LoadItem {
  const form = slashCommandForm(actor(userId), {
    command: COMMAND,
    text,
    channelId: CHANNEL,
    triggerId: sandbox.fake.mintTriggerId(userId),
    responseUrl: sandbox.fake.mintResponseUrl(),
  });
  return { body: new URLSearchParams(form).toString(), contentType: FORM };
}

/** A click on a request card's Approve button. */
export function approveClickItem(sandbox: Sandbox, userId: string, requestId: string): LoadItem {
  const payload = blockActionsPayload(actor(userId), {
    actionId: ids.card.approve,
    blockId: ids.card.actionsBlock,
    value: requestId,
    triggerId: sandbox.fake.mintTriggerId(userId),
    actionTs: (Date.now() / 1000).toFixed(6),
    channelId: CHANNEL,
    responseUrl: sandbox.fake.mintResponseUrl(),
  });
  return { body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), contentType: FORM };
}

/** Distinct valid NANP numbers, importable by the simulator's rules (last four never 19xx). */
export function numbersFrom(first: number, count: number): string[] {
  const out: string[] = [];
  for (let n = first; out.length < count; n++) {
    const last4 = n % 10_000;
    if (last4 >= 1900 && last4 < 2000) continue;
    if ([7518, 5163, 911, 408].includes(last4)) continue;
    out.push(String(n));
  }
  return out;
}
