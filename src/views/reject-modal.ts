import type { ModalView } from '@slack/types';
import { z } from 'zod';
import { type FormErrors, textValue, type ViewStateValues } from './form';
import { ids } from './ids';
import { LIMITS } from './limits';
import { mrkdwn, plain, safe } from './text';

/** Long enough for a real reason, short enough to quote on the card. */
export const REJECT_REASON_MIN = 3;
export const REJECT_REASON_MAX = 500;

/** Where the rejection came from: the request and the card to update. */
export interface RejectModalMetadata {
  requestId: string;
  channelId: string;
  messageTs: string;
}

const metadataSchema = z.object({
  requestId: z.string().min(1),
  channelId: z.string().min(1),
  messageTs: z.string().min(1),
});

/** Asks the approver why; the requester sees the reason in the thread. */
export function buildRejectModal(input: RejectModalMetadata): ModalView {
  const metadata: RejectModalMetadata = {
    requestId: input.requestId,
    channelId: input.channelId,
    messageTs: input.messageTs,
  };
  return {
    type: 'modal',
    callback_id: ids.rejectModal.callbackId,
    title: plain('Reject request', LIMITS.modalTitle),
    submit: plain('Reject', LIMITS.modalButton),
    close: plain('Back', LIMITS.modalButton),
    private_metadata: JSON.stringify(metadata),
    blocks: [
      {
        type: 'section',
        text: mrkdwn(
          `Rejecting request *${safe(input.requestId, 40)}*. Nothing is sent to Bandwidth, and the requester sees your reason in the request's thread.`,
        ),
      },
      {
        type: 'input',
        block_id: ids.rejectModal.blocks.reason,
        label: plain('Reason', LIMITS.inputLabel),
        hint: plain('Say what would make the request acceptable, if anything.', LIMITS.inputHint),
        element: {
          type: 'plain_text_input',
          action_id: ids.rejectModal.actions.reason,
          multiline: true,
          min_length: REJECT_REASON_MIN,
          max_length: REJECT_REASON_MAX,
        },
      },
    ],
  };
}

const reasonSchema = z
  .string({ error: 'Give a reason, so the requester knows what to change' })
  .min(REJECT_REASON_MIN, { error: 'Give a reason of a few words, so the requester knows what to change' })
  .max(REJECT_REASON_MAX, {
    error: (issue) =>
      `The reason is ${String(issue.input).length} characters; keep it under ${REJECT_REASON_MAX}`,
  });

/** Reads the reject modal; errors are keyed by block_id for `response_action: 'errors'`. */
export function parseRejectSubmission(
  values: ViewStateValues,
  privateMetadata: string,
): { ok: true; value: RejectModalMetadata & { reason: string } } | FormErrors {
  const parsed = reasonSchema.safeParse(
    textValue(values, ids.rejectModal.blocks.reason, ids.rejectModal.actions.reason),
  );
  if (!parsed.success) {
    return {
      ok: false,
      errors: { [ids.rejectModal.blocks.reason]: parsed.error.issues[0]?.message ?? 'Give a reason' },
    };
  }
  const metadata = parseRejectModalMetadata(privateMetadata);
  if (!metadata) {
    // Only a tampered or stale view gets here; the approver can do nothing but start over.
    return {
      ok: false,
      errors: {
        [ids.rejectModal.blocks.reason]:
          'This form has expired. Close it and click Reject on the card again.',
      },
    };
  }
  return { ok: true, value: { ...metadata, reason: parsed.data } };
}

export function parseRejectModalMetadata(privateMetadata: string): RejectModalMetadata | undefined {
  try {
    const parsed = metadataSchema.safeParse(JSON.parse(privateMetadata));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
