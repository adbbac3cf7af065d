import { buildNumberListCsv } from '../../src/views/number-list-file';
import { makeRequest, order, tns } from './fixtures';

describe('buildNumberListCsv', () => {
  it('has one row per number with its check and order result', () => {
    const request = makeRequest({
      orders: [
        order({
          numbers: tns(3),
          status: 'PARTIAL',
          errors: [{ code: '7518', description: 'Telephone Number Not Active', numbers: tns(1, 1) }],
        }),
      ],
    });
    const { filename, content } = buildNumberListCsv(request);
    expect(filename).toBe('HM-7KQ2XD-numbers.csv');
    const rows = content.trimEnd().split('\r\n');
    expect(rows).toHaveLength(6);
    expect(rows[0]).toBe('number,check,check_code,order,order_status,error_code,error');
    expect(rows[1]).toBe('9192000000,importable,,b1a4c9e2-0000-4000-8000-000000000001,PARTIAL,,');
    expect(rows[2]).toBe(
      '9192000001,importable,,b1a4c9e2-0000-4000-8000-000000000001,PARTIAL,7518,Telephone Number Not Active',
    );
    expect(rows[4]).toBe('9192000003,refused,19005,,,19005,Messaging route of 9192000003 is not configured.');
  });

  it('quotes commas and defuses spreadsheet formulas', () => {
    const request = makeRequest({
      check: {
        importable: [],
        rejected: [{ code: '1', description: '=HYPERLINK("x"), boom', numbers: tns(1) }],
        checkedAt: '',
      },
      numbers: tns(1),
    });
    const rows = buildNumberListCsv(request).content.trimEnd().split('\r\n');
    expect(rows[1]).toBe('9192000000,refused,1,,,1,"\'=HYPERLINK(""x""), boom"');
  });
});
