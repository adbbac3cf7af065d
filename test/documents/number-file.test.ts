import { parseNumberFile } from '../../src/documents/number-file';
import { tns } from '../views/fixtures';

describe('parseNumberFile', () => {
  it('reads a plain list with one number per line, written any way people write them', () => {
    const result = parseNumberFile('(919) 200-0000\n919.200.0001\n+1 919 200 0002\n');
    expect(result).toEqual({ numbers: tns(3), problems: [], duplicates: [] });
  });

  it('reads several numbers on one line, separated by commas, semicolons or spaces', () => {
    const result = parseNumberFile('919-200-0000, 919-200-0001\n919-200-0002; 919-200-0003 919 200 0004\n');
    expect(result.numbers).toEqual(tns(5));
    expect(result.problems).toEqual([]);
  });

  it('skips a header row and reads only the number column', () => {
    const text = 'name,number,notes\nFront desk,919-200-0000,call 2x\nFax,919-200-0001,ext 12\n';
    expect(parseNumberFile(text)).toEqual({ numbers: tns(2), problems: [], duplicates: [] });
  });

  it.each([['Phone'], ['TN'], ['Telephone Number'], ['phone_number'], ['Phone #'], ['Phone Number (E.164)']])(
    'recognises %j as the number column',
    (header) => {
      const text = `Account Number,${header}\r\n4401,919-200-0000\r\n4402,919-200-0001\r\n`;
      expect(parseNumberFile(text)).toEqual({ numbers: tns(2), problems: [], duplicates: [] });
    },
  );

  it('does not take "Account Number" for the number column', () => {
    const result = parseNumberFile('Account Number,Phone\n4401,919-200-0000\n');
    expect(result.numbers).toEqual(tns(1));
    expect(result.problems).toEqual([]);
  });

  it('skips a header with no number column and ignores text cells next to the numbers', () => {
    const result = parseNumberFile('Site,Contact\n919-200-0000,Jane Doe\n919-200-0001,Bob\n');
    expect(result).toEqual({ numbers: tns(2), problems: [], duplicates: [] });
  });

  it('reads a one-column file with a header as a plain list, several numbers to a line', () => {
    const result = parseNumberFile('Phone\n919-200-0000, 919-200-0001\n919-200-0002\n');
    expect(result.numbers).toEqual(tns(3));
  });

  it('handles a BOM, CRLF line ends and quoted fields with commas and doubled quotes', () => {
    const text = '\uFEFF"Name","Phone"\r\n"Acme, Inc ""HQ""","(919) 200-0000"\r\n"Bob","919-200-0001"\r\n';
    expect(parseNumberFile(text)).toEqual({ numbers: tns(2), problems: [], duplicates: [] });
  });

  it('reads semicolon- and tab-separated exports', () => {
    expect(parseNumberFile('name;phone\nA;919-200-0000\nB;919-200-0001\n').numbers).toEqual(tns(2));
    expect(parseNumberFile('name\tphone\nA\t919-200-0000\nB\t919-200-0001\n').numbers).toEqual(tns(2));
  });

  it('reports each bad entry with its line number and what is wrong', () => {
    const text = 'number,name\n919-200-0000,A\n919-200-000,B\n\n911-555-1234,C\n';
    const result = parseNumberFile(text);
    expect(result.numbers).toEqual(tns(1));
    expect(result.problems).toEqual([
      { line: 3, text: '919-200-000', reason: expect.stringMatching(/^has 9 digits/) },
      { line: 5, text: '911-555-1234', reason: expect.stringMatching(/area code 911/) },
    ]);
  });

  it('keeps line numbers right after a quoted field that spans two lines', () => {
    const text = 'note,phone\n"two\nlines",919-200-0000\nx,12345\n';
    const result = parseNumberFile(text);
    expect(result.numbers).toEqual(tns(1));
    expect(result.problems).toEqual([{ line: 4, text: '12345', reason: expect.stringMatching(/5 digits/) }]);
  });

  it('reads a stray unclosed quote as a character instead of swallowing the rest of the file', () => {
    const result = parseNumberFile('"919-200-0000\n919-200-0001\n9192\n');
    expect(result.numbers).toEqual(tns(2));
    expect(result.problems).toEqual([{ line: 3, text: '9192', reason: expect.stringMatching(/4 digits/) }]);
  });

  it('reports a line with no number at all, and an empty number column', () => {
    expect(parseNumberFile('919-200-0000\nplease call me\n').problems).toEqual([
      { line: 2, text: 'please call me', reason: 'has no phone number' },
    ]);
    expect(parseNumberFile('name,phone\nA,919-200-0000\nB,\n').problems).toEqual([
      { line: 3, text: '', reason: 'The phone column is empty on this line.' },
    ]);
  });

  it('lists duplicates once, across lines and within a line', () => {
    const result = parseNumberFile('919-200-0000\n9192000001, (919) 200-0000\n919-200-0001 919-200-0000\n');
    expect(result.numbers).toEqual(tns(2));
    expect(result.duplicates).toEqual(['9192000000', '9192000001']);
  });

  it('explains a number that Excel turned into scientific notation', () => {
    const [problem] = parseNumberFile('phone,name\n9.192E+09,A\n').problems;
    expect(problem).toEqual({
      line: 2,
      text: '9.192E+09',
      reason: expect.stringMatching(/scientific notation/),
    });
  });

  it('reads a number a script wrote as a float', () => {
    expect(parseNumberFile('phone\n9192000000.0\n').numbers).toEqual(tns(1));
  });

  it('clips long problem text so one bad line cannot bury the rest', () => {
    const [problem] = parseNumberFile(`919-200-0000\n${'call us maybe '.repeat(40)}\n`).problems;
    expect(problem!.text.length).toBeLessThanOrEqual(100);
    expect(problem!.text.endsWith('…')).toBe(true);
  });

  it('refuses a spreadsheet or other binary file in one plain sentence', () => {
    const result = parseNumberFile('PK\u0003\u0004\u0014\u0000\u0006\u0000[Content_Types].xml');
    expect(result.numbers).toEqual([]);
    expect(result.problems).toEqual([
      { line: 1, text: '', reason: expect.stringMatching(/Save the spreadsheet as CSV/) },
    ]);
  });

  it('returns nothing, and no problem, for an empty file', () => {
    expect(parseNumberFile('\uFEFF\r\n\r\n')).toEqual({ numbers: [], problems: [], duplicates: [] });
  });

  it('reads 20,000 lines and reports the bad ones by line', () => {
    const numbers = tns(19_998);
    const lines = ['phone,site', ...numbers.map((n, i) => `${n},site ${i}`)];
    lines.splice(10_001, 0, '919555,broken');
    const result = parseNumberFile(`${lines.join('\r\n')}\r\n`);
    expect(lines).toHaveLength(20_000);
    expect(result.numbers).toEqual(numbers);
    expect(result.problems).toEqual([
      { line: 10_002, text: '919555', reason: expect.stringMatching(/6 digits/) },
    ]);
    expect(result.duplicates).toEqual([]);
  });

  it('stops after maxLines and says which lines were not read', () => {
    const text = `${tns(5).join('\n')}\n`;
    const result = parseNumberFile(text, { maxLines: 3 });
    expect(result.numbers).toEqual(tns(3));
    expect(result.problems).toEqual([
      { line: 4, text: '', reason: expect.stringMatching(/more than 3 lines/) },
    ]);
  });
});
