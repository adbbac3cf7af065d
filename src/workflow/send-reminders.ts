import { FINAL_REQUEST_STATES } from '../domain/request';
import {
  awaitsReminders,
  dueReminders,
  type ReminderPolicy,
  recordReminder,
} from '../domain/request-reminders';
import { mapLimit, type WorkflowContext } from './context';
import { SETS } from './repository';

/** Requests looked at once; each costs a read and, when a reminder is due, one atomic update. */
const CONCURRENCY = 4;

export interface RemindersSummary {
  /** Reminders recorded in outboxes (the notifier posts them). */
  sent: number;
  /** Requests whose reminders failed (logged; tried again next sweep). */
  failed: number;
}

/**
 * Nudges people about requests that wait on them: approvers about a request nobody decided on,
 * the requester about an order without a signed LOA. Runs in the poller's sweep, so one replica
 * at a time; each reminder is also recorded inside the request's atomic update, which checks it
 * is still due, so even two sweeps racing record it once. State lives on the request, so a
 * restart neither repeats nor forgets one.
 */
export async function sendReminders(ctx: WorkflowContext): Promise<RemindersSummary> {
  const summary: RemindersSummary = { sent: 0, failed: 0 };
  const policy: ReminderPolicy = {
    approvalEveryMs: ctx.config.approvalReminderMs ?? 0,
    loaEveryMs: ctx.config.loaReminderMs ?? 0,
  };
  if (!(policy.approvalEveryMs > 0) && !(policy.loaEveryMs > 0)) return summary;
  const audience = { approvers: ctx.config.approvers, allowSelfApproval: ctx.config.allowSelfApproval };
  const ids = [
    ...new Set([...(await ctx.store.setMembers(SETS.open)), ...(await ctx.store.setMembers(SETS.reminders))]),
  ];
  const now = ctx.now();
  await mapLimit(ids, CONCURRENCY, async (id) => {
    try {
      const request = await ctx.repo.load(id);
      // Only a finished request leaves the index: its state no longer changes, so nothing can
      // make it owe a reminder again after this check.
      if (!request || (FINAL_REQUEST_STATES.has(request.state) && !awaitsReminders(request))) {
        await ctx.store.removeFromSet(SETS.reminders, id);
        return;
      }
      for (const due of dueReminders(request, now, policy)) {
        const outcome = await ctx.repo.mutate(id, (current) => {
          const t = recordReminder(current, due, now, policy, audience);
          const request = t.ok ? t.request : current;
          return { request, result: request !== current };
        });
        if (outcome?.result) {
          summary.sent += 1;
          ctx.logger.info({ requestId: id, kind: due.kind, count: due.slot }, 'reminder recorded');
        }
      }
    } catch (error) {
      summary.failed += 1;
      ctx.logger.error({ requestId: id, err: error }, 'sending reminders failed');
    }
  });
  return summary;
}
