import { FINAL_REQUEST_STATES, type ImportRequest } from '../domain/request';
import { fromWireNumber, parseTelephoneNumbers } from '../domain/tn';
import type { WorkflowContext } from './context';
import { SETS } from './repository';

/**
 * Finds a request by what people paste: its id (any case, chunk suffix allowed), a Bandwidth
 * order id, or one of its numbers (the newest request holding it).
 */
export async function findRequest(ctx: WorkflowContext, query: string): Promise<ImportRequest | undefined> {
  const text = query.trim();
  if (text === '') return undefined;
  const upper = text.toUpperCase();
  for (const id of [upper, upper.replace(/-\d+$/, '')]) {
    const request = await ctx.repo.load(id);
    if (request) return request;
  }
  const byOrder = await ctx.repo.requestIdForOrder(text.toLowerCase());
  const ordered = byOrder ?? (await ctx.repo.requestIdForOrder(text));
  if (ordered !== undefined) return ctx.repo.load(ordered);
  const tn = fromWireNumber(text.replace(/[\s().-]/g, '')) ?? parseTelephoneNumbers(text).numbers[0];
  if (tn === undefined) return undefined;
  const holders = await ctx.repo.loadMany(await ctx.store.setMembers(SETS.number(tn)));
  return newestFirst(holders)[0];
}

/** Requests not yet final, oldest first (the ones people are waiting on). */
export async function listOpenRequests(ctx: WorkflowContext): Promise<ImportRequest[]> {
  const requests = await ctx.repo.loadMany(await ctx.store.setMembers(SETS.open));
  return requests
    .filter((r) => !FINAL_REQUEST_STATES.has(r.state))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** A person's requests, newest first. */
export async function listRequestsFor(ctx: WorkflowContext, userId: string): Promise<ImportRequest[]> {
  return newestFirst(await ctx.repo.loadMany(await ctx.store.setMembers(SETS.user(userId))));
}

/**
 * Every request, for the audit export. Requests stored before the export existed join the list
 * when the poller next re-derives their indexes; a person's own requests are always included.
 */
export async function listAllRequests(ctx: WorkflowContext): Promise<ImportRequest[]> {
  const ids = new Set(await ctx.store.setMembers(SETS.all));
  for (const id of await ctx.store.setMembers(SETS.open)) ids.add(id);
  return ctx.repo.loadMany(ids);
}

/** Requests with events not yet told in Slack (the notifier's sweep after a restart). */
export async function listRequestsWithPendingEvents(ctx: WorkflowContext): Promise<string[]> {
  return ctx.store.setMembers(SETS.outbox);
}

function newestFirst(requests: ImportRequest[]): ImportRequest[] {
  return [...requests].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}
