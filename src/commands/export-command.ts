import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { buildAuditCsv, parseExportRange } from '../documents/audit-csv';
import type { ListenerDeps } from './deps';

/** Slack's answers meaning the bot may not post in that conversation. */
const CANNOT_POST = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action']);

/**
 * `/hosted export [from] [to]`: the audit trail as a CSV file, posted in the conversation the
 * command was typed in. Only approvers may export (it names every requester and decision).
 */
export async function runExport(
  deps: ListenerDeps,
  client: WebClient,
  input: { userId: string; channelId: string; text: string },
  respond: RespondFn,
  now = Date.now(),
): Promise<void> {
  const tell = (text: string) => respond({ response_type: 'ephemeral', replace_original: true, text });
  if (!(await deps.approvers.isApprover(input.userId))) {
    return void (await tell(
      ':no_entry: Only approvers can export the audit trail, because it names every requester, decision and reason. Ask one of them to run the export.',
    ));
  }
  const parsed = parseExportRange(input.text, now);
  if (!parsed.ok) return void (await tell(`:warning: ${parsed.message}`));
  const csv = buildAuditCsv(await deps.workflow.listAllRequests(), parsed.range);
  const rows = csv.content.split('\r\n').length - 2;
  try {
    await client.filesUploadV2({
      channel_id: input.channelId,
      file: Buffer.from(csv.content, 'utf8'),
      filename: csv.filename,
      title: `Import audit, ${parsed.description}`,
      initial_comment: `:bar_chart: <@${input.userId}> exported the audit trail, ${parsed.description}: ${rows === 1 ? 'one row' : `${rows.toLocaleString('en-US')} rows`} (one per request and number).`,
    });
  } catch (error) {
    const code = (error as { data?: { error?: string } }).data?.error ?? '';
    if (!CANNOT_POST.has(code)) throw error;
    await tell(
      ":warning: I can't post files in this conversation. Invite me here (`/invite @` and the bot's name), or run the export in a channel I'm in or in a direct message with me.",
    );
  }
}
