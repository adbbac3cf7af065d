import type { Logger } from '../logger';

/** The part of Slack's Web API the approver check needs. */
export interface UsergroupsApi {
  usergroups: {
    users: { list(args: { usergroup: string }): Promise<{ ok?: boolean; users?: string[] }> };
  };
}

export interface ApproverDirectoryOptions {
  /** User ids (U…, W…) and user group ids (S…) from APPROVERS. */
  approvers: readonly string[];
  client: UsergroupsApi;
  logger: Logger;
  /** How long a group's members are trusted before asking Slack again. */
  cacheMs?: number;
  now?: () => number;
}

/** Answers "may this person approve?" on every click. */
export interface ApproverDirectory {
  isApprover(userId: string): Promise<boolean>;
}

/**
 * Resolves APPROVERS: user ids directly, user groups through usergroups.users.list, cached
 * briefly so a busy channel does not ask Slack on every click, yet a person removed from the
 * group loses the right within a minute.
 */
export function createApproverDirectory(options: ApproverDirectoryOptions): ApproverDirectory {
  const { client, logger, cacheMs = 60_000, now = Date.now } = options;
  const users = new Set(options.approvers.filter((id) => !id.startsWith('S')));
  const groups = options.approvers.filter((id) => id.startsWith('S'));
  const cache = new Map<string, { members: Set<string>; fetchedAt: number }>();

  async function membersOf(group: string): Promise<Set<string>> {
    const cached = cache.get(group);
    if (cached && now() - cached.fetchedAt < cacheMs) return cached.members;
    try {
      const answer = await client.usergroups.users.list({ usergroup: group });
      const members = new Set(answer.users ?? []);
      cache.set(group, { members, fetchedAt: now() });
      return members;
    } catch (error) {
      // A stale answer is better than refusing every approver while Slack hiccups; with no
      // answer at all, refusing is the safe side.
      logger.warn({ err: error, usergroup: group }, 'could not list approver group members');
      return cached?.members ?? new Set();
    }
  }

  return {
    async isApprover(userId) {
      if (users.has(userId)) return true;
      for (const group of groups) {
        if ((await membersOf(group)).has(userId)) return true;
      }
      return false;
    },
  };
}
