import { formatTn, fromWireNumber, isTn, parseTelephoneNumbers, toE164 } from '../../src/domain/tn';

describe('parseTelephoneNumbers', () => {
  it.each([
    ['(919) 555-1234'],
    ['919.555.1234'],
    ['919-555-1234'],
    ['919 555 1234'],
    ['9195551234'],
    ['+1 919 555 1234'],
    ['+1 (919) 555-1234'],
    ['1-919-555-1234'],
    ['1 919 555 1234'],
    ['1 (919) 555-1234'],
    ['+19195551234'],
    ['19195551234'],
    ['(919)555-1234'],
    ['919 5551234'],
    ['1-919 555-1234'],
    ['<tel:+19195551234|(919) 555-1234>'],
    ['<tel:9195551234>'],
    ['  919-555-1234.  '],
    ['919\u2013555\u20131234'],
    ['919\u00a0555\u00a01234'],
    ['\uff19\uff11\uff19\uff15\uff15\uff15\uff11\uff12\uff13\uff14'],
  ])('reads %j as the one number 9195551234', (input) => {
    expect(parseTelephoneNumbers(input)).toEqual({ numbers: ['9195551234'], invalid: [], duplicates: [] });
  });

  it.each([
    ['commas', '9195551234,9195551235, 9195551236'],
    ['semicolons', '9195551234;9195551235 ; 9195551236'],
    ['new lines', '9195551234\n9195551235\r\n9195551236\n'],
    ['tabs', '9195551234\t9195551235\t\t9195551236'],
    ['spaces', '9195551234 9195551235   9195551236'],
    ['spaces inside and between numbers', '919 555 1234 919 555 1235 919 555 1236'],
    ['mixed formats on one line', '(919) 555-1234 +1 919 555 1235 1-919-555-1236'],
    [
      'Slack links separated by spaces',
      '<tel:+19195551234|(919) 555-1234> <tel:+19195551235|(919) 555-1235> 919 555 1236',
    ],
    ['a country code written apart', '1 919 555 1234 1 919 555 1235 +1 919 555 1236'],
  ])('separates numbers by %s', (_label, input) => {
    expect(parseTelephoneNumbers(input).numbers).toEqual(['9195551234', '9195551235', '9195551236']);
    expect(parseTelephoneNumbers(input).invalid).toEqual([]);
  });

  it.each([
    ['919555123', 'has 9 digits; a US or Canadian number has 10'],
    ['5', 'has 1 digit; a US or Canadian number has 10'],
    ['555-1234', 'has 7 digits; a US or Canadian number has 10'],
    [
      '91955512345',
      'has 11 digits; a US or Canadian number has 10 (11 only when the first is country code 1)',
    ],
    [
      '919555123456',
      'has 12 digits; a US or Canadian number has 10 (11 only when the first is country code 1)',
    ],
    ['+1 919 555 123', 'has 9 digits after +1; a US or Canadian number has 10'],
    ['019-555-1234', "area code can't start with 0 or 1"],
    ['(119) 555-1234', "area code can't start with 0 or 1"],
    ['1 119 555 1234', "area code can't start with 0 or 1"],
    ['919-055-1234', "exchange (the middle 3 digits) can't start with 0 or 1"],
    ['919-155-1234', "exchange (the middle 3 digits) can't start with 0 or 1"],
    ['911-555-1234', 'area code 911 is an N11 code; N11 codes such as 911 are not assignable'],
    ['411 555 1234', 'area code 411 is an N11 code; N11 codes such as 911 are not assignable'],
    ['919-611-1234', 'exchange 611 is an N11 code; N11 codes such as 911 are not assignable'],
    ['+44 20 7946 0958', 'not a NANP number: +44…; only US and Canadian (+1) numbers can be imported'],
    ['+442079460958', 'not a NANP number: +44…; only US and Canadian (+1) numbers can be imported'],
    ['+9195551234', 'not a NANP number: +91…; only US and Canadian (+1) numbers can be imported'],
    [
      '919-555-1234 x123',
      'has an extension (x123); only the main number can be imported, so leave the extension off',
    ],
    [
      '919-555-1234 ext. 12',
      'has an extension (ext. 12); only the main number can be imported, so leave the extension off',
    ],
    [
      '9195551234ext.5',
      'has an extension (ext.5); only the main number can be imported, so leave the extension off',
    ],
    ['x123', 'is an extension without a number; only whole numbers can be imported'],
    [
      '1-800-FLOWERS',
      'contains letters; write the number with digits only (vanity numbers such as 1-800-FLOWERS need converting)',
    ],
    [
      '919 555 CALL',
      'contains letters; write the number with digits only (vanity numbers such as 1-800-FLOWERS need converting)',
    ],
    ['hello', 'is not a phone number'],
    ['please import these:', 'is not a phone number'],
  ])('rejects %j because it %s', (input, reason) => {
    expect(parseTelephoneNumbers(input)).toEqual({
      numbers: [],
      invalid: [{ input, reason }],
      duplicates: [],
    });
  });

  it.each([['555-555-5555'], ['919-555-0100'], ['(555) 555-0199']])(
    'accepts 555 numbers such as %j, which the simulator uses',
    (input) => {
      expect(parseTelephoneNumbers(input).numbers).toHaveLength(1);
    },
  );

  it('reports each invalid entry on its own, keeping the valid ones around it', () => {
    const result = parseTelephoneNumbers('919 555 123 919 555 1234, 911-555-1234\n12345 919 555 1235');

    expect(result.numbers).toEqual(['9195551234', '9195551235']);
    expect(result.invalid).toEqual([
      { input: '919 555 123', reason: 'has 9 digits; a US or Canadian number has 10' },
      {
        input: '911-555-1234',
        reason: 'area code 911 is an N11 code; N11 codes such as 911 are not assignable',
      },
      { input: '12345', reason: 'has 5 digits; a US or Canadian number has 10' },
    ]);
  });

  it('reads a space-separated run the same way every time: the longest natural grouping first', () => {
    // "919 555 12345" cannot be grouped 3-3-4, so it is one invalid entry rather than a guess.
    const result = parseTelephoneNumbers('919 555 12345 919 555 1234');

    expect(result.numbers).toEqual(['9195551234']);
    expect(result.invalid).toEqual([
      {
        input: '919 555 12345',
        reason: 'has 11 digits; a US or Canadian number has 10 (11 only when the first is country code 1)',
      },
    ]);
  });

  it.each([['91 95 55 12 34'], ['9195 551234'], ['555 1234 919']])(
    'refuses to guess a number from %j, whose gaps fall where nobody puts them',
    (input) => {
      expect(parseTelephoneNumbers(input)).toEqual({
        numbers: [],
        invalid: [
          {
            input,
            reason:
              'has its digits spaced unusually; write it as 919-555-1234 and separate numbers with commas or new lines',
          },
        ],
        duplicates: [],
      });
    },
  );

  it('lets a number with another country code run to the next separator, since its length is unknown', () => {
    const result = parseTelephoneNumbers('+44 20 7946 0958 919 555 1234, 919 555 1235');

    expect(result.numbers).toEqual(['9195551235']);
    expect(result.invalid.map((entry) => entry.input)).toEqual(['+44 20 7946 0958 919 555 1234']);
  });

  it('stops a number with another country code at the next +', () => {
    const result = parseTelephoneNumbers('+44 20 7946 0958 +1 919 555 1234');

    expect(result.numbers).toEqual(['9195551234']);
    expect(result.invalid.map((entry) => entry.input)).toEqual(['+44 20 7946 0958']);
  });

  it('reports words between numbers without losing the numbers', () => {
    const result = parseTelephoneNumbers('Numbers: 919 555 1234 and 919-555-1235');

    expect(result.numbers).toEqual(['9195551234', '9195551235']);
    expect(result.invalid).toEqual([
      { input: 'Numbers:', reason: 'is not a phone number' },
      { input: 'and', reason: 'is not a phone number' },
    ]);
  });

  it('lists each repeated number once in duplicates and keeps first-seen order in numbers', () => {
    const result = parseTelephoneNumbers(
      '9195551235, (919) 555-1234, +1 919 555 1235, 919.555.1234, 19195551235, 9195551236',
    );

    expect(result.numbers).toEqual(['9195551235', '9195551234', '9195551236']);
    expect(result.duplicates).toEqual(['9195551235', '9195551234']);
    expect(result.invalid).toEqual([]);
  });

  it('returns nothing for an empty or blank paste', () => {
    expect(parseTelephoneNumbers('')).toEqual({ numbers: [], invalid: [], duplicates: [] });
    expect(parseTelephoneNumbers(' ,;\n\t ')).toEqual({ numbers: [], invalid: [], duplicates: [] });
  });

  it('reads 5,000 numbers in one paste, in order, whatever separates them', () => {
    const expected = Array.from(
      { length: 5000 },
      (_, i) => `${919 + (i % 7)}${555 + (i % 3)}${String(i).padStart(4, '0')}`,
    );
    const separators = [', ', '\n', ' ', '; ', '\t', ' '];
    const formats = [
      (tn: string) => tn,
      (tn: string) => `(${tn.slice(0, 3)}) ${tn.slice(3, 6)}-${tn.slice(6)}`,
      (tn: string) => `+1 ${tn.slice(0, 3)} ${tn.slice(3, 6)} ${tn.slice(6)}`,
      (tn: string) => `<tel:+1${tn}|${tn.slice(0, 3)}.${tn.slice(3, 6)}.${tn.slice(6)}>`,
      (tn: string) => `${tn.slice(0, 3)} ${tn.slice(3, 6)} ${tn.slice(6)}`,
    ];
    const paste = expected
      .map((tn, i) => formats[i % formats.length]!(tn) + separators[i % separators.length])
      .join('');

    const result = parseTelephoneNumbers(paste);

    expect(result.invalid).toEqual([]);
    expect(result.duplicates).toEqual([]);
    expect(result.numbers).toEqual(expected);
  });
});

describe('isTn', () => {
  it.each([
    ['9195551234', true],
    ['19195551234', false],
    ['+19195551234', false],
    ['919555123', false],
    ['919-555-1234', false],
  ])('says %j is a Tn: %s', (value, expected) => {
    expect(isTn(value)).toBe(expected);
  });
});

describe('toE164', () => {
  it('adds +1 to a Tn', () => {
    expect(toE164('9195551234')).toBe('+19195551234');
  });

  it.each([['919555123'], ['+19195551234'], ['(919) 555-1234']])('refuses %j, which is not a Tn', (value) => {
    expect(() => toE164(value)).toThrow(TypeError);
  });
});

describe('fromWireNumber', () => {
  it.each([
    ['9195551234', '9195551234'],
    ['19195551234', '9195551234'],
    ['+19195551234', '9195551234'],
    [' 9195551234 ', '9195551234'],
    ['0195551234', '0195551234'],
  ])('reads %j as %j', (value, expected) => {
    expect(fromWireNumber(value)).toBe(expected);
  });

  it.each([['919555123'], ['29195551234'], ['+29195551234'], ['+9195551234'], ['919-555-1234'], ['']])(
    'returns undefined for %j',
    (value) => {
      expect(fromWireNumber(value)).toBeUndefined();
    },
  );
});

describe('formatTn', () => {
  it('writes a Tn the way people read it', () => {
    expect(formatTn('9195551234')).toBe('(919) 555-1234');
  });

  it('leaves anything that is not a Tn unchanged rather than inventing digits', () => {
    expect(formatTn('12345')).toBe('12345');
  });
});
