import { type CodeContext, EXPLAINED_CODES, explainBandwidthCode } from '../../src/domain/bandwidth-codes';

/** The codes BANDWIDTH.md §4 lists, by the context they arrive in. */
const CHECKER_CODES = [19001, 19002, 19003, 19004, 19005, 19006, 19007, 19008, 19009, 19010, 19012];
const ORDER_CODES = [1001, 1008, 5149, 5150, 5151, 5152, 5157, 5158, 5163, 7201, 7309, 7310, 7311, 7312];
const MORE_ORDER_CODES = [7314, 7316, 7318, 7518, 12952];
const LOA_CODES = [7639, 7641, 7800];
const SUBSCRIPTION_CODES = [14500, 14501, 14503, 14504, 14505, 14506, 14507, 14508];

const DOCUMENTED: [number, CodeContext][] = [
  ...CHECKER_CODES.map((code): [number, CodeContext] => [code, 'checker']),
  ...[...ORDER_CODES, ...MORE_ORDER_CODES].map((code): [number, CodeContext] => [code, 'order']),
  ...LOA_CODES.map((code): [number, CodeContext] => [code, 'loa']),
  ...SUBSCRIPTION_CODES.map((code): [number, CodeContext] => [code, 'subscription']),
];

describe('explainBandwidthCode', () => {
  it.each(DOCUMENTED)('explains %s from the %s in its own words, with a next step', (code, where) => {
    const explanation = explainBandwidthCode(code, where);

    expect(explanation.known).toBe(true);
    expect(explanation.code).toBe(String(code));
    expect(explanation.title.trim()).not.toBe('');
    expect(explanation.meaning.trim()).not.toBe('');
    expect(explanation.nextStep.trim()).not.toBe('');
    expect(explanation.nextStep).not.toBe(explanation.meaning);
  });

  it('has an explanation for every documented code and no undocumented one', () => {
    const documented = DOCUMENTED.map(([code]) => String(code)).sort();

    expect([...EXPLAINED_CODES.checker, ...EXPLAINED_CODES.other].sort()).toEqual(documented);
  });

  it('gives each code its own meaning', () => {
    const meanings = DOCUMENTED.map(([code, where]) => explainBandwidthCode(code, where).meaning);

    expect(new Set(meanings).size).toBe(meanings.length);
  });

  it('tells the person to have the messaging route released or configured for 19005', () => {
    const explanation = explainBandwidthCode('19005', 'checker');

    expect(explanation.title).toBe('Messaging route not configured');
    expect(explanation.nextStep).toMatch(/release the number/);
    expect(explanation.nextStep).toMatch(/configure the messaging route/);
  });

  it('reads the same code given as a number or as a string with spaces around it', () => {
    expect(explainBandwidthCode(' 7309 ', 'order')).toEqual(explainBandwidthCode(7309, 'order'));
  });

  it.each<CodeContext>(['order', 'loa', 'subscription', 'general'])(
    'does not read 19005 as a checker result when it comes from the %s',
    (where) => {
      const explanation = explainBandwidthCode(19005, where);

      expect(explanation.known).toBe(false);
      expect(explanation.meaning).toMatch(/reporting errors/);
      expect(explanation.nextStep).toMatch(/Contact Bandwidth support quoting code 19005/);
    },
  );

  it.each<CodeContext>(['checker', 'order', 'loa', 'subscription', 'general'])(
    'reads non-checker codes the same way from the %s',
    (where) => {
      expect(explainBandwidthCode(7201, where)).toMatchObject({ known: true, title: 'Not a valid number' });
    },
  );

  it.each([
    [19011, 'checker' as const, 'The import check refused these numbers (code 19011)'],
    [99999, 'order' as const, 'Bandwidth reported a problem with the order (code 99999)'],
    [14502, 'subscription' as const, 'Bandwidth refused the notification subscription (code 14502)'],
    ['E42', 'general' as const, 'Bandwidth reported an error (code E42)'],
  ])('falls back for unknown code %s from the %s, telling the person whom to ask', (code, where, start) => {
    const explanation = explainBandwidthCode(code, where);

    expect(explanation).toEqual({
      code: String(code),
      title: `Bandwidth code ${code}`,
      meaning: expect.stringMatching(new RegExp(`^${start.replace(/[()]/g, '\\$&')}`)),
      nextStep: `Contact Bandwidth support quoting code ${code}, with the order id or numbers involved.`,
      known: false,
    });
  });
});
