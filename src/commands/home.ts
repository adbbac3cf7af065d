import type {
  AllMiddlewareArgs,
  BlockButtonAction,
  SlackActionMiddlewareArgs,
  SlackEventMiddlewareArgs,
} from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { FINAL_REQUEST_STATES } from '../domain/request';
import { buildHomeView } from '../views/home';
import { buildImportModal } from '../views/import-modal';
import type { ListenerDeps } from './deps';

type HomeOpenedArgs = SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs;
type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** Requests shown under "recent outcomes" finished at most this long ago. */
const RECENT_MS = 7 * 24 * 3600_000;

/** Builds and publishes one person's Home tab from the workflow's lists. */
export async function publishHome(
  deps: ListenerDeps,
  client: WebClient,
  userId: string,
  now = Date.now(),
): Promise<void> {
  const [open, mine, isApprover] = await Promise.all([
    deps.workflow.listOpenRequests(),
    deps.workflow.listRequestsFor(userId),
    deps.approvers.isApprover(userId),
  ]);
  const recentOutcomes = mine
    .filter((r) => FINAL_REQUEST_STATES.has(r.state) && now - Date.parse(r.updatedAt) < RECENT_MS)
    .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  const view = buildHomeView({
    awaitingMyApproval: isApprover ? open.filter((r) => r.state === 'awaiting_approval') : [],
    myRequests: mine.filter((r) => !FINAL_REQUEST_STATES.has(r.state)),
    openOrders: open.filter((r) => r.state === 'submitting' || r.state === 'submitted'),
    recentOutcomes,
    isApprover,
    command: deps.command,
  });
  await client.views.publish({ user_id: userId, view });
}

/** The Home tab: what needs this person, what they asked for, and the team's open orders. */
export function handleAppHomeOpened(deps: ListenerDeps) {
  return async ({ event, client }: HomeOpenedArgs): Promise<void> => {
    if (event.tab !== 'home') return;
    deps.jobs.run('home', () => publishHome(deps, client, event.user), { userId: event.user });
  };
}

export function handleHomeRefresh(deps: ListenerDeps) {
  return async ({ ack, body, client }: ButtonArgs): Promise<void> => {
    await ack();
    deps.jobs.run('home', () => publishHome(deps, client, body.user.id), { userId: body.user.id });
  };
}

/** "New import" on the Home tab: there is no channel there, so the form asks where the card goes. */
export function handleHomeNewImport(_deps: ListenerDeps) {
  return async ({ ack, body, client }: ButtonArgs): Promise<void> => {
    await ack();
    await client.views.open({
      trigger_id: body.trigger_id,
      view: buildImportModal({}),
    });
  };
}
