import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import type { ViewStateValues } from '../views/form';
import { ids } from '../views/ids';
import { parseImportModalMetadata, parseImportSubmission } from '../views/import-submission';
import type { ListenerDeps } from './deps';

type ViewArgs = SlackViewMiddlewareArgs & AllMiddlewareArgs;

/**
 * The import modal's submit. Invalid input goes back into the modal on the field at fault;
 * valid input closes it at once, and the request is created, checked with Bandwidth and posted
 * as a card in the background (the card appears in the channel the command was typed in).
 */
export function handleImportSubmission(deps: ListenerDeps) {
  const { workflow, jobs, slackFiles } = deps;
  return async ({ ack, view, body, client }: ViewArgs): Promise<void> => {
    const parsed = parseImportSubmission(view.state.values as ViewStateValues);
    const metadata = parseImportModalMetadata(view.private_metadata);
    if (!parsed.ok) return ack({ response_action: 'errors', errors: parsed.errors });
    if (!metadata) {
      return ack({
        response_action: 'errors',
        errors: {
          [ids.importModal.blocks.numbers]: 'This form has expired. Close it and run the command again.',
        },
      });
    }
    await ack();
    const requesterId = body.user.id;
    jobs.run(
      'create-request',
      async () => {
        const numbers = [...parsed.value.numbers];
        for (const fileId of parsed.value.numbersFileIds) {
          numbers.push((await slackFiles.download(fileId)).bytes.toString('utf8'));
        }
        const created = await workflow.createRequest({
          requesterId,
          channelId: metadata.channelId,
          details: parsed.value.details,
          numbers: numbers.join('\n'),
        });
        if (!created.ok) {
          await client.chat.postEphemeral({
            channel: metadata.channelId,
            user: requesterId,
            text: `:warning: ${created.refusal.message}`,
          });
          return;
        }
        for (const fileId of parsed.value.loaFileIds) {
          const info = await client.files.info({ file: fileId });
          await workflow.addLoa(
            { requestId: created.request.id },
            {
              id: fileId,
              name: info.file?.name ?? fileId,
              mimetype: info.file?.mimetype ?? '',
              size: info.file?.size ?? 0,
            },
            requesterId,
          );
        }
      },
      { requesterId },
    );
  };
}
