/**
 * Every callback_id, block_id and action_id the bot puts on a Slack surface. Builders, listeners
 * and tests import this object, so a renamed id cannot leave a listener deaf.
 *
 * Input blocks each hold one element; their `action_id` is the field name so a handler reads
 * `values[ids.importModal.blocks.zip][ids.importModal.actions.zip]`.
 */
export const ids = {
  importModal: {
    callbackId: 'hosted_import_modal',
    blocks: {
      channel: 'import_channel',
      numbers: 'import_numbers',
      numbersFile: 'import_numbers_file',
      subscriberName: 'import_subscriber_name',
      houseNumber: 'import_house_number',
      streetName: 'import_street_name',
      city: 'import_city',
      state: 'import_state',
      zip: 'import_zip',
      county: 'import_county',
      loaAuthorizingPerson: 'import_loa_person',
      reference: 'import_reference',
      loaFile: 'import_loa_file',
    },
    actions: {
      channel: 'channel',
      numbers: 'numbers',
      numbersFile: 'numbers_file',
      subscriberName: 'subscriber_name',
      houseNumber: 'house_number',
      streetName: 'street_name',
      city: 'city',
      state: 'state',
      zip: 'zip',
      county: 'county',
      loaAuthorizingPerson: 'loa_person',
      reference: 'reference',
      loaFile: 'loa_file',
    },
  },
  rejectModal: {
    callbackId: 'hosted_reject_modal',
    blocks: { reason: 'reject_reason' },
    actions: { reason: 'reason' },
  },
  /** Buttons and menus on the request card (and the same actions on the Home tab). */
  card: {
    actionsBlock: 'request_actions',
    /** The status line; its accessory is the overflow menu. */
    stateBlock: 'request_state',
    approve: 'request_approve',
    reject: 'request_reject',
    /** Overflow menu: its option values are `${menuCommand}:${requestId}` (see request-card.ts). */
    overflow: 'request_overflow',
    /** "Status" button: shows one request's status and audit trail. */
    status: 'request_status',
    /** The second row of buttons: documents and follow-ups (pre-filled LOA, retry failed numbers). */
    moreBlock: 'request_more',
    /** "Pre-filled LOA (PDF)": posts the Letter of Authorization to sign in the thread. */
    loaPdf: 'request_loa_pdf',
    /** "Retry failed numbers" on a PARTIAL or FAILED request (card and final thread message). */
    retryFailed: 'request_retry_failed',
  },
  home: {
    callbackId: 'hosted_home',
    toolbar: 'home_toolbar',
    refresh: 'home_refresh',
    newImport: 'home_new_import',
  },
} as const;

/** Commands offered in the request card's overflow menu. */
export const menuCommands = {
  status: 'status',
  cancel: 'cancel',
} as const;

export type MenuCommand = (typeof menuCommands)[keyof typeof menuCommands];

/** The value of one overflow option: the command and the request it applies to. */
export function encodeMenuValue(command: MenuCommand, requestId: string): string {
  return `${command}:${requestId}`;
}

/** Reads an overflow option value back; undefined when it is not one of ours. */
export function decodeMenuValue(value: string): { command: MenuCommand; requestId: string } | undefined {
  const at = value.indexOf(':');
  if (at <= 0) return undefined;
  const command = value.slice(0, at);
  const requestId = value.slice(at + 1);
  if (!requestId) return undefined;
  if (command !== menuCommands.status && command !== menuCommands.cancel) return undefined;
  return { command, requestId };
}
