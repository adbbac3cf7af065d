import type { SectionBlock } from '@slack/types';
import { ids } from '../../src/views/ids';
import { checkBlockKitLimits } from '../../src/views/limits';
import { buildRequestList, MAX_LISTED_REQUESTS } from '../../src/views/request-list';
import { makeRequest, mrkdwnTexts } from './fixtures';

describe('buildRequestList', () => {
  it('lists requests newest first, each with a Status button carrying its id', () => {
    const older = makeRequest({ id: 'HM-AAAAAA', createdAt: '2025-01-01T00:00:00.000Z' });
    const newer = makeRequest({ id: 'HM-CCCCCC', createdAt: '2025-02-01T00:00:00.000Z' });
    const list = buildRequestList([older, newer]);
    const sections = list.blocks.filter((b): b is SectionBlock => b.type === 'section');
    expect(sections.map((s) => s.accessory)).toEqual([
      expect.objectContaining({ type: 'button', action_id: ids.card.status, value: 'HM-CCCCCC' }),
      expect.objectContaining({ type: 'button', action_id: ids.card.status, value: 'HM-AAAAAA' }),
    ]);
    expect(mrkdwnTexts(list.blocks).join('\n')).toContain('Waiting for approval · asked by <@U0REQUEST>');
    expect(checkBlockKitLimits(list)).toEqual([]);
  });

  it('says when there is nothing open', () => {
    const list = buildRequestList([], { command: '/hm' });
    expect(mrkdwnTexts(list.blocks).join('\n')).toContain('None. Start one with `/hm import`.');
  });

  it('caps a long list within the message limits', () => {
    const many = Array.from({ length: 120 }, (_, i) =>
      makeRequest({ id: `HM-${String(i).padStart(6, '0')}` }),
    );
    const list = buildRequestList(many);
    expect(checkBlockKitLimits(list)).toEqual([]);
    expect(list.blocks.filter((b) => b.type === 'section')).toHaveLength(MAX_LISTED_REQUESTS);
    expect(mrkdwnTexts(list.blocks).join('\n')).toContain('…and 80 older requests not shown.');
  });
});
