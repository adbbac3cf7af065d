import { asString } from '../http-utils';
import type { SlackState } from '../state';
import type { FakeUser, SlackObject } from '../types';
import { fail, type MethodHandler, ok } from './context';

function toSlackUser(state: SlackState, user: FakeUser): SlackObject {
  const name = user.name ?? user.id.toLowerCase();
  const realName = user.realName ?? name;
  const tz = user.tz ?? 'America/New_York';
  return {
    id: user.id,
    team_id: state.config.teamId,
    name,
    deleted: user.deleted === true,
    real_name: realName,
    tz,
    tz_label: tz,
    tz_offset: 0,
    is_admin: false,
    is_owner: false,
    is_bot: user.isBot === true,
    is_app_user: false,
    updated: Math.floor(state.config.now() / 1000),
    profile: {
      real_name: realName,
      display_name: name,
      real_name_normalized: realName,
      display_name_normalized: name,
      email: user.email,
      team: state.config.teamId,
    },
  };
}

const authTest: MethodHandler = ({ state, baseUrl }) =>
  ok({
    url: `${baseUrl}/`,
    team: 'Sandbox',
    user: 'hosted-bot',
    team_id: state.config.teamId,
    user_id: state.config.botUserId,
    bot_id: state.config.botId,
    is_enterprise_install: false,
  });

const usersInfo: MethodHandler = ({ args, state }) => {
  const id = asString(args.user);
  const user = id === undefined ? undefined : state.config.users.get(id);
  return user === undefined ? fail('user_not_found') : ok({ user: toSlackUser(state, user) });
};

const usergroupUsers: MethodHandler = ({ args, state }) => {
  const id = asString(args.usergroup);
  const users = id === undefined ? undefined : state.config.usergroups.get(id);
  return users === undefined ? fail('no_such_subteam') : ok({ users: [...users] });
};

const conversationsInfo: MethodHandler = ({ args, state }) => {
  const id = asString(args.channel);
  const channel = id === undefined ? undefined : state.channel(id);
  if (channel === undefined) return fail('channel_not_found');
  const isIm = channel.id.startsWith('D');
  return ok({
    channel: {
      id: channel.id,
      name: isIm ? undefined : (channel.name ?? channel.id.toLowerCase()),
      is_channel: !isIm && channel.isPrivate !== true,
      is_group: false,
      is_im: isIm,
      is_private: isIm || channel.isPrivate === true,
      is_archived: channel.isArchived === true,
      is_member: channel.isMember !== false,
      is_general: false,
      is_shared: false,
      is_ext_shared: false,
      is_org_shared: false,
      created: 1_700_000_000,
      creator: state.config.botUserId,
      context_team_id: state.config.teamId,
    },
  });
};

export const directoryMethods: Record<string, MethodHandler> = {
  'auth.test': authTest,
  'users.info': usersInfo,
  'usergroups.users.list': usergroupUsers,
  'conversations.info': conversationsInfo,
};
