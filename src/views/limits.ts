import type { AnyBlock, HomeView, ModalView } from '@slack/types';

/**
 * Slack's Block Kit limits (docs.slack.dev/reference/block-kit). Slack rejects a whole message or
 * view that breaks any of them (`invalid_blocks`), so one long subscriber name or a 5,000-number
 * request must never produce one: builders truncate and summarise, and every builder test runs
 * the output through checkBlockKitLimits.
 */
export const LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  /** Text in a context element: Slack documents none beyond the section's, so use that. */
  contextText: 3000,
  actionsElements: 25,
  modalTitle: 24,
  modalButton: 24,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  blockId: 255,
  callbackId: 255,
  inputLabel: 2000,
  inputHint: 2000,
  placeholder: 150,
  plainTextInputMaxLength: 3000,
  privateMetadata: 3000,
  selectOptions: 100,
  optionGroups: 100,
  optionGroupLabel: 75,
  optionText: 75,
  optionValue: 150,
  overflowOptionsMin: 1,
  overflowOptionsMax: 5,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  fileInputMaxFiles: 10,
  /** Slack truncates message text past 40,000 characters. */
  messageText: 40_000,
  /**
   * The bot's own budget for a message's `text`: it is the notification and screen-reader
   * fallback, so a sentence or two; everything else belongs in the blocks.
   */
  messageTextBudget: 4000,
} as const;

/** One broken limit: where in the payload, and what. */
export interface LimitViolation {
  path: string;
  message: string;
}

/** A message as the bot posts it. */
export interface MessagePayload {
  text: string;
  blocks?: AnyBlock[];
}

type Checkable = ModalView | HomeView | MessagePayload | readonly AnyBlock[];

type Obj = Record<string, unknown>;

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class Checker {
  readonly violations: LimitViolation[] = [];

  fail(path: string, message: string): void {
    this.violations.push({ path, message });
  }

  maxLen(path: string, value: unknown, max: number, what: string): void {
    if (typeof value === 'string' && value.length > max) {
      this.fail(path, `${what} is ${value.length} characters; the limit is ${max}`);
    }
  }

  /** A text object: present, non-empty, within `max`. */
  text(path: string, value: unknown, max: number, what: string, plainOnly = false): void {
    if (!isObj(value)) {
      this.fail(path, `${what} is missing`);
      return;
    }
    if (value.type !== 'plain_text' && value.type !== 'mrkdwn') {
      this.fail(path, `${what} has unknown text type ${String(value.type)}`);
    }
    if (plainOnly && value.type !== 'plain_text') this.fail(path, `${what} must be plain_text`);
    if (typeof value.text !== 'string' || value.text.length === 0) {
      this.fail(path, `${what} is empty; Slack rejects empty text`);
      return;
    }
    this.maxLen(path, value.text, max, what);
  }

  confirm(path: string, value: unknown): void {
    if (value === undefined) return;
    if (!isObj(value)) {
      this.fail(path, 'confirm is not an object');
      return;
    }
    if (value.title !== undefined)
      this.text(`${path}.title`, value.title, LIMITS.confirmTitle, 'confirm title', true);
    this.text(`${path}.text`, value.text, LIMITS.confirmText, 'confirm text');
    if (value.confirm !== undefined)
      this.text(`${path}.confirm`, value.confirm, LIMITS.confirmButton, 'confirm button', true);
    if (value.deny !== undefined)
      this.text(`${path}.deny`, value.deny, LIMITS.confirmButton, 'deny button', true);
  }

  option(path: string, value: unknown): void {
    if (!isObj(value)) {
      this.fail(path, 'option is not an object');
      return;
    }
    this.text(`${path}.text`, value.text, LIMITS.optionText, 'option text');
    this.maxLen(`${path}.value`, value.value, LIMITS.optionValue, 'option value');
  }

  element(path: string, el: unknown, actionIds: Set<string>): void {
    if (!isObj(el)) {
      this.fail(path, 'element is not an object');
      return;
    }
    if (typeof el.action_id === 'string') {
      this.maxLen(`${path}.action_id`, el.action_id, LIMITS.actionId, 'action_id');
      if (actionIds.has(el.action_id)) this.fail(path, `action_id ${el.action_id} repeats in its block`);
      actionIds.add(el.action_id);
    }
    this.confirm(`${path}.confirm`, el.confirm);
    if (el.placeholder !== undefined)
      this.text(`${path}.placeholder`, el.placeholder, LIMITS.placeholder, 'placeholder', true);
    switch (el.type) {
      case 'button':
        this.text(`${path}.text`, el.text, LIMITS.buttonText, 'button text', true);
        this.maxLen(`${path}.value`, el.value, LIMITS.buttonValue, 'button value');
        break;
      case 'plain_text_input': {
        const max = typeof el.max_length === 'number' ? el.max_length : LIMITS.plainTextInputMaxLength;
        if (max > LIMITS.plainTextInputMaxLength)
          this.fail(path, `max_length ${max} is over ${LIMITS.plainTextInputMaxLength}`);
        this.maxLen(`${path}.initial_value`, el.initial_value, max, 'initial_value');
        break;
      }
      case 'static_select':
      case 'multi_static_select':
      case 'overflow':
      case 'radio_buttons':
      case 'checkboxes': {
        const options = Array.isArray(el.options) ? el.options : [];
        const groups = Array.isArray(el.option_groups) ? el.option_groups : [];
        if (
          el.type === 'overflow' &&
          (options.length < LIMITS.overflowOptionsMin || options.length > LIMITS.overflowOptionsMax)
        ) {
          this.fail(
            path,
            `overflow has ${options.length} options; it allows 1 to ${LIMITS.overflowOptionsMax}`,
          );
        }
        if (options.length > LIMITS.selectOptions)
          this.fail(path, `${options.length} options; the limit is ${LIMITS.selectOptions}`);
        if (groups.length > LIMITS.optionGroups)
          this.fail(path, `${groups.length} option groups; the limit is ${LIMITS.optionGroups}`);
        for (const [i, o] of options.entries()) this.option(`${path}.options[${i}]`, o);
        groups.forEach((g, gi) => {
          if (!isObj(g)) return;
          this.text(
            `${path}.option_groups[${gi}].label`,
            g.label,
            LIMITS.optionGroupLabel,
            'option group label',
          );
          const inner = Array.isArray(g.options) ? g.options : [];
          if (inner.length > LIMITS.selectOptions) this.fail(path, `group ${gi} has ${inner.length} options`);
          for (const [i, o] of inner.entries()) this.option(`${path}.option_groups[${gi}].options[${i}]`, o);
        });
        if (el.initial_option !== undefined) this.option(`${path}.initial_option`, el.initial_option);
        break;
      }
      case 'file_input':
        if (
          el.max_files !== undefined &&
          (typeof el.max_files !== 'number' || el.max_files < 1 || el.max_files > 10)
        ) {
          this.fail(path, `max_files must be 1 to ${LIMITS.fileInputMaxFiles}`);
        }
        break;
      default:
        break;
    }
  }

  block(path: string, block: unknown, blockIds: Set<string>): void {
    if (!isObj(block)) {
      this.fail(path, 'block is not an object');
      return;
    }
    if (typeof block.block_id === 'string') {
      this.maxLen(`${path}.block_id`, block.block_id, LIMITS.blockId, 'block_id');
      if (blockIds.has(block.block_id)) this.fail(path, `block_id ${block.block_id} is used twice`);
      blockIds.add(block.block_id);
    }
    const actionIds = new Set<string>();
    switch (block.type) {
      case 'header':
        this.text(`${path}.text`, block.text, LIMITS.headerText, 'header text', true);
        break;
      case 'section': {
        const fields = Array.isArray(block.fields) ? block.fields : undefined;
        if (block.text === undefined && !fields) this.fail(path, 'section has neither text nor fields');
        if (block.text !== undefined)
          this.text(`${path}.text`, block.text, LIMITS.sectionText, 'section text');
        if (fields) {
          if (fields.length > LIMITS.sectionFields) {
            this.fail(`${path}.fields`, `${fields.length} fields; the limit is ${LIMITS.sectionFields}`);
          }
          for (const [i, f] of fields.entries())
            this.text(`${path}.fields[${i}]`, f, LIMITS.fieldText, 'field');
        }
        if (block.accessory !== undefined) this.element(`${path}.accessory`, block.accessory, actionIds);
        break;
      }
      case 'context': {
        const elements = Array.isArray(block.elements) ? block.elements : [];
        if (elements.length === 0 || elements.length > LIMITS.contextElements) {
          this.fail(
            path,
            `context has ${elements.length} elements; it allows 1 to ${LIMITS.contextElements}`,
          );
        }
        elements.forEach((e, i) => {
          if (isObj(e) && e.type !== 'image')
            this.text(`${path}.elements[${i}]`, e, LIMITS.contextText, 'context');
        });
        break;
      }
      case 'actions': {
        const elements = Array.isArray(block.elements) ? block.elements : [];
        if (elements.length === 0 || elements.length > LIMITS.actionsElements) {
          this.fail(
            path,
            `actions has ${elements.length} elements; it allows 1 to ${LIMITS.actionsElements}`,
          );
        }
        for (const [i, e] of elements.entries()) this.element(`${path}.elements[${i}]`, e, actionIds);
        break;
      }
      case 'input':
        this.text(`${path}.label`, block.label, LIMITS.inputLabel, 'input label', true);
        if (block.hint !== undefined) this.text(`${path}.hint`, block.hint, LIMITS.inputHint, 'hint', true);
        this.element(`${path}.element`, block.element, actionIds);
        break;
      default:
        break;
    }
  }

  blocks(path: string, blocks: readonly unknown[], max: number, surface: string): void {
    if (blocks.length > max) this.fail(path, `${blocks.length} blocks; a ${surface} allows ${max}`);
    const blockIds = new Set<string>();
    for (const [i, b] of blocks.entries()) this.block(`${path}[${i}]`, b, blockIds);
  }
}

/**
 * Lists every Slack limit the payload breaks; an empty list means Slack will accept it as far as
 * sizes go. A bare block array is checked as a message (50 blocks).
 */
export function checkBlockKitLimits(payload: Checkable): LimitViolation[] {
  const c = new Checker();
  if (Array.isArray(payload)) {
    c.blocks('blocks', payload, LIMITS.messageBlocks, 'message');
    return c.violations;
  }
  const p = payload as unknown as Obj;
  if (p.type === 'modal' || p.type === 'home') {
    const view = payload as ModalView | HomeView;
    c.blocks('blocks', view.blocks, LIMITS.viewBlocks, `${view.type} view`);
    c.maxLen('private_metadata', view.private_metadata, LIMITS.privateMetadata, 'private_metadata');
    c.maxLen('callback_id', view.callback_id, LIMITS.callbackId, 'callback_id');
    if (view.type === 'modal') {
      c.text('title', view.title, LIMITS.modalTitle, 'modal title', true);
      if (view.submit) c.text('submit', view.submit, LIMITS.modalButton, 'submit button', true);
      if (view.close) c.text('close', view.close, LIMITS.modalButton, 'close button', true);
      if (view.blocks.some((b) => b.type === 'input') && !view.submit) {
        c.fail('submit', 'a modal with inputs needs a submit button');
      }
    }
    return c.violations;
  }
  const message = payload as MessagePayload;
  if (typeof message.text !== 'string' || message.text.length === 0) c.fail('text', 'message text is empty');
  c.maxLen('text', message.text, LIMITS.messageTextBudget, 'message text');
  if (message.blocks) c.blocks('blocks', message.blocks, LIMITS.messageBlocks, 'message');
  return c.violations;
}
