import type { WebClient } from '@slack/web-api';
import type { ImportRequest } from '../domain/request';
import type { Logger } from '../logger';
import { buildNumberListCsv } from '../views/number-list-file';
import { buildRequestCard } from '../views/request-card';
import type { Workflow } from '../workflow';

/** Past this many numbers the card cuts its lists short, so the whole list goes in the thread as a file. */
export const FULL_LIST_THRESHOLD = 100;

export interface FullListDeps {
  client: { chat: Pick<WebClient['chat'], 'update'>; filesUploadV2?: WebClient['filesUploadV2'] };
  workflow: Pick<Workflow, 'recordFullList'>;
  logger: Pick<Logger, 'warn'>;
  command: string;
}

/**
 * Posts the CSV of every number and its check result in a long request's thread, once the check
 * is in, and links the card to it. A failed upload is logged and not retried: the card still shows
 * the summary and every problem, and the numbers are in the request's status.
 */
export async function postFullList(
  deps: FullListDeps,
  request: ImportRequest,
  cardTs: string,
): Promise<void> {
  if (request.fullListUrl || !request.check || request.numbers.length <= FULL_LIST_THRESHOLD) return;
  if (!deps.client.filesUploadV2) return;
  const csv = buildNumberListCsv(request);
  try {
    const uploaded = (await deps.client.filesUploadV2({
      channel_id: request.channelId,
      thread_ts: cardTs,
      file: Buffer.from(csv.content, 'utf8'),
      filename: csv.filename,
      title: `Every number of ${request.id}`,
      initial_comment: `:page_facing_up: All ${request.numbers.length.toLocaleString('en-US')} numbers of ${request.id} with Bandwidth's answer for each.`,
    })) as { files?: Array<{ files?: Array<{ permalink?: string }> }> };
    const url = uploaded.files?.[0]?.files?.[0]?.permalink;
    if (!url) return;
    await deps.workflow.recordFullList(request.id, url);
    const card = buildRequestCard({ ...request, cardTs, fullListUrl: url }, { command: deps.command });
    await deps.client.chat.update({
      channel: request.channelId,
      ts: cardTs,
      text: card.text,
      blocks: card.blocks,
    });
  } catch (error) {
    deps.logger.warn({ err: error, requestId: request.id }, 'could not post the full number list');
  }
}
