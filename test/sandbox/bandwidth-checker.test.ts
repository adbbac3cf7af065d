import { all, at, Harness, tnsXml, xmlBody } from './bandwidth-helpers';

const checker = (tns: string[]) => xmlBody(`<ImportTnCheckerPayload>${tnsXml(tns)}</ImportTnCheckerPayload>`);

describe('Bandwidth simulator: importTnChecker', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start();
  });
  afterAll(() => h.close());

  const check = (tns: string[], base = h.account) =>
    h.call('POST', `${base}/importTnChecker`, { body: checker(tns) });

  it('lists importable numbers and groups each failing number under its 19xxx code', async () => {
    const response = await check([
      '9195551234',
      '9195551901',
      '9195551906',
      '9195551906'.replace('06', '12'),
      '9195557518',
    ]);
    expect(response.status).toBe(200);
    const payload = at(response.xml, 'ImportTnCheckerResponse', 'ImportTnCheckerPayload');
    expect(all(payload, ['TelephoneNumbers'], 'TelephoneNumber')).toEqual(['9195551234', '9195557518']);
    const errors = all(payload, ['ImportTnErrors'], 'ImportTnError').map((e) => ({
      code: at(e, 'Code'),
      tns: all(e, ['TelephoneNumbers'], 'TelephoneNumber'),
      description: at(e, 'Description'),
    }));
    expect(errors).toEqual([
      { code: '19001', tns: ['9195551901'], description: expect.any(String) },
      { code: '19006', tns: ['9195551906'], description: expect.stringContaining('Bandwidth numbers') },
      { code: '19012', tns: ['9195551912'], description: expect.any(String) },
    ]);
  });

  it('produces every documented checker code from the last four digits 19NN', async () => {
    const codes = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12];
    const tns = codes.map((c) => `91955519${String(c).padStart(2, '0')}`);
    const response = await check([...tns, '9195551900', '9195551911']);
    const payload = at(response.xml, 'ImportTnCheckerResponse', 'ImportTnCheckerPayload');
    expect(all(payload, ['ImportTnErrors'], 'ImportTnError').map((e) => Number(at(e, 'Code')))).toEqual(
      codes.map((c) => 19000 + c),
    );
    expect(all(payload, ['TelephoneNumbers'], 'TelephoneNumber')).toEqual(['9195551900', '9195551911']);
  });

  it('leaves out ImportTnErrors when every number is importable', async () => {
    const response = await check(['9195551234']);
    expect(
      at(response.xml, 'ImportTnCheckerResponse', 'ImportTnCheckerPayload', 'ImportTnErrors'),
    ).toBeUndefined();
  });

  it('answers 400 with flat Errors for invalid NANP numbers (7201)', async () => {
    const response = await check(['61746052083', '9195551234', '1195551234']);
    expect(response.status).toBe(400);
    const errors = all(response.xml, ['ImportTnCheckerResponse'], 'Errors');
    expect(errors.map((e) => [at(e, 'Code'), at(e, 'Description')])).toEqual([
      ['7201', '61746052083 is not a valid NANPA telephone number.'],
      ['7201', '1195551234 is not a valid NANPA telephone number.'],
    ]);
    expect(response.text).not.toContain('<Error>');
  });

  it('answers 400 for an empty list (7316), duplicates (7360) and more than 5000 numbers (7314)', async () => {
    const empty = await h.call('POST', `${h.account}/importTnChecker`, {
      body: xmlBody('<ImportTnCheckerPayload><TelephoneNumbers/></ImportTnCheckerPayload>'),
    });
    expect([empty.status, at(empty.xml, 'ImportTnCheckerResponse', 'Errors', 'Code')]).toEqual([400, '7316']);
    const dup = await check(['9195551234', '9195551234']);
    expect([dup.status, at(dup.xml, 'ImportTnCheckerResponse', 'Errors', 'Code')]).toEqual([400, '7360']);
    const many = Array.from({ length: 5001 }, (_, i) => `919${String(2000000 + i).padStart(7, '0')}`);
    const big = await check(many);
    expect([big.status, at(big.xml, 'ImportTnCheckerResponse', 'Errors', 'Code')]).toEqual([400, '7314']);
    const max = await check(many.slice(0, 5000));
    expect(max.status).toBe(200);
  });

  it('takes and returns E.164 numbers in v2 and refuses 10-digit ones there', async () => {
    const response = await check(['+19195551234', '+19195551905'], h.accountV2);
    expect(response.status).toBe(200);
    const payload = at(response.xml, 'ImportTnCheckerResponse', 'ImportTnCheckerPayload');
    expect(all(payload, ['TelephoneNumbers'], 'TelephoneNumber')).toEqual(['+19195551234']);
    expect(at(payload, 'ImportTnErrors', 'ImportTnError', 'TelephoneNumbers', 'TelephoneNumber')).toBe(
      '+19195551905',
    );
    const legacy = await check(['9195551234'], h.accountV2);
    expect([legacy.status, at(legacy.xml, 'ImportTnCheckerResponse', 'Errors', 'Code')]).toEqual([
      400,
      '7201',
    ]);
  });

  it('answers 400 with a flat Errors body for malformed XML, a wrong root and a DOCTYPE', async () => {
    for (const body of [
      '<ImportTnCheckerPayload><TelephoneNumbers>',
      '<Other/>',
      '<!DOCTYPE x [<!ENTITY a "b">]><ImportTnCheckerPayload/>',
      '',
    ]) {
      const response = await h.call('POST', `${h.account}/importTnChecker`, { body });
      expect(response.status).toBe(400);
      expect(at(response.xml, 'ImportTnCheckerResponse', 'Errors', 'Code')).toBe('5002');
    }
  });

  it('refuses bodies over the size limit with 413 and keeps serving', async () => {
    const small = await Harness.start({ maxBodyBytes: 1000 });
    try {
      const response = await small.call('POST', `${small.account}/importTnChecker`, {
        body: 'x'.repeat(5000),
      });
      expect(response.status).toBe(413);
      expect((await small.call('GET', `${small.account}/importTnOrders`)).status).toBe(200);
    } finally {
      await small.close();
    }
  });

  it('answers 405 to other methods', async () => {
    expect((await h.call('GET', `${h.account}/importTnChecker`)).status).toBe(405);
  });
});
