import type { ActionsBlock, Button, KnownBlock } from '@slack/types';
import { renderRequestEvent } from '../../src/views/event-message';
import { ids } from '../../src/views/ids';
import { checkBlockKitLimits } from '../../src/views/limits';
import { buildNumberFileReport } from '../../src/views/number-file-report';
import { buildRequestCard } from '../../src/views/request-card';
import { buildRetryNothingImportable } from '../../src/views/retry-result';
import { makeRequest, partialRequest, tns } from './fixtures';

function moreButtons(blocks: KnownBlock[]): string[] {
  const block = blocks.find(
    (b): b is ActionsBlock => b.type === 'actions' && b.block_id === ids.card.moreBlock,
  );
  return (block?.elements ?? []).map((e) => (e as Button).action_id ?? '');
}

describe('the request card, beyond the basics', () => {
  it('offers the pre-filled LOA while it can still be signed, and retry only on a partial or failed request', () => {
    expect(moreButtons(buildRequestCard(makeRequest()).blocks)).toEqual([ids.card.loaPdf]);
    expect(moreButtons(buildRequestCard(partialRequest()).blocks)).toEqual([
      ids.card.loaPdf,
      ids.card.retryFailed,
    ]);
    expect(moreButtons(buildRequestCard(makeRequest({ state: 'rejected' })).blocks)).toEqual([]);
    expect(moreButtons(buildRequestCard({ ...partialRequest(), retriedAs: 'HM-NEW001' }).blocks)).toEqual([
      ids.card.loaPdf,
    ]);
  });

  it('links a retry and the request it retries, both ways', () => {
    const text = JSON.stringify(buildRequestCard({ ...partialRequest(), retriedAs: 'HM-NEW001' }).blocks);
    expect(text).toContain('Failed numbers retried in `HM-NEW001`');
    expect(JSON.stringify(buildRequestCard(makeRequest({ retryOf: 'HM-OLD001' })).blocks)).toContain(
      'Retries the failed numbers of `HM-OLD001`',
    );
  });

  it('shows a few problems of the numbers file and counts the rest, within Block Kit limits', () => {
    const problems = Array.from({ length: 50 }, (_, i) => ({
      line: i + 2,
      text: `bad${i}`,
      reason: 'has 3 digits',
    }));
    const card = buildRequestCard(
      makeRequest({ inputProblems: { fileName: 'list.csv', total: 300, problems } }),
    );
    const text = JSON.stringify(card.blocks);
    expect(text).toContain('300 lines of list.csv skipped');
    expect(text).toContain('line 2: `bad0` has 3 digits');
    expect(text).toContain('…and 292 more lines');
    expect(checkBlockKitLimits(card)).toEqual([]);
  });

  it('puts the retry button under the final message of a partial import', () => {
    const message = renderRequestEvent(partialRequest(), { type: 'finished', outcome: 'partial' });
    expect(moreButtons(message.blocks ?? [])).toEqual([ids.card.retryFailed]);
    const opened = renderRequestEvent(partialRequest(), {
      type: 'retry_opened',
      requestId: 'HM-NEW001',
      by: 'U1',
      numbers: 1,
    });
    expect(opened.text).toContain('HM-NEW001');
  });
});

describe('buildNumberFileReport', () => {
  it('says nothing about a clean file, and names line, text and reason otherwise', () => {
    expect(
      buildNumberFileReport('a.csv', { numbers: ['9195550000'], problems: [], duplicates: [] }),
    ).toBeUndefined();
    const text = buildNumberFileReport('a.csv', {
      numbers: ['9195550000'],
      problems: Array.from({ length: 20 }, (_, i) => ({ line: i + 1, text: 'x', reason: 'is not a number' })),
      duplicates: ['9195550000'],
    });
    expect(text).toContain('1 duplicate dropped, 20 lines skipped');
    expect(text).toContain('• line 1: `x` is not a number');
    expect(text).toContain('…and 5 more lines');
  });
});

describe('buildRetryNothingImportable', () => {
  it('says nothing was opened and why, per code', () => {
    const text = buildRetryNothingImportable('HM-OLD001', {
      failed: 2,
      refused: [{ code: '19005', description: 'Messaging route not configured', numbers: tns(2) }],
    });
    expect(text).toContain('no new request was opened');
    expect(text).toContain('2 numbers: 19005 Messaging route not configured');
  });
});
