import type { ImportRequest } from '../domain/request';
import type { Tn } from '../domain/tn';
import { wordsFor } from './kind-words';

/**
 * Every number of a request and where it stands, as CSV. A card shows a few hundred numbers at
 * most; for a large request the notifier uploads this file to the thread and passes its
 * permalink to buildRequestCard({ fullListUrl }).
 */
export function buildNumberListCsv(request: ImportRequest): { filename: string; content: string } {
  const rows: string[][] = [
    ['number', 'check', 'check_code', 'order', 'order_status', 'error_code', 'error'],
  ];
  const importable = new Set(request.check?.importable ?? []);
  const refused = new Map<Tn, { code: string; description: string }>();
  for (const group of request.check?.rejected ?? []) {
    for (const n of group.numbers) refused.set(n, group);
  }
  const orderOf = new Map<Tn, ImportRequest['orders'][number]>();
  const orderError = new Map<Tn, { code: string; description: string }>();
  for (const order of request.orders) {
    for (const n of order.numbers) orderOf.set(n, order);
    for (const group of order.errors) for (const n of group.numbers) orderError.set(n, group);
  }
  for (const n of request.numbers) {
    const r = refused.get(n);
    const check = importable.has(n)
      ? wordsFor(request).eligible
      : r
        ? 'refused'
        : request.check
          ? 'not checked'
          : 'pending';
    const order = orderOf.get(n);
    const error = orderError.get(n) ?? r;
    rows.push([
      n,
      check,
      r?.code ?? '',
      order?.orderId ?? order?.customerOrderId ?? '',
      order?.status ?? '',
      error?.code ?? '',
      error?.description ?? '',
    ]);
  }
  const content = `${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
  return { filename: `${request.id}-numbers.csv`, content };
}

/**
 * Quotes a cell when needed (RFC 4180), and defuses spreadsheet formulas (a description could
 * start with "="). Shared by every CSV the bot writes so there is one guard to get right.
 */
export function csvCell(value: string): string {
  const defused = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(defused) ? `"${defused.replace(/"/g, '""')}"` : defused;
}
