import { buildRemovalOpened } from '../views/removal-opened';
import type { ListenerDeps } from './deps';

/**
 * `/hosted remove <numbers>`: opens a removal request in the channel the command was typed in.
 * A removal needs nothing but the numbers, so there is no form: the request is created, its
 * numbers are looked up in the account, and its card waits for an approver like an import's.
 */
export async function runRemove(
  deps: Pick<ListenerDeps, 'workflow' | 'command' | 'logger'>,
  input: { userId: string; channelId: string; text: string },
  reply: (message: ReturnType<typeof buildRemovalOpened>) => Promise<unknown>,
): Promise<void> {
  const created = await deps.workflow.createRequest({
    kind: 'remove',
    requesterId: input.userId,
    channelId: input.channelId,
    numbers: input.text,
    checkNow: false,
  });
  const { invalid, duplicates } = created.parsed;
  await reply(
    buildRemovalOpened({
      outcome: created.ok
        ? { requestId: created.request.id, numbers: created.request.numbers.length }
        : { refusal: created.refusal.message },
      invalid,
      duplicates,
      command: deps.command,
    }),
  );
  // The card appears once the numbers are checked; if Bandwidth is down, the poller checks later.
  // A failure here is the poller's to retry: the request is stored and the requester was told.
  if (!created.ok) return;
  try {
    await deps.workflow.checkRequest(created.request.id);
  } catch (error) {
    deps.logger.warn(
      { err: error, requestId: created.request.id },
      'checking a removal failed; the poller retries',
    );
  }
}
