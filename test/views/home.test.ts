import type { ActionsBlock, Button } from '@slack/types';
import { buildHomeView } from '../../src/views/home';
import { ids } from '../../src/views/ids';
import { checkBlockKitLimits } from '../../src/views/limits';
import { makeRequest, mrkdwnTexts, submitted } from './fixtures';

function buttons(view: ReturnType<typeof buildHomeView>): Button[] {
  return view.blocks
    .filter((b): b is ActionsBlock => b.type === 'actions')
    .flatMap((b) => b.elements.filter((e): e is Button => e.type === 'button'));
}

const EMPTY = {
  awaitingMyApproval: [],
  myRequests: [],
  openOrders: [],
  recentOutcomes: [],
  isApprover: false,
};

describe('buildHomeView', () => {
  it('offers New import and Refresh', () => {
    const view = buildHomeView(EMPTY);
    expect(view.type).toBe('home');
    expect(view.callback_id).toBe(ids.home.callbackId);
    expect(buttons(view).map((b) => b.action_id)).toEqual([ids.home.newImport, ids.home.refresh]);
    expect(checkBlockKitLimits(view)).toEqual([]);
  });

  it('shows approvers what waits for them, with Approve (confirmed) and Reject per request', () => {
    const view = buildHomeView({ ...EMPTY, isApprover: true, awaitingMyApproval: [makeRequest()] });
    const approve = buttons(view).find((b) => b.action_id === ids.card.approve);
    expect(approve?.value).toBe('HM-7KQ2XD');
    expect(approve?.confirm?.text.text).toContain('3 numbers');
    expect(buttons(view).find((b) => b.action_id === ids.card.reject)?.value).toBe('HM-7KQ2XD');
    expect(mrkdwnTexts(view.blocks).join('\n')).toContain('*Waiting for your approval* (1)');
  });

  it('hides the approval section from non-approvers', () => {
    const view = buildHomeView({ ...EMPTY, awaitingMyApproval: [makeRequest()] });
    expect(buttons(view).some((b) => b.action_id === ids.card.approve)).toBe(false);
    expect(mrkdwnTexts(view.blocks).join('\n')).not.toContain('Waiting for your approval');
  });

  it('lists the person’s requests, open orders and recent outcomes, or says they are empty', () => {
    const view = buildHomeView({ ...EMPTY, myRequests: [makeRequest()], openOrders: [submitted()] });
    const all = mrkdwnTexts(view.blocks).join('\n');
    expect(all).toContain('*Your requests* (1)');
    expect(all).toContain('*Orders in progress at Bandwidth* (1)');
    expect(all).toContain('Nothing finished lately.');
  });

  it('stays under 100 blocks with long lists everywhere', () => {
    const many = Array.from({ length: 60 }, (_, i) =>
      makeRequest({ id: `HM-${String(i).padStart(6, '0')}` }),
    );
    const view = buildHomeView({
      awaitingMyApproval: many,
      myRequests: many,
      openOrders: many,
      recentOutcomes: many,
      isApprover: true,
      command: '/hm',
    });
    expect(checkBlockKitLimits(view)).toEqual([]);
    expect(mrkdwnTexts(view.blocks).join('\n')).toContain('…and 50 more. `/hm list` shows them all.');
  });
});
