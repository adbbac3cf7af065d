import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import { type NumberFileProblem, parseNumberFile } from '../documents/number-file';
import { filesOf, type ViewStateValues } from '../views/form';
import { ids } from '../views/ids';
import { importChannel, parseImportModalMetadata, parseImportSubmission } from '../views/import-submission';
import { buildNumberFileReport } from '../views/number-file-report';
import type { SharedFile } from '../workflow';
import type { ListenerDeps } from './deps';

type ViewArgs = SlackViewMiddlewareArgs & AllMiddlewareArgs;

/** Problems of a numbers file kept on the request (the card shows fewer; thousands would bloat it). */
const KEPT_PROBLEMS = 50;

/**
 * The import modal's submit. Invalid input goes back into the modal on the field at fault;
 * valid input closes it at once, and the request is created, checked with Bandwidth and posted
 * as a card in the background, in the channel the command was typed in (or the one picked in
 * the form when it was opened from the Home tab).
 */
export function handleImportSubmission(deps: ListenerDeps) {
  const { workflow, jobs, slackFiles } = deps;
  return async ({ ack, view, body, client }: ViewArgs): Promise<void> => {
    const values = view.state.values as ViewStateValues;
    const parsed = parseImportSubmission(values);
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
    const channelId = importChannel(values, metadata);
    if (!channelId) {
      return ack({
        response_action: 'errors',
        errors: {
          [ids.importModal.blocks.channel]: 'Pick the channel where approvers will see the request.',
        },
      });
    }
    await ack();
    const requesterId = body.user.id;
    const tell = (text: string) =>
      client.chat.postEphemeral({
        channel: channelId,
        user: requesterId,
        text: `:warning: ${text}`,
      });
    jobs.run(
      'create-request',
      async () => {
        const numbers = [...parsed.value.numbers];
        const problems: NumberFileProblem[] = [];
        const fileNames: string[] = [];
        const B = ids.importModal.blocks;
        const A = ids.importModal.actions;
        const named = (block: string, action: string, fileIds: readonly string[]) =>
          fileIds.map((id) => filesOf(values, block, action).find((f) => f.id === id) ?? { id });
        for (const file of named(B.numbersFile, A.numbersFile, parsed.value.numbersFileIds)) {
          try {
            const downloaded = await slackFiles.download(file.id);
            const name = file.name ?? downloaded.name;
            const found = parseNumberFile(downloaded.bytes.toString('utf8'));
            numbers.push(...found.numbers);
            problems.push(...found.problems);
            fileNames.push(name);
            const report = buildNumberFileReport(name, found);
            if (report)
              await client.chat.postEphemeral({
                channel: channelId,
                user: requesterId,
                text: report,
              });
          } catch (error) {
            // The modal is closed by now: without this the request would vanish without a word.
            deps.logger.warn({ err: error, fileId: file.id }, 'numbers file download failed');
            await tell(
              `Your import request was not created: the bot could not read ${file.name ?? 'the numbers file'} from Slack. Run the command again and paste the numbers, or attach the file again.`,
            );
            return;
          }
        }
        const created = await workflow.createRequest({
          requesterId,
          channelId,
          details: parsed.value.details,
          numbers: numbers.join('\n'),
          ...(problems.length === 0
            ? {}
            : {
                inputProblems: {
                  fileName: fileNames.join(', '),
                  total: problems.length,
                  problems: problems.slice(0, KEPT_PROBLEMS),
                },
              }),
        });
        if (!created.ok) return void (await tell(created.refusal.message));
        for (const file of named(B.loaFile, A.loaFile, parsed.value.loaFileIds)) {
          await workflow.addLoa(
            { requestId: created.request.id },
            await describeFile(client, file),
            requesterId,
          );
        }
      },
      { requesterId },
    );
  };
}

/** What Slack says about a file attached in the modal; the form's own description if files.info fails. */
async function describeFile(
  client: ViewArgs['client'],
  file: { id: string; name?: string },
): Promise<SharedFile> {
  const info = await client.files.info({ file: file.id }).catch(() => undefined);
  return {
    id: file.id,
    name: info?.file?.name ?? file.name ?? file.id,
    mimetype: info?.file?.mimetype ?? '',
    size: info?.file?.size ?? 0,
  };
}
