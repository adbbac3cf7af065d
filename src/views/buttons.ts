import type { Button } from '@slack/types';
import { type ImportRequest, kindOf } from '../domain/request';
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
  const numbers = plural(importable, 'number');
  const removal = kindOf(request) === 'remove';
  const whose = request.details ? ` for ${request.details.subscriberName}` : '';
  const question = removal
    ? `Give ${numbers} back to Bandwidth (request ${request.id})? They stop having hosted messaging on this account.`
    : `Create Bandwidth import orders for ${numbers}${whose} (request ${request.id})?`;
  return {
    type: 'button',
    action_id: ids.card.approve,
    text: plain('Approve', LIMITS.buttonText),
    style: 'primary',
    value: request.id,
    confirm: {
      // Giving numbers back cannot be undone from here: Slack draws that confirmation in red.
      ...(removal ? { style: 'danger' as const } : {}),
      title: plain(removal ? 'Approve this removal?' : 'Approve this import?', LIMITS.confirmTitle),
      text: plain(clip(question, LIMITS.confirmText), LIMITS.confirmText),
      confirm: plain(
        clip(`${removal ? 'Remove' : 'Import'} ${numbers}`, LIMITS.confirmButton),
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

/** Posts the Letter of Authorization, pre-filled from the request, into the thread for signature. */
export function loaPdfButton(request: ImportRequest): Button {
  return {
    type: 'button',
    action_id: ids.card.loaPdf,
    text: plain('Pre-filled LOA (PDF)', LIMITS.buttonText),
    value: request.id,
  };
}

/** Re-checks the failed numbers and opens a new request for those still importable. */
export function retryFailedButton(request: ImportRequest, failed: number): Button {
  return {
    type: 'button',
    action_id: ids.card.retryFailed,
    text: plain('Retry failed numbers', LIMITS.buttonText),
    value: request.id,
    confirm: {
      title: plain('Retry the failed numbers?', LIMITS.confirmTitle),
      text: plain(
        clip(
          `Check the ${plural(failed, 'failed number')} of ${request.id} with Bandwidth again and open a new request, for approval, with those that can now be imported?`,
          LIMITS.confirmText,
        ),
        LIMITS.confirmText,
      ),
      confirm: plain('Check and open', LIMITS.confirmButton),
      deny: plain('Not yet', LIMITS.confirmButton),
    },
  };
}
