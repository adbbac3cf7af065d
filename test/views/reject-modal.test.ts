import type { InputBlock } from '@slack/types';
import { ids } from '../../src/views/ids';
import { checkBlockKitLimits } from '../../src/views/limits';
import {
  buildRejectModal,
  parseRejectModalMetadata,
  parseRejectSubmission,
} from '../../src/views/reject-modal';

const META = { requestId: 'HM-7KQ2XD', channelId: 'C0CHANNEL', messageTs: '1700000000.000100' };
const B = ids.rejectModal.blocks;
const A = ids.rejectModal.actions;

function values(reason: string | null) {
  return { [B.reason]: { [A.reason]: { type: 'plain_text_input', value: reason } } };
}

describe('buildRejectModal', () => {
  const view = buildRejectModal(META);

  it('asks for a reason and carries the request, channel and card ts', () => {
    expect(view.callback_id).toBe(ids.rejectModal.callbackId);
    expect(parseRejectModalMetadata(view.private_metadata ?? '')).toEqual(META);
    const input = view.blocks.find((b): b is InputBlock => b.type === 'input');
    expect(input?.block_id).toBe(B.reason);
    expect(input?.element).toMatchObject({
      type: 'plain_text_input',
      action_id: A.reason,
      multiline: true,
      max_length: 500,
    });
    expect(input?.optional).toBeUndefined();
    expect(view.submit?.text).toBe('Reject');
    expect(checkBlockKitLimits(view)).toEqual([]);
  });

  it('escapes the request id in its text', () => {
    const odd = buildRejectModal({ ...META, requestId: '<!channel>' });
    expect(JSON.stringify(odd.blocks)).toContain('&lt;!channel&gt;');
  });
});

describe('parseRejectSubmission', () => {
  const metadata = JSON.stringify(META);

  it('returns the trimmed reason with the metadata', () => {
    expect(parseRejectSubmission(values('  Wrong customer  '), metadata)).toEqual({
      ok: true,
      value: { ...META, reason: 'Wrong customer' },
    });
  });

  it('asks for a reason when empty', () => {
    expect(parseRejectSubmission(values('   '), metadata)).toEqual({
      ok: false,
      errors: { [B.reason]: 'Give a reason, so the requester knows what to change' },
    });
  });

  it('asks for more than a couple of characters', () => {
    expect(parseRejectSubmission(values('no'), metadata)).toEqual({
      ok: false,
      errors: { [B.reason]: 'Give a reason of a few words, so the requester knows what to change' },
    });
  });

  it('says how long an overlong reason is', () => {
    const result = parseRejectSubmission(values('x'.repeat(501)), metadata);
    expect(result).toEqual({
      ok: false,
      errors: { [B.reason]: 'The reason is 501 characters; keep it under 500' },
    });
  });

  it('refuses a form whose metadata is not ours', () => {
    const result = parseRejectSubmission(values('Wrong customer'), '{"requestId":"HM-1"}');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[B.reason]).toContain('This form has expired');
  });
});
