import { detectDelimiter, readCsvRecords } from '../../src/documents/csv-records';

describe('detectDelimiter', () => {
  it.each([
    ['a,b,c\n1,2,3', ','],
    ['a;b;c\n1;2;3', ';'],
    ['a\tb\tc\n1\t2\t3', '\t'],
    ['\n\nname;phone;x,y\n', ';'],
    ['919-555-1234\n', ','],
  ])('reads the delimiter of %j as %j', (text, delimiter) => {
    expect(detectDelimiter(text)).toBe(delimiter);
  });
});

describe('readCsvRecords', () => {
  it('splits records on LF, CRLF and CR, with the line each starts on', () => {
    expect([...readCsvRecords('a,b\r\nc\nd\re', ',')]).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['c'] },
      { line: 3, fields: ['d'] },
      { line: 4, fields: ['e'] },
    ]);
  });

  it('reads quoted fields with delimiters, doubled quotes and line breaks, and spaces before the quote', () => {
    expect([...readCsvRecords('"a,1", "say ""hi""","x\r\ny"\nnext', ',')]).toEqual([
      { line: 1, fields: ['a,1', 'say "hi"', 'x\r\ny'] },
      { line: 3, fields: ['next'] },
    ]);
  });

  it('keeps empty fields and empty lines', () => {
    expect([...readCsvRecords(',\n\nx,', ',')]).toEqual([
      { line: 1, fields: ['', ''] },
      { line: 2, fields: [''] },
      { line: 3, fields: ['x', ''] },
    ]);
  });

  it('reads a quote that is never closed as a character on its own line', () => {
    expect([...readCsvRecords('"a,b\nc', ',')]).toEqual([
      { line: 1, fields: ['"a', 'b'] },
      { line: 2, fields: ['c'] },
    ]);
  });
});
