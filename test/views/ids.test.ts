import { decodeMenuValue, encodeMenuValue, ids, menuCommands } from '../../src/views/ids';

function leaves(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Object.values(value as object).flatMap(leaves);
}

describe('ids', () => {
  it('has no id longer than Slack allows', () => {
    for (const id of leaves(ids)) expect(id.length).toBeLessThanOrEqual(255);
  });

  it('gives each block of the import modal its own block_id', () => {
    const blockIds = Object.values(ids.importModal.blocks);
    expect(new Set(blockIds).size).toBe(blockIds.length);
  });

  it('gives every callback_id and card action its own name', () => {
    const names = [
      ids.importModal.callbackId,
      ids.rejectModal.callbackId,
      ids.home.callbackId,
      ids.card.approve,
      ids.card.reject,
      ids.card.overflow,
      ids.card.status,
      ids.home.refresh,
      ids.home.newImport,
    ];
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('menu values', () => {
  it('round-trips a command and a request id', () => {
    const value = encodeMenuValue(menuCommands.cancel, 'HM-7KQ2XD');
    expect(decodeMenuValue(value)).toEqual({ command: 'cancel', requestId: 'HM-7KQ2XD' });
  });

  it('rejects values that are not ours', () => {
    expect(decodeMenuValue('delete:HM-1')).toBeUndefined();
    expect(decodeMenuValue('status:')).toBeUndefined();
    expect(decodeMenuValue('HM-1')).toBeUndefined();
  });
});
