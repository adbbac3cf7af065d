import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { buildCheckResult } from '../views/check-result';
import { buildHelp } from '../views/help';
import { buildImportModal } from '../views/import-modal';
import { buildRequestList } from '../views/request-list';
import { buildRequestNotFound, buildRequestStatus } from '../views/status';
import { describeFailure } from '../workflow/context';
import type { ListenerDeps } from './deps';
import { runExport } from './export-command';
import { runRemove } from './remove-command';

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/**
 * `/hosted <subcommand> [text]`. Every branch acknowledges first: `import` opens its modal
 * straight after (a trigger_id dies after 3 s), and anything that asks Bandwidth answers later
 * through the command's response_url.
 */
export function handleSlashCommand(deps: ListenerDeps) {
  const { workflow, jobs, command: slash } = deps;
  return async ({ command, ack, respond, client }: CommandArgs): Promise<void> => {
    const text = command.text.trim();
    const subcommand = (text.split(/\s+/, 1)[0] ?? '').toLowerCase();
    const rest = text.slice(subcommand.length).trim();
    const ephemeral = (message: { text: string; blocks?: unknown[] }) =>
      respond({ response_type: 'ephemeral', replace_original: true, ...message } as Parameters<
        typeof respond
      >[0]);

    switch (subcommand) {
      case 'import':
        await ack();
        await client.views.open({
          trigger_id: command.trigger_id,
          view: buildImportModal({ numbersText: rest, channelId: command.channel_id }),
        });
        return;
      case 'check':
        if (!rest)
          return ack({
            response_type: 'ephemeral',
            text: `Give the numbers to check: \`${slash} check 919-555-1234, 919-555-1235\``,
          });
        await ack({ response_type: 'ephemeral', text: ':hourglass_flowing_sand: Checking with Bandwidth…' });
        jobs.run('check', async () => {
          try {
            const result = await workflow.checkNumbers(rest);
            await ephemeral(buildCheckResult({ ...result, command: slash }));
          } catch (error) {
            await ephemeral({
              text: `:warning: Couldn't check with Bandwidth: ${describeFailure(error)}. Try again in a few minutes.`,
            });
          }
        });
        return;
      case 'remove':
        if (!rest)
          return ack({
            response_type: 'ephemeral',
            text: `Give the numbers to give back to Bandwidth: \`${slash} remove 919-555-1234, 919-555-1235\``,
          });
        await ack({
          response_type: 'ephemeral',
          text: ':hourglass_flowing_sand: Opening a removal request…',
        });
        jobs.run('remove', async () => {
          try {
            await runRemove(
              deps,
              { userId: command.user_id, channelId: command.channel_id, text: rest },
              ephemeral,
            );
          } catch (error) {
            deps.logger.error({ err: error }, 'opening a removal request failed');
            await ephemeral({
              text: `:warning: The removal request could not be opened: ${describeFailure(error)}. Nothing was asked of Bandwidth; try again in a few minutes.`,
            });
          }
        });
        return;
      case 'status':
        if (!rest)
          return ack({
            response_type: 'ephemeral',
            text: `Give a request id, order id or number: \`${slash} status HM-ABC123\``,
          });
        await ack();
        jobs.run('status', async () => {
          const request = await workflow.findRequest(rest);
          await ephemeral(
            request ? buildRequestStatus(request, { command: slash }) : buildRequestNotFound(rest, slash),
          );
        });
        return;
      case 'export':
        await ack({ response_type: 'ephemeral', text: ':hourglass_flowing_sand: Preparing the export…' });
        jobs.run('export', () =>
          runExport(
            deps,
            client,
            { userId: command.user_id, channelId: command.channel_id, text: rest },
            respond,
          ),
        );
        return;
      case 'list':
        await ack();
        jobs.run('list', async () =>
          ephemeral(buildRequestList(await workflow.listOpenRequests(), { command: slash })),
        );
        return;
      default:
        await ack({ response_type: 'ephemeral', ...buildHelp(slash) });
    }
  };
}
