import type { KnownBlock, ModalView } from '@slack/types';
import { checkBlockKitLimits, LIMITS } from '../../src/views/limits';

const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });

function messages(blocks: KnownBlock[]): string[] {
  return checkBlockKitLimits(blocks).map((v) => v.message);
}

describe('checkBlockKitLimits', () => {
  it('accepts a small, valid message', () => {
    expect(checkBlockKitLimits({ text: 'hi', blocks: [section('hello')] })).toEqual([]);
  });

  it('reports more than 50 blocks in a message but allows 100 in a modal', () => {
    const blocks = Array.from({ length: 51 }, () => section('x'));
    expect(messages(blocks)).toEqual(['51 blocks; a message allows 50']);
    const modal: ModalView = { type: 'modal', title: { type: 'plain_text', text: 'T' }, blocks };
    expect(checkBlockKitLimits(modal)).toEqual([]);
    const tooMany: ModalView = { ...modal, blocks: [...blocks, ...blocks] };
    expect(checkBlockKitLimits(tooMany).map((v) => v.message)).toEqual([
      '102 blocks; a modal view allows 100',
    ]);
  });

  it('reports section text over 3000 characters and empty text', () => {
    expect(messages([section('x'.repeat(3001))])).toEqual([
      'section text is 3001 characters; the limit is 3000',
    ]);
    expect(messages([section('')])).toEqual(['section text is empty; Slack rejects empty text']);
  });

  it('reports more than 10 fields and a field over 2000 characters', () => {
    const fields = Array.from({ length: 11 }, () => ({ type: 'mrkdwn' as const, text: 'f' }));
    expect(messages([{ type: 'section', fields }])).toEqual(['11 fields; the limit is 10']);
    expect(messages([{ type: 'section', fields: [{ type: 'mrkdwn', text: 'y'.repeat(2001) }] }])).toEqual([
      'field is 2001 characters; the limit is 2000',
    ]);
  });

  it('reports a long header, long button text and a long confirm text', () => {
    const found = messages([
      { type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } },
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action_id: 'a',
            text: { type: 'plain_text', text: 'b'.repeat(76) },
            confirm: { text: { type: 'plain_text', text: 'c'.repeat(301) } },
          },
        ],
      },
    ]);
    expect(found).toEqual([
      'header text is 151 characters; the limit is 150',
      'confirm text is 301 characters; the limit is 300',
      'button text is 76 characters; the limit is 75',
    ]);
  });

  it('reports repeated block_ids and overlong ids', () => {
    const found = messages([
      { type: 'divider', block_id: 'same' },
      { type: 'divider', block_id: 'same' },
      { type: 'divider', block_id: 'x'.repeat(256) },
    ]);
    expect(found).toEqual(['block_id same is used twice', 'block_id is 256 characters; the limit is 255']);
  });

  it('reports more than 10 context elements', () => {
    const elements = Array.from({ length: 11 }, () => ({ type: 'mrkdwn' as const, text: 'c' }));
    expect(messages([{ type: 'context', elements }])).toEqual(['context has 11 elements; it allows 1 to 10']);
  });

  it('reports a modal title over 24 characters, oversized private_metadata and inputs without submit', () => {
    const modal: ModalView = {
      type: 'modal',
      title: { type: 'plain_text', text: 't'.repeat(25) },
      private_metadata: 'm'.repeat(3001),
      blocks: [
        {
          type: 'input',
          label: { type: 'plain_text', text: 'L' },
          element: { type: 'plain_text_input', action_id: 'x', max_length: 5, initial_value: 'toolong' },
        },
      ],
    };
    expect(checkBlockKitLimits(modal).map((v) => v.message)).toEqual([
      'initial_value is 7 characters; the limit is 5',
      'private_metadata is 3001 characters; the limit is 3000',
      'modal title is 25 characters; the limit is 24',
      'a modal with inputs needs a submit button',
    ]);
  });

  it('reports a message text past the bot budget', () => {
    const found = checkBlockKitLimits({ text: 'x'.repeat(LIMITS.messageTextBudget + 1) });
    expect(found).toHaveLength(1);
    expect(found[0]?.path).toBe('text');
  });

  it('reports an overflow with more than 5 options and an option text over 75', () => {
    const option = (text: string, value: string) => ({ text: { type: 'plain_text' as const, text }, value });
    const found = messages([
      {
        type: 'section',
        text: { type: 'mrkdwn', text: 's' },
        accessory: {
          type: 'overflow',
          action_id: 'o',
          options: [option('o'.repeat(76), '1'), ...['2', '3', '4', '5', '6'].map((v) => option(v, v))],
        },
      },
    ]);
    expect(found).toEqual([
      'overflow has 6 options; it allows 1 to 5',
      'option text is 76 characters; the limit is 75',
    ]);
  });
});
