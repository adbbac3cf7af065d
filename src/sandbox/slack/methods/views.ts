import { randomBytes } from 'node:crypto';
import { asObject, asString } from '../http-utils';
import type { SlackState } from '../state';
import type { FakeView, SlackObject, SlackResponse } from '../types';
import { fail, type MethodHandler, missing, ok } from './context';
import { viewErrors } from './validate';

/** Modals stack at most three deep. */
const MAX_STACK = 3;

function newHash(state: SlackState): string {
  return `${Math.floor(state.config.now() / 1000)}.${randomBytes(4).toString('hex')}`;
}

/** The view as Slack returns it: the bot's fields plus the ones Slack owns. */
function toSlackView(state: SlackState, id: string, view: SlackObject, links: SlackObject): SlackObject {
  return {
    id,
    team_id: state.config.teamId,
    type: view.type,
    title: view.title,
    submit: view.submit,
    close: view.close,
    blocks: view.blocks ?? [],
    private_metadata: asString(view.private_metadata) ?? '',
    callback_id: asString(view.callback_id) ?? '',
    external_id: asString(view.external_id) ?? '',
    state: { values: {} },
    hash: newHash(state),
    clear_on_close: view.clear_on_close === true,
    notify_on_close: view.notify_on_close === true,
    previous_view_id: null,
    root_view_id: id,
    app_id: state.config.appId,
    app_installed_team_id: state.config.teamId,
    bot_id: state.config.botId,
    ...links,
  };
}

/** Checks the trigger and the view; on success returns the user the trigger was minted for. */
function exchange(
  state: SlackState,
  args: SlackObject,
  types: string[],
): { view: SlackObject; userId: string | undefined; triggerId: string } | SlackResponse {
  const triggerId = asString(args.trigger_id) ?? asString(args.interactivity_pointer);
  if (triggerId === undefined) return missing('trigger_id');
  const view = asObject(args.view);
  const errors = viewErrors(view, types);
  if (view === undefined || errors.length > 0) return fail('invalid_arguments', errors);
  const externalId = asString(view.external_id);
  if (externalId && [...state.views.values()].some((v) => v.view.external_id === externalId)) {
    return fail('duplicate_external_id');
  }
  const result = state.exchangeTrigger(triggerId);
  if ('error' in result) {
    return result.error === 'invalid_trigger_id'
      ? fail('invalid_arguments', ['invalid `trigger_id`'])
      : fail(result.error);
  }
  return { view, userId: result.userId, triggerId };
}

function record(state: SlackState, fake: FakeView): SlackResponse {
  state.views.set(fake.id, fake);
  return ok({ view: fake.view });
}

const open: MethodHandler = ({ args, state }) => {
  const exchanged = exchange(state, args, ['modal']);
  if ('ok' in exchanged) return exchanged;
  const id = state.nextId('V');
  return record(state, {
    id,
    triggerId: exchanged.triggerId,
    userId: exchanged.userId,
    openedWith: 'views.open',
    view: toSlackView(state, id, exchanged.view, {}),
    history: [],
  });
};

const push: MethodHandler = ({ args, state }) => {
  const exchanged = exchange(state, args, ['modal']);
  if ('ok' in exchanged) return exchanged;
  // The new view goes on top of the user's most recent modal stack.
  const top = [...state.views.values()].filter((v) => v.userId === exchanged.userId).pop();
  const rootId = asString(top?.view.root_view_id) ?? top?.id;
  const stack = [...state.views.values()].filter(
    (v) => rootId !== undefined && v.view.root_view_id === rootId,
  );
  if (stack.length >= MAX_STACK) return fail('push_limit_reached');
  const id = state.nextId('V');
  return record(state, {
    id,
    triggerId: exchanged.triggerId,
    userId: exchanged.userId,
    openedWith: 'views.push',
    view: toSlackView(state, id, exchanged.view, {
      previous_view_id: top?.id ?? null,
      root_view_id: rootId ?? id,
    }),
    history: [],
  });
};

const update: MethodHandler = ({ args, state }) => {
  const viewId = asString(args.view_id);
  const externalId = asString(args.external_id);
  if (!viewId && !externalId)
    return fail('invalid_arguments', ['[ERROR] either view_id or external_id is required']);
  const view = asObject(args.view);
  const errors = viewErrors(view, ['modal']);
  if (view === undefined || errors.length > 0) return fail('invalid_arguments', errors);
  const fake = viewId
    ? state.views.get(viewId)
    : [...state.views.values()].find((v) => v.view.external_id === externalId);
  if (fake === undefined) return fail('not_found');
  const hash = asString(args.hash);
  if (hash !== undefined && hash !== fake.view.hash) return fail('hash_conflict');
  fake.history.push(fake.view);
  fake.view = toSlackView(state, fake.id, view, {
    previous_view_id: fake.view.previous_view_id,
    root_view_id: fake.view.root_view_id,
    // external_id survives an update that does not restate it.
    external_id: asString(view.external_id) ?? fake.view.external_id,
  });
  return ok({ view: fake.view });
};

const publish: MethodHandler = ({ args, state }) => {
  const userId = asString(args.user_id);
  if (userId === undefined || userId === '') return missing('user_id');
  const view = asObject(args.view);
  const errors = viewErrors(view, ['home']);
  if (view === undefined || errors.length > 0) return fail('invalid_arguments', errors);
  const existing = state.homeViews.get(userId);
  const hash = asString(args.hash);
  if (hash !== undefined && existing !== undefined && hash !== existing.view.hash)
    return fail('hash_conflict');
  const id = existing?.id ?? state.nextId('V');
  const published: FakeView = {
    id,
    userId,
    openedWith: 'views.publish',
    view: toSlackView(state, id, view, {}),
    history: existing === undefined ? [] : [...existing.history, existing.view],
  };
  state.homeViews.set(userId, published);
  return ok({ view: published.view });
};

export const viewMethods: Record<string, MethodHandler> = {
  'views.open': open,
  'views.push': push,
  'views.update': update,
  'views.publish': publish,
};
