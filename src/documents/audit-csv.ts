import { type ImportRequest, kindOf, type RejectedNumbers, type RequestOrder } from '../domain/request';
import type { Tn } from '../domain/tn';
import { wordsFor } from '../views/kind-words';
import { csvCell } from '../views/number-list-file';

/**
 * Which requests an export covers, by the instant each was created. Both ends are optional; dates
 * are UTC days, so `to` is the start of the day after the last day asked for.
 */
export interface ExportRange {
  /** Requests created at or after this instant. */
  from?: Date;
  /** Requests created before this instant. */
  to?: Date;
}

export const AUDIT_CSV_COLUMNS = [
  'request_id',
  'created_at',
  'requester',
  'subscriber',
  'reference',
  'number',
  'check_result',
  'check_code',
  'check_description',
  'decision',
  'decided_by',
  'decided_at',
  'reason',
  'customer_order_id',
  'order_id',
  'order_status',
  'error_code',
  'error_description',
  'loa_files',
  'request_state',
  'number_outcome',
  'request_kind',
] as const;

/**
 * The audit trail as CSV: one row per request and number (a request without numbers still gets
 * one row), oldest request first, with what the checker said, who decided what and why, which
 * order carried the number and how it ended. Cells are quoted per RFC 4180 and guarded against
 * spreadsheet formulas (a rejection reason is free text); dates are ISO 8601 UTC. The header row
 * is there even when no request falls in the range, so an empty export still opens as a table.
 *
 * `number_outcome` is the number's own end: imported, failed, needs attention (the order ended
 * in EXCEPTION), in progress, not importable, pending, or the request's end when it stopped
 * before an order (rejected, expired, cancelled).
 */
export function buildAuditCsv(
  requests: readonly ImportRequest[],
  range: ExportRange = {},
): { filename: string; content: string } {
  const from = range.from?.getTime() ?? Number.NEGATIVE_INFINITY;
  const to = range.to?.getTime() ?? Number.POSITIVE_INFINITY;
  const selected = requests
    .filter((request) => {
      const created = Date.parse(request.createdAt);
      return created >= from && created < to;
    })
    .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.id.localeCompare(b.id));

  const lines = [AUDIT_CSV_COLUMNS.join(',')];
  for (const request of selected) {
    for (const row of requestRows(request)) lines.push(row.map(csvCell).join(','));
  }
  return { filename: auditFilename(range), content: `${lines.join('\r\n')}\r\n` };
}

function requestRows(request: ImportRequest): string[][] {
  const importable = new Set(request.check?.importable ?? []);
  const refused = byNumber(request.check?.rejected ?? []);
  const orderOf = new Map<Tn, RequestOrder>();
  const orderErrors = new Map<Tn, RejectedNumbers>();
  for (const order of request.orders) {
    for (const n of order.numbers) orderOf.set(n, order);
    for (const [n, group] of byNumber(order.errors)) orderErrors.set(n, group);
  }
  const decision = request.decision;
  const shared = {
    request: [
      request.id,
      isoDate(request.createdAt),
      request.requesterId,
      request.details?.subscriberName ?? '',
      request.details?.reference ?? '',
    ],
    decision: [decision?.outcome ?? '', decision?.by ?? '', isoDate(decision?.at), decision?.reason ?? ''],
    loaFiles: request.loaFiles.map((file) => file.name).join('; '),
  };

  const numbers: (Tn | undefined)[] = request.numbers.length > 0 ? request.numbers : [undefined];
  return numbers.map((n) => {
    const refusal = n === undefined ? undefined : refused.get(n);
    const order = n === undefined ? undefined : orderOf.get(n);
    const error = n === undefined ? undefined : orderErrors.get(n);
    const check =
      n === undefined
        ? ''
        : importable.has(n)
          ? wordsFor(request).eligible
          : refusal
            ? 'refused'
            : request.check
              ? 'not checked'
              : 'pending';
    return [
      ...shared.request,
      n ?? '',
      check,
      refusal?.code ?? '',
      refusal?.description ?? '',
      ...shared.decision,
      order?.customerOrderId ?? '',
      order?.orderId ?? '',
      order?.status ?? '',
      error?.code ?? '',
      error?.description ?? '',
      shared.loaFiles,
      request.state,
      n === undefined ? '' : numberOutcome(request, order, refusal, error),
      kindOf(request),
    ];
  });
}

function numberOutcome(
  request: ImportRequest,
  order: RequestOrder | undefined,
  refusal: RejectedNumbers | undefined,
  error: RejectedNumbers | undefined,
): string {
  if (error) return 'failed';
  if (order) {
    switch (order.status) {
      // Bandwidth lists a PARTIAL order's failures per number; a number not among them went through.
      case 'COMPLETE':
      case 'PARTIAL':
        return wordsFor(request).done;
      case 'FAILED':
        return 'failed';
      case 'EXCEPTION':
        return 'needs attention';
      default:
        return 'in progress';
    }
  }
  if (refusal || request.state === 'not_importable') return `not ${wordsFor(request).eligible}`;
  if (request.state === 'rejected' || request.state === 'expired' || request.state === 'cancelled') {
    return request.state;
  }
  return 'pending';
}

function byNumber(groups: readonly RejectedNumbers[]): Map<Tn, RejectedNumbers> {
  const map = new Map<Tn, RejectedNumbers>();
  for (const group of groups) for (const n of group.numbers) map.set(n, group);
  return map;
}

/** Stored dates are ISO already; this makes them uniform and leaves anything unreadable as it was. */
function isoDate(value: string | undefined): string {
  if (value === undefined) return '';
  const time = Date.parse(value);
  return Number.isNaN(time) ? value : new Date(time).toISOString();
}

function auditFilename({ from, to }: ExportRange): string {
  const first = from && day(from);
  // `to` is exclusive: the file is named after the last day it covers.
  const last = to && day(new Date(to.getTime() - 1));
  if (first && last) return `hosted-messaging-audit-${first}-to-${last}.csv`;
  if (first) return `hosted-messaging-audit-since-${first}.csv`;
  if (last) return `hosted-messaging-audit-until-${last}.csv`;
  return 'hosted-messaging-audit.csv';
}

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** What {@link parseExportRange} understood, or why it could not. */
export type ParsedExportRange =
  | {
      ok: true;
      range: ExportRange;
      /** The range in words for the reply ("created 2026-11-01 to 2026-11-30 (UTC)"). */
      description: string;
    }
  | { ok: false; message: string };

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;
/** Words people put between the two dates; they carry no meaning. */
const FILLER = new Set(['to', 'until', 'through', 'thru', '-', '–', '—']);
const EXAMPLE = 'For example: `export 2026-11-01 2026-11-30`, or `export 2026-11` for a whole month.';

/**
 * Reads the arguments of `export [from] [to]`: nothing (every request), one or two days written
 * 2026-11-01, or months written 2026-11 (a month as `from` starts on its first day, as `to` ends
 * on its last). One day alone means "from that day on"; one month alone means that month. Days
 * are UTC. Errors are sentences for the person who typed the command.
 *
 * @example
 * parseExportRange('2026-11-01 2026-11-30', new Date())
 * // → { ok: true, range: { from: 2026-11-01T00:00Z, to: 2026-12-01T00:00Z }, description: … }
 */
export function parseExportRange(text: string, now: Date | number): ParsedExportRange {
  const tokens = text
    .trim()
    .split(/[\s,]+|\.\./)
    .filter((token) => token !== '' && !FILLER.has(token.toLowerCase()));
  if (tokens.length === 0) return { ok: true, range: {}, description: 'every request' };
  if (tokens.length > 2) {
    return { ok: false, message: `Give at most two dates, where the export starts and ends. ${EXAMPLE}` };
  }

  const periods: Period[] = [];
  for (const token of tokens) {
    const period = readPeriod(token);
    if (typeof period === 'string') return { ok: false, message: period };
    periods.push(period);
  }
  const [first, second] = periods as [Period, Period | undefined];
  const from = first.start;
  const to = second ? second.end : first.kind === 'month' ? first.end : undefined;
  if (to && to.getTime() <= from.getTime()) {
    return {
      ok: false,
      message: `The export would end before it starts: ${second!.text} is before ${first.text}.`,
    };
  }
  if (from.getTime() > new Date(now).getTime()) {
    return { ok: false, message: `${first.text} is in the future, so no request was created then yet.` };
  }
  const description = second
    ? `created ${first.text} to ${second.text} (UTC)`
    : first.kind === 'month'
      ? `created in ${first.text} (UTC)`
      : `created since ${first.text} (UTC)`;
  return { ok: true, range: to ? { from, to } : { from }, description };
}

interface Period {
  kind: 'day' | 'month';
  text: string;
  start: Date;
  /** Exclusive. */
  end: Date;
}

function readPeriod(token: string): Period | string {
  const day = DAY.exec(token);
  if (day) {
    const [year, month, date] = [Number(day[1]), Number(day[2]), Number(day[3])];
    const start = new Date(Date.UTC(year, month - 1, date));
    if (start.getUTCMonth() !== month - 1 || start.getUTCDate() !== date) {
      return `${token} is not a date on the calendar. ${EXAMPLE}`;
    }
    return { kind: 'day', text: token, start, end: new Date(Date.UTC(year, month - 1, date + 1)) };
  }
  const month = MONTH.exec(token);
  if (month) {
    const [year, index] = [Number(month[1]), Number(month[2])];
    if (index < 1 || index > 12) return `${token} is not a month: months run from 01 to 12. ${EXAMPLE}`;
    return {
      kind: 'month',
      text: token,
      start: new Date(Date.UTC(year, index - 1, 1)),
      end: new Date(Date.UTC(year, index, 1)),
    };
  }
  return `"${token}" is not a date I can read. Write days as 2026-11-01 and months as 2026-11. ${EXAMPLE}`;
}
