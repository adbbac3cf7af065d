import type { InputBlock, KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import type { RequestDetails } from '../domain/request';
import { ids } from './ids';
import { LIMITS } from './limits';
import { CANADIAN_REGIONS, US_REGIONS } from './regions';
import { channelLink, mrkdwn, plain, safe } from './text';

/** Bandwidth's limit on Subscriber/Name (create-order error 25131 past it). */
export const SUBSCRIBER_NAME_MAX = 45;
/** One checker call takes at most 5,000 numbers, so one request does too. */
export const MAX_NUMBERS_PER_REQUEST = 5000;
/** File types Bandwidth's LOA upload takes that people actually sign and scan. */
export const LOA_FILETYPES = ['pdf', 'png', 'jpg', 'jpeg', 'tif', 'tiff'] as const;
/** A list too long for the numbers field can come as a file. */
export const NUMBERS_FILETYPES = ['csv', 'txt'] as const;

/** Field lengths the form enforces; generous, but bounded so cards and orders stay readable. */
export const FIELD_MAX = {
  houseNumber: 20,
  streetName: 100,
  city: 60,
  county: 60,
  loaAuthorizingPerson: 100,
  reference: 100,
} as const;

/** What the import modal carries in private_metadata: the channel, when the command named one. */
export interface ImportModalMetadata {
  channelId?: string;
}

export interface ImportModalInput {
  /** The command's text, pre-filled into the Numbers field. */
  numbersText?: string;
  /** Where the card goes. Left out (the Home tab has no channel), the form asks for one. */
  channelId?: string;
  /** Problems to show above the form, e.g. "Bandwidth's checker did not answer; submit again". */
  errors?: readonly string[];
  /** Values to keep when the modal is rebuilt. */
  initial?: Partial<Omit<RequestDetails, 'serviceAddress'>> & {
    serviceAddress?: Partial<RequestDetails['serviceAddress']>;
  };
}

const B = ids.importModal.blocks;
const A = ids.importModal.actions;

function textInput(opts: {
  blockId: string;
  actionId: string;
  label: string;
  hint?: string;
  placeholder?: string;
  maxLength: number;
  initial?: string;
  optional?: boolean;
  multiline?: boolean;
}): InputBlock {
  const initial = opts.initial && opts.initial.length <= opts.maxLength ? opts.initial : undefined;
  return {
    type: 'input',
    block_id: opts.blockId,
    optional: opts.optional ?? false,
    label: plain(opts.label, LIMITS.inputLabel),
    ...(opts.hint ? { hint: plain(opts.hint, LIMITS.inputHint) } : {}),
    element: {
      type: 'plain_text_input',
      action_id: opts.actionId,
      max_length: opts.maxLength,
      ...(opts.multiline ? { multiline: true } : {}),
      ...(initial ? { initial_value: initial } : {}),
      ...(opts.placeholder ? { placeholder: plain(opts.placeholder, LIMITS.placeholder) } : {}),
    },
  };
}

function option(code: string, name: string): PlainTextOption {
  return { text: plain(`${name} (${code})`, LIMITS.optionText), value: code };
}

function stateSelect(initialCode?: string): InputBlock {
  const all = [...US_REGIONS, ...CANADIAN_REGIONS];
  const initial = all.find(([c]) => c === initialCode);
  return {
    type: 'input',
    block_id: B.state,
    label: plain('State or province', LIMITS.inputLabel),
    element: {
      type: 'static_select',
      action_id: A.state,
      placeholder: plain('Choose', LIMITS.placeholder),
      option_groups: [
        {
          label: plain('United States', LIMITS.optionGroupLabel),
          options: US_REGIONS.map(([c, n]) => option(c, n)),
        },
        {
          label: plain('Canada', LIMITS.optionGroupLabel),
          options: CANADIAN_REGIONS.map(([c, n]) => option(c, n)),
        },
      ],
      ...(initial ? { initial_option: option(initial[0], initial[1]) } : {}),
    },
  };
}

/**
 * The `/hosted import` form. The Numbers field holds at most 3,000 characters (about 250
 * numbers); a longer list from the command is not pre-filled (Slack would refuse the whole view)
 * and the form asks for it as a file instead.
 */
export function buildImportModal(input: ImportModalInput): ModalView {
  const init = input.initial ?? {};
  const addr = init.serviceAddress ?? {};
  const numbersText = input.numbersText?.trim();
  const tooLong = numbersText !== undefined && numbersText.length > LIMITS.plainTextInputMaxLength;
  const blocks: KnownBlock[] = [];

  if (input.errors && input.errors.length > 0) {
    blocks.push({
      type: 'section',
      text: mrkdwn(input.errors.map((e) => `:warning: ${safe(e, 500)}`).join('\n')),
    });
  }
  blocks.push({
    type: 'section',
    text: mrkdwn(
      `Bandwidth checks each number first; then a request card goes to ${input.channelId ? channelLink(input.channelId) : 'the channel you pick'} for an approver.`,
    ),
  });
  if (!input.channelId) {
    blocks.push({
      type: 'input',
      block_id: B.channel,
      label: plain('Post the request in', LIMITS.inputLabel),
      hint: plain('The channel where approvers will see the request card.', LIMITS.inputHint),
      element: {
        type: 'conversations_select',
        action_id: A.channel,
        filter: { include: ['public', 'private'], exclude_bot_users: true },
      },
    });
  }
  if (tooLong) {
    blocks.push({
      type: 'context',
      elements: [
        mrkdwn(
          `:information_source: Your list is ${numbersText.length.toLocaleString('en-US')} characters; this field holds ${LIMITS.plainTextInputMaxLength.toLocaleString('en-US')}. Attach it as a CSV or text file below instead.`,
        ),
      ],
    });
  }
  blocks.push(
    textInput({
      blockId: B.numbers,
      actionId: A.numbers,
      label: 'Numbers',
      hint: 'Ten-digit US or Canadian numbers, one per line or separated by commas. Up to about 250 here; attach a file for more.',
      placeholder: '919 555 1234',
      maxLength: LIMITS.plainTextInputMaxLength,
      initial: tooLong ? undefined : numbersText,
      optional: true,
      multiline: true,
    }),
    {
      type: 'input',
      block_id: B.numbersFile,
      optional: true,
      label: plain('Numbers file', LIMITS.inputLabel),
      hint: plain(
        `A CSV or text file with up to ${MAX_NUMBERS_PER_REQUEST.toLocaleString('en-US')} numbers.`,
        LIMITS.inputHint,
      ),
      element: {
        type: 'file_input',
        action_id: A.numbersFile,
        filetypes: [...NUMBERS_FILETYPES],
        max_files: 1,
      },
    },
    textInput({
      blockId: B.subscriberName,
      actionId: A.subscriberName,
      label: 'Subscriber name',
      hint: `The business or person who holds the numbers. At most ${SUBSCRIBER_NAME_MAX} characters.`,
      maxLength: SUBSCRIBER_NAME_MAX,
      initial: init.subscriberName,
    }),
    textInput({
      blockId: B.houseNumber,
      actionId: A.houseNumber,
      label: 'House number',
      placeholder: '900',
      maxLength: FIELD_MAX.houseNumber,
      initial: addr.houseNumber,
    }),
    textInput({
      blockId: B.streetName,
      actionId: A.streetName,
      label: 'Street name',
      placeholder: 'Main Campus Dr',
      maxLength: FIELD_MAX.streetName,
      initial: addr.streetName,
    }),
    textInput({
      blockId: B.city,
      actionId: A.city,
      label: 'City',
      maxLength: FIELD_MAX.city,
      initial: addr.city,
    }),
    stateSelect(addr.stateCode),
    textInput({
      blockId: B.zip,
      actionId: A.zip,
      label: 'ZIP or postal code',
      placeholder: '27606',
      maxLength: 10,
      initial: addr.zip,
    }),
    textInput({
      blockId: B.county,
      actionId: A.county,
      label: 'County',
      maxLength: FIELD_MAX.county,
      initial: addr.county,
      optional: true,
    }),
    textInput({
      blockId: B.loaAuthorizingPerson,
      actionId: A.loaAuthorizingPerson,
      label: 'LOA authorizing person',
      hint: 'First and last name of the person who signs the Letter of Authorization.',
      maxLength: FIELD_MAX.loaAuthorizingPerson,
      initial: init.loaAuthorizingPerson,
    }),
    textInput({
      blockId: B.reference,
      actionId: A.reference,
      label: 'Reference',
      hint: 'A ticket number or customer name, to find this request again.',
      maxLength: FIELD_MAX.reference,
      initial: init.reference,
      optional: true,
    }),
    {
      type: 'input',
      block_id: B.loaFile,
      optional: true,
      label: plain('Signed LOA', LIMITS.inputLabel),
      hint: plain(
        'PDF, PNG, JPEG or TIFF. You can also share it in the request thread later.',
        LIMITS.inputHint,
      ),
      element: { type: 'file_input', action_id: A.loaFile, filetypes: [...LOA_FILETYPES], max_files: 5 },
    },
  );

  const metadata: ImportModalMetadata = input.channelId ? { channelId: input.channelId } : {};
  return {
    type: 'modal',
    callback_id: ids.importModal.callbackId,
    title: plain('Import numbers', LIMITS.modalTitle),
    submit: plain('Check and request', LIMITS.modalButton),
    close: plain('Cancel', LIMITS.modalButton),
    private_metadata: JSON.stringify(metadata),
    blocks,
  };
}
