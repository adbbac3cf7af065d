import { BandwidthApiError } from '../../src/api';
import { importOrderInput, requestsTo, useSimulator } from './helpers';

/** `count` distinct valid numbers 919-2xx-xxxx, none ending in a simulator rule suffix except where asked. */
function numbers(count: number, from = 0): string[] {
  return Array.from({ length: count }, (_, i) => `9192${String(from + i).padStart(6, '0')}`);
}

describe('checkImportability', () => {
  const { sim, client } = useSimulator();

  it('returns importable numbers and rejection groups with codes', async () => {
    const result = await client().checkImportability({
      numbers: ['9195550100', '9195551901', '9195551906', '9195571906'],
      siteId: 1001,
    });
    expect(result.importable).toEqual(['9195550100']);
    expect(result.rejected).toEqual([
      { code: '19001', description: expect.any(String), numbers: ['9195551901'] },
      { code: '19006', description: expect.any(String), numbers: ['9195551906', '9195571906'] },
    ]);
  });

  it('checks 12,000 numbers in exactly 3 calls and merges groups with the same code', async () => {
    const list = numbers(12_000);
    const result = await client().checkImportability({ numbers: list });
    expect(requestsTo(sim(), 'POST', /\/importTnChecker$/)).toHaveLength(3);
    // Numbers ending in 1901 fall in the first and third batches; their two groups become one.
    const notInService = list.filter((tn) => tn.endsWith('1901'));
    expect(notInService).toHaveLength(2);
    const groups = result.rejected.filter((group) => group.code === '19001');
    expect(groups).toHaveLength(1);
    expect(groups[0]!.numbers).toEqual(notInService);
    const rejectedCount = result.rejected.reduce((sum, group) => sum + group.numbers.length, 0);
    expect(result.importable.length + rejectedCount).toBe(12_000);
  });

  it('sends duplicates once and nothing at all for an empty list', async () => {
    const result = await client().checkImportability({ numbers: ['9195550100', '9195550100'] });
    expect(result.importable).toEqual(['9195550100']);
    await expect(client().checkImportability({ numbers: [] })).resolves.toEqual({
      importable: [],
      rejected: [],
    });
    expect(requestsTo(sim(), 'POST', /\/importTnChecker$/)).toHaveLength(1);
  });

  it('throws BandwidthApiError with code 7201 for an invalid number (flat Errors shape)', async () => {
    const error = await client()
      .checkImportability({ numbers: ['61746052083'] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BandwidthApiError);
    expect(error).toMatchObject({ status: 400, code: '7201' });
    expect((error as BandwidthApiError).errors[0]!.description).toContain('61746052083');
  });
});

describe('isInService', () => {
  const { sim, client } = useSimulator();

  it('is false before an import and true once the order completes', async () => {
    expect(await client().isInService('9195550100')).toBe(false);
    const order = await client().createImportOrder(importOrderInput('in-service-1', ['9195550100']));
    await sim().advance();
    await sim().advance();
    expect((await client().getImportOrder(order.orderId)).status).toBe('COMPLETE');
    expect(await client().isInService('9195550100')).toBe(true);
  });
});
