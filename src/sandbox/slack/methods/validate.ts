import { asObject, asString } from '../http-utils';
import type { SlackObject } from '../types';
import { limitError } from './context';

/**
 * A subset of Block Kit's documented limits: the ones a bot that lists phone numbers and
 * addresses is likely to hit (too many blocks, a section over 3000 characters, a long button
 * value, a duplicated block_id). Real Slack rejects these with `invalid_blocks`; a fake that
 * accepted them would let such a bug reach production.
 */
export function blockErrors(blocks: unknown, maxBlocks: number, root = '/blocks'): string[] {
  if (!Array.isArray(blocks)) return [`[ERROR] expected an array [json-pointer:${root}]`];
  const errors: string[] = [];
  if (blocks.length > maxBlocks) errors.push(limitError(root, maxBlocks, 'items'));
  const blockIds = new Set<string>();
  blocks.forEach((raw, index) => {
    const at = `${root}/${index}`;
    const block = asObject(raw);
    if (block === undefined || typeof block.type !== 'string') {
      errors.push(`[ERROR] missing required field: type [json-pointer:${at}]`);
      return;
    }
    const blockId = asString(block.block_id);
    if (blockId !== undefined) {
      if (blockId.length > 255) errors.push(limitError(`${at}/block_id`, 255));
      if (blockIds.has(blockId)) errors.push(`[ERROR] duplicate block_id [json-pointer:${at}/block_id]`);
      blockIds.add(blockId);
    }
    errors.push(...textLimit(block.text, `${at}/text`, block.type === 'header' ? 150 : 3000));
    if (Array.isArray(block.fields)) {
      if (block.fields.length > 10) errors.push(limitError(`${at}/fields`, 10, 'items'));
      block.fields.forEach((field, i) => {
        errors.push(...textLimit(field, `${at}/fields/${i}`, 2000));
      });
    }
    if (Array.isArray(block.elements)) {
      const max = block.type === 'actions' ? 25 : 10;
      if (block.type !== 'rich_text' && block.elements.length > max) {
        errors.push(limitError(`${at}/elements`, max, 'items'));
      }
      block.elements.forEach((element, i) => {
        errors.push(...elementErrors(element, `${at}/elements/${i}`));
      });
    }
    if (block.accessory !== undefined) errors.push(...elementErrors(block.accessory, `${at}/accessory`));
    if (block.element !== undefined) errors.push(...elementErrors(block.element, `${at}/element`));
    if (block.type === 'input') errors.push(...textLimit(block.label, `${at}/label`, 2000));
  });
  return errors;
}

function elementErrors(raw: unknown, at: string): string[] {
  const element = asObject(raw);
  if (element === undefined) return [];
  const errors: string[] = [];
  const actionId = asString(element.action_id);
  if (actionId !== undefined && actionId.length > 255) errors.push(limitError(`${at}/action_id`, 255));
  const value = asString(element.value);
  if (element.type === 'button') {
    errors.push(...textLimit(element.text, `${at}/text`, 75));
    if (value !== undefined && value.length > 2000) errors.push(limitError(`${at}/value`, 2000));
  }
  return errors;
}

function textLimit(raw: unknown, at: string, max: number): string[] {
  const text = asString(asObject(raw)?.text);
  return text !== undefined && text.length > max ? [limitError(`${at}/text`, max)] : [];
}

/** Modal and Home tab checks on top of the block checks: type, title, metadata sizes. */
export function viewErrors(view: SlackObject | undefined, allowedTypes: string[]): string[] {
  if (view === undefined) return ['[ERROR] missing required field: view'];
  const type = asString(view.type);
  if (type === undefined || !allowedTypes.includes(type)) {
    return [`[ERROR] must be one of ${allowedTypes.join(', ')} [json-pointer:/view/type]`];
  }
  const errors = blockErrors(view.blocks ?? [], 100, '/view/blocks');
  if (type === 'modal') {
    const title = asString(asObject(view.title)?.text);
    if (title === undefined) errors.push('[ERROR] missing required field: title [json-pointer:/view/title]');
    else if (title.length > 24) errors.push(limitError('/view/title/text', 24));
    errors.push(...textLimit(view.submit, '/view/submit', 24), ...textLimit(view.close, '/view/close', 24));
    const hasInput = Array.isArray(view.blocks) && view.blocks.some((b) => asObject(b)?.type === 'input');
    if (hasInput && view.submit === undefined) {
      errors.push('[ERROR] submit is required when an input block is present [json-pointer:/view/submit]');
    }
  }
  const callbackId = asString(view.callback_id);
  if (callbackId !== undefined && callbackId.length > 255) errors.push(limitError('/view/callback_id', 255));
  const metadata = asString(view.private_metadata);
  if (metadata !== undefined && metadata.length > 3000)
    errors.push(limitError('/view/private_metadata', 3000));
  const externalId = asString(view.external_id);
  if (externalId !== undefined && externalId.length > 255) errors.push(limitError('/view/external_id', 255));
  return errors;
}
