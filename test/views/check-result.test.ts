import { buildCheckResult } from '../../src/views/check-result';
import { checkBlockKitLimits } from '../../src/views/limits';
import { mrkdwnTexts, tns } from './fixtures';

function build(input: Parameters<typeof buildCheckResult>[0]) {
  const result = buildCheckResult(input);
  expect(checkBlockKitLimits(result)).toEqual([]);
  return { ...result, all: mrkdwnTexts(result.blocks).join('\n') };
}

describe('buildCheckResult', () => {
  it('shows importable numbers, refused ones with code, Bandwidth’s words and next step, and invalid entries', () => {
    const r = build({
      importable: tns(2),
      rejected: [
        {
          code: '19005',
          description: 'Messaging route of 9192000002 is not configured.',
          numbers: tns(1, 2),
        },
      ],
      invalid: [{ input: '555-12', reason: 'has 5 digits; a US or Canadian number has 10' }],
      duplicates: [],
    });
    expect(r.blocks[0]).toMatchObject({ type: 'header', text: { text: 'Import check: 3 numbers' } });
    expect(r.all).toContain('*2 numbers can be imported*\n(919) 200-0000, (919) 200-0001');
    expect(r.all).toContain('*19005: ');
    expect(r.all).toContain('_Bandwidth said: Messaging route of 9192000002 is not configured._');
    expect(r.all).toContain('*Next step:*');
    expect(r.all).toContain('(919) 200-0002');
    expect(r.all).toContain("*1 entry isn't a phone number*");
    expect(r.all).toContain('• `555-12` has 5 digits');
    expect(r.text).toBe(
      'Import check: 2 numbers can be imported, 1 number refused, 1 entry not a phone number.',
    );
  });

  it('explains an unknown code with Bandwidth’s own description', () => {
    const r = build({
      importable: [],
      rejected: [{ code: '19999', description: 'Strange thing', numbers: tns(1) }],
      invalid: [],
      duplicates: [],
    });
    expect(r.all).toContain('*19999: Strange thing*');
    expect(r.all).toContain('None of these numbers can be imported');
  });

  it('escapes entries and descriptions', () => {
    const r = build({
      importable: [],
      rejected: [{ code: '19005', description: '<!channel>', numbers: tns(1) }],
      invalid: [{ input: '<@U1>', reason: 'is not a phone number' }],
      duplicates: [],
    });
    expect(r.all).not.toMatch(/<!channel>|<@U1>/);
  });

  it('mentions numbers given twice', () => {
    const r = build({ importable: tns(1), rejected: [], invalid: [], duplicates: tns(1) });
    expect(r.all).toContain('Given more than once, checked once: (919) 200-0000');
  });

  it('says when nothing was found and how to use the command', () => {
    const r = build({ importable: [], rejected: [], invalid: [], duplicates: [], command: '/hm' });
    expect(r.all).toContain('No numbers found. Try `/hm check 919 555 1234`.');
  });

  it('stays within limits for 5,000 numbers and hundreds of invalid entries', () => {
    const numbers = tns(5000);
    const rejected = Array.from({ length: 14 }, (_, i) => ({
      code: String(19001 + i),
      description: 'd',
      numbers: numbers.slice(3000 + i * 100, 3000 + (i + 1) * 100),
    }));
    const invalid = Array.from({ length: 300 }, (_, i) => ({
      input: `bad${i}`.repeat(10),
      reason: 'is not a phone number',
    }));
    const r = build({
      importable: numbers.slice(0, 3000),
      rejected,
      invalid,
      duplicates: numbers.slice(0, 500),
    });
    expect(r.all).toContain('*3,000 numbers can be imported*');
    expect(r.all).toContain('…and 275 more entries');
  });
});
