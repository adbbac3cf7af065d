import type { Button } from '@slack/types';
import type { ImportRequest } from '../domain/request';
import { checkCounts } from './common';
import { ids } from './ids';
import { LIMITS } from './limits';
import { clip, plain, plural } from './text';

/**
 * The decision buttons, shared by the request card and the Home tab. Their `value` is the request
 * id; the workflow re-checks state and approver rights on every click, so a stale button is safe.
 */
export function approveButton(request: ImportRequest): Button {
  const { importable } = checkCounts(request);
  return {
    type: 'button',
    action_id: ids.card.approve,
    text: plain('Approve', LIMITS.buttonText),
    style: 'primary',
    value: request.id,
    confirm: {
      title: plain('Approve this import?', LIMITS.confirmTitle),
      text: plain(
        clip(
          `Create Bandwidth import orders for ${plural(importable, 'number')} for ${request.details.subscriberName} (request ${request.id})?`,
          LIMITS.confirmText,
        ),
        LIMITS.confirmText,
      ),
      confirm: plain(
        clip(`Import ${plural(importable, 'number')}`, LIMITS.confirmButton),
        LIMITS.confirmButton,
      ),
      deny: plain('Not yet', LIMITS.confirmButton),
    },
  };
}

export function rejectButton(request: ImportRequest): Button {
  return {
    type: 'button',
    action_id: ids.card.reject,
    text: plain('Reject', LIMITS.buttonText),
    style: 'danger',
    value: request.id,
  };
}

/** Opens one request's status and history. */
export function statusButton(request: ImportRequest): Button {
  return {
    type: 'button',
    action_id: ids.card.status,
    text: plain('Status', LIMITS.buttonText),
    value: request.id,
  };
}
