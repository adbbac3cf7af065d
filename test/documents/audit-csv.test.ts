import { AUDIT_CSV_COLUMNS, buildAuditCsv, parseExportRange } from '../../src/documents/audit-csv';
import { readCsvRecords } from '../../src/documents/csv-records';
import type { ImportRequest } from '../../src/domain/request';
import { makeRequest, submitted, tns } from '../views/fixtures';

/** The CSV read back as one object per row, keyed by column. */
function rows(content: string): Record<string, string>[] {
  const [header, ...records] = [...readCsvRecords(content, ',')].map((record) => record.fields);
  expect(header).toEqual([...AUDIT_CSV_COLUMNS]);
  return records.map((fields) => Object.fromEntries(header!.map((column, i) => [column, fields[i]!])));
}

const NOV_1 = new Date('2026-11-01T00:00:00Z');
const DEC_1 = new Date('2026-12-01T00:00:00Z');

describe('buildAuditCsv', () => {
  it('writes one row per request and number with the check, decision, order and outcome', () => {
    const request = submitted(
      {
        status: 'PARTIAL',
        errors: [{ code: '7518', description: 'Telephone Number Not Active', numbers: tns(1, 1) }],
      },
      {
        state: 'partial',
        decision: { outcome: 'approved', by: 'U0APPROVER', at: '2025-03-04T16:00:00.000Z', reason: 'ok' },
        loaFiles: [
          {
            slackFileId: 'F1',
            name: 'loa.pdf',
            mimetype: 'application/pdf',
            size: 10,
            sharedBy: 'U0REQUEST',
            sharedAt: '2025-03-04T15:30:00.000Z',
            uploads: {},
          },
          {
            slackFileId: 'F2',
            name: 'loa page 2.pdf',
            mimetype: 'application/pdf',
            size: 10,
            sharedBy: 'U0REQUEST',
            sharedAt: '2025-03-04T15:31:00.000Z',
            uploads: {},
          },
        ],
      },
    );
    const result = rows(buildAuditCsv([request]).content);
    expect(result).toHaveLength(5);
    expect(result[0]).toEqual({
      request_id: 'HM-7KQ2XD',
      created_at: '2025-03-04T15:06:00.000Z',
      requester: 'U0REQUEST',
      subscriber: 'Acme Dental',
      reference: '',
      number: '9192000000',
      check_result: 'importable',
      check_code: '',
      check_description: '',
      decision: 'approved',
      decided_by: 'U0APPROVER',
      decided_at: '2025-03-04T16:00:00.000Z',
      reason: 'ok',
      customer_order_id: 'HM-7KQ2XD',
      order_id: 'b1a4c9e2-0000-4000-8000-000000000001',
      order_status: 'PARTIAL',
      error_code: '',
      error_description: '',
      loa_files: 'loa.pdf; loa page 2.pdf',
      request_state: 'partial',
      number_outcome: 'imported',
      request_kind: 'import',
    });
    expect(result[1]).toMatchObject({
      number: '9192000001',
      error_code: '7518',
      error_description: 'Telephone Number Not Active',
      number_outcome: 'failed',
    });
    expect(result[3]).toMatchObject({
      number: '9192000003',
      check_result: 'refused',
      check_code: '19005',
      check_description: 'Messaging route of 9192000003 is not configured.',
      order_id: '',
      number_outcome: 'not importable',
    });
  });

  it('gives the rejection reason and the rejected outcome for a rejected request', () => {
    const request = makeRequest({
      state: 'rejected',
      decision: {
        outcome: 'rejected',
        by: 'U0APPROVER',
        at: '2025-03-05T09:00:00Z',
        reason: 'Wrong customer',
      },
    });
    const [first] = rows(buildAuditCsv([request]).content);
    expect(first).toMatchObject({
      decision: 'rejected',
      decided_by: 'U0APPROVER',
      decided_at: '2025-03-05T09:00:00.000Z',
      reason: 'Wrong customer',
      number_outcome: 'rejected',
    });
  });

  it.each([
    ['COMPLETE', 'imported'],
    ['FAILED', 'failed'],
    ['EXCEPTION', 'needs attention'],
    ['PROCESSING', 'in progress'],
  ] as const)('calls a number on a %s order %s', (status, outcome) => {
    const [first] = rows(buildAuditCsv([submitted({ status })]).content);
    expect(first!.number_outcome).toBe(outcome);
  });

  it('marks a removal as such: no subscriber, removable and removed numbers, the kind in the last column', () => {
    const { details: _none, ...base } = submitted(
      { status: 'COMPLETE', numbers: tns(2) },
      {
        state: 'complete',
        numbers: [...tns(2), ...tns(1, 2)],
        check: {
          importable: tns(2),
          rejected: [
            { code: 'not-in-service', description: 'Not in service on this account', numbers: tns(1, 2) },
          ],
          checkedAt: '2025-03-04T15:06:00.000Z',
        },
      },
    );
    const result = rows(buildAuditCsv([{ ...base, kind: 'remove' }]).content);
    expect(
      result.map((r) => [r.subscriber, r.check_result, r.check_code, r.number_outcome, r.request_kind]),
    ).toEqual([
      ['', 'removable', '', 'removed', 'remove'],
      ['', 'removable', '', 'removed', 'remove'],
      ['', 'refused', 'not-in-service', 'not removable', 'remove'],
    ]);
  });

  it('keeps a request without numbers as one row', () => {
    const request = makeRequest({ numbers: [], check: undefined, state: 'cancelled' });
    const result = rows(buildAuditCsv([request]).content);
    expect(result).toHaveLength(1);
    expect(result[0]).toMatchObject({ request_id: 'HM-7KQ2XD', number: '', request_state: 'cancelled' });
  });

  it('quotes commas, quotes and line breaks, and defuses spreadsheet formulas', () => {
    const request = makeRequest({
      details: {
        ...makeRequest().details!,
        subscriberName: 'Acme, "The" Dentists',
        reference: '=HYPERLINK("x")',
      },
      decision: { outcome: 'rejected', by: 'U1', at: '2025-03-05T09:00:00Z', reason: 'line one\nline two' },
      state: 'rejected',
    });
    const { content } = buildAuditCsv([request]);
    expect(content).toContain('"Acme, ""The"" Dentists"');
    expect(content).toContain(`"'=HYPERLINK(""x"")"`);
    expect(content).toContain('"line one\nline two"');
    expect(content.endsWith('\r\n')).toBe(true);
    expect(rows(content)[0]).toMatchObject({
      subscriber: 'Acme, "The" Dentists',
      reason: 'line one\nline two',
    });
  });

  it('keeps only requests created in the range, oldest first', () => {
    const at = (id: string, createdAt: string): ImportRequest =>
      makeRequest({ id, createdAt, numbers: tns(1) });
    const requests = [
      at('HM-LATE', '2026-11-30T23:59:59.999Z'),
      at('HM-BEFORE', '2026-10-31T23:59:59.999Z'),
      at('HM-FIRST', '2026-11-01T00:00:00.000Z'),
      at('HM-AFTER', '2026-12-01T00:00:00.000Z'),
    ];
    const result = rows(buildAuditCsv(requests, { from: NOV_1, to: DEC_1 }).content);
    expect(result.map((row) => row.request_id)).toEqual(['HM-FIRST', 'HM-LATE']);
  });

  it('always writes the header row, even when nothing matches', () => {
    const { content } = buildAuditCsv([makeRequest()], { from: DEC_1 });
    expect(content).toBe(`${AUDIT_CSV_COLUMNS.join(',')}\r\n`);
  });

  it('names the file after the days it covers', () => {
    expect(buildAuditCsv([], { from: NOV_1, to: DEC_1 }).filename).toBe(
      'hosted-messaging-audit-2026-11-01-to-2026-11-30.csv',
    );
    expect(buildAuditCsv([], { from: NOV_1 }).filename).toBe('hosted-messaging-audit-since-2026-11-01.csv');
    expect(buildAuditCsv([], { to: DEC_1 }).filename).toBe('hosted-messaging-audit-until-2026-11-30.csv');
    expect(buildAuditCsv([]).filename).toBe('hosted-messaging-audit.csv');
  });

  it('lists every number of a large request', () => {
    const numbers = tns(3_000);
    const request = submitted({ numbers, status: 'COMPLETE' }, { numbers, check: undefined });
    const result = rows(buildAuditCsv([request]).content);
    expect(result.map((row) => row.number)).toEqual(numbers);
    expect(new Set(result.map((row) => row.order_status))).toEqual(new Set(['COMPLETE']));
  });
});

describe('parseExportRange', () => {
  const now = new Date('2026-11-30T12:00:00Z');

  it('takes no arguments as every request', () => {
    expect(parseExportRange('  ', now)).toEqual({ ok: true, range: {}, description: 'every request' });
  });

  it('reads two days as a range that includes the whole last day', () => {
    expect(parseExportRange('2026-11-01 2026-11-30', now)).toEqual({
      ok: true,
      range: { from: NOV_1, to: DEC_1 },
      description: 'created 2026-11-01 to 2026-11-30 (UTC)',
    });
  });

  it.each([
    '2026-11-01 to 2026-11-30',
    '2026-11-01..2026-11-30',
    '2026-11-01, 2026-11-30',
    '2026-11-01 - 2026-11-30',
  ])('ignores the filler in %j', (text) => {
    expect(parseExportRange(text, now)).toMatchObject({ ok: true, range: { from: NOV_1, to: DEC_1 } });
  });

  it('reads one month as that whole month', () => {
    expect(parseExportRange('2026-11', now)).toEqual({
      ok: true,
      range: { from: NOV_1, to: DEC_1 },
      description: 'created in 2026-11 (UTC)',
    });
  });

  it('reads one day as from that day on', () => {
    expect(parseExportRange('2026-11-15', now)).toEqual({
      ok: true,
      range: { from: new Date('2026-11-15T00:00:00Z') },
      description: 'created since 2026-11-15 (UTC)',
    });
  });

  it('reads months at both ends from the first of one to the end of the other', () => {
    expect(parseExportRange('2026-01 2026-03', now)).toMatchObject({
      ok: true,
      range: { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-04-01T00:00:00Z') },
    });
  });

  it.each([
    ['nov', /"nov" is not a date I can read/],
    ['2026-02-30', /2026-02-30 is not a date on the calendar/],
    ['2026-13', /months run from 01 to 12/],
    ['2026-11-30 2026-11-01', /would end before it starts: 2026-11-01 is before 2026-11-30/],
    ['2026-11-01 2026-11-15 2026-11-30', /at most two dates/],
    ['2026-12-01', /is in the future/],
  ])('refuses %j in plain words', (text, message) => {
    const result = parseExportRange(text, now);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.message).toMatch(message);
  });

  it('accepts a clock given as milliseconds', () => {
    expect(parseExportRange('2026-11-30', now.getTime()).ok).toBe(true);
  });
});
