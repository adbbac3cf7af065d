import { createHash } from 'node:crypto';
import { hostsItsNumbers, recordMessagingLost } from '../domain/request-transitions';
import { fromWireNumber, type Tn } from '../domain/tn';
import type { WorkflowContext } from './context';
import { NS, SETS } from './repository';

/** The same MESSAGING_LOST delivered twice within this window is told once. */
const DEDUPE_MS = 3600_000;

/**
 * Tells each request whose hosted numbers another carrier's port-in took (Bandwidth's
 * MESSAGING_LOST event). Numbers may arrive as 10 digits or E.164.
 */
export async function messagingLost(
  ctx: WorkflowContext,
  numbers: readonly string[],
): Promise<{ requestIds: string[]; unmatched: Tn[] }> {
  const tns = [...new Set(numbers.flatMap((n) => fromWireNumber(n) ?? []))].sort();
  if (tns.length === 0) return { requestIds: [], unmatched: [] };
  const digest = createHash('sha256').update(tns.join(',')).digest('hex').slice(0, 32);
  if (!(await ctx.store.setIfAbsent(NS.dedupe, `messaging-lost:${digest}`, true, DEDUPE_MS))) {
    return { requestIds: [], unmatched: [] };
  }
  const byRequest = new Map<string, Tn[]>();
  const unmatched: Tn[] = [];
  for (const tn of tns) {
    const ids = await ctx.store.setMembers(SETS.number(tn));
    const requests = await ctx.repo.loadMany(ids);
    const holders = requests.filter(hostsItsNumbers);
    if (holders.length === 0) unmatched.push(tn);
    for (const r of holders) byRequest.set(r.id, [...(byRequest.get(r.id) ?? []), tn]);
  }
  const now = ctx.now();
  for (const [requestId, lost] of byRequest) {
    await ctx.repo.mutate(requestId, (r) => ({ request: recordMessagingLost(r, lost, now), result: null }));
  }
  ctx.logger.warn(
    { requestIds: [...byRequest.keys()], numbers: tns.length },
    'messaging lost on hosted numbers',
  );
  return { requestIds: [...byRequest.keys()], unmatched };
}
