import type { KnownBlock } from '@slack/types';
import { ids } from '../../src/views/ids';
import {
  blocksText,
  CHANNEL,
  currentCard,
  eventually,
  type Harness,
  REQUESTER,
  replies,
  requestImport,
  settle,
  useHarness,
} from '../helpers/bot-harness';

const B = ids.importModal.blocks;
const A = ids.importModal.actions;

function numbersFile(file: Record<string, unknown>) {
  return {
    [B.numbersFile]: {
      [A.numbersFile]: {
        type: 'file_input',
        files: [{ id: file.id, name: file.name, filetype: file.filetype, size: file.size }],
      },
    },
  };
}

describe('bulk import from a numbers file', () => {
  let h: Harness;
  useHarness({}, (started) => {
    h = started;
  });

  it('tells the requester each bad line with its number and reason, drops duplicates, and shows the problems on the card', async () => {
    const file = h.fake.addFile(
      'number,site\n919-555-3201,HQ\n919-555-123,Fax\n(919) 555-3202,Lab\n919-555-3201,HQ again\nnot a number,?\n',
      { name: 'numbers.csv', user: REQUESTER },
    );
    const { card, requestId } = await requestImport(h, '', { extraValues: numbersFile(file) });

    const request = await h.bot.workflow.getRequest(requestId);
    expect(request?.numbers).toEqual(['9195553201', '9195553202']);
    const told = h.fake.ephemerals.find(
      (e) => e.user === REQUESTER && (e.text ?? '').includes('numbers.csv'),
    );
    expect(told?.text).toMatch(/line 3: `919-555-123`/);
    expect(told?.text).toMatch(/line 6/);
    expect(told?.text).toMatch(/1 duplicate dropped/);
    expect(told?.text).toMatch(/2 lines skipped/);
    const text = blocksText(currentCard(h, card));
    expect(text).toContain('2 lines of numbers.csv skipped');
    expect(text).toContain('line 3');
    expect(text).toContain(ids.card.approve);
  });

  it('caps the problems told and shown, with the count of the rest', async () => {
    const bad = Array.from({ length: 40 }, (_, i) => `919-555-${String(100 + i)}`);
    const file = h.fake.addFile(['919-555-3301', ...bad].join('\n'), { name: 'list.txt', user: REQUESTER });
    const { card } = await requestImport(h, '', { extraValues: numbersFile(file) });

    const told = h.fake.ephemerals.find((e) => (e.text ?? '').includes('list.txt'));
    expect(told?.text).toContain('…and 25 more lines');
    expect((told?.text ?? '').split('\n').filter((l) => l.startsWith('• line'))).toHaveLength(15);
    const text = blocksText(currentCard(h, card));
    expect(text).toContain('40 lines of list.txt skipped');
    expect(text).toContain('…and 32 more lines');
  });

  it('keeps a card of thousands of numbers readable and attaches every number as a CSV in the thread', async () => {
    const numbers = Array.from({ length: 2000 }, (_, i) => `919${String(6000000 + i)}`);
    const file = h.fake.addFile(`phone\n${numbers.join('\n')}\n`, { name: 'big.csv', user: REQUESTER });
    const { card, requestId } = await requestImport(h, '', { extraValues: numbersFile(file) });

    const upload = await eventually(
      () => h.fake.uploadedFiles.find((u) => u.file.name === `${requestId}-numbers.csv`),
      'the full list upload',
    );
    expect(upload.channelId).toBe(CHANNEL);
    expect(upload.threadTs).toBe(card.ts);
    const rows = upload.bytes.toString('utf8').trim().split('\r\n');
    expect(rows).toHaveLength(2001);
    expect(rows[1]).toMatch(/^9196000000,importable/);
    await settle(h);
    expect((await h.bot.workflow.getRequest(requestId))?.fullListUrl).toBe(upload.file.permalink);
    const shown = currentCard(h, card);
    expect((shown.blocks as KnownBlock[]).length).toBeLessThanOrEqual(50);
    expect(blocksText(shown)).toContain('1,989 numbers can be imported');
    expect(blocksText(shown).length).toBeLessThan(12_000);
    // The file is posted once even though later events rebuild the card.
    expect(h.fake.uploadedFiles.filter((u) => u.file.name === `${requestId}-numbers.csv`)).toHaveLength(1);
    expect(replies(h, card).some((m) => (m.files ?? []).length > 0)).toBe(true);
  });
});
