import type { FakeMessage, FakeSlack, SlackSender } from '../../../src/sandbox/slack';
import { fileShareMessageEvent } from '../../../src/sandbox/slack';
import { ids } from '../../../src/views/ids';
import { APPROVER, CHANNEL, importFormValues, REQUESTER } from '../../helpers/bot-harness';

/** A minimal signed PDF, accepted as an LOA by type and by its first bytes. */
export const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

/** What a test needs to drive the bot through Slack: the fake and a signed sender aimed at the bot. */
export interface SlackSide {
  fake: FakeSlack;
  slack: SlackSender;
}

/** Everything visible in a message: its text and its blocks. */
export function messageText(message: FakeMessage | undefined): string {
  return JSON.stringify(message?.blocks ?? []) + (message?.text ?? '');
}

/** Thread replies of a card (the card itself left out). */
export function replies(fake: FakeSlack, cardTs: string): FakeMessage[] {
  return fake.thread(CHANNEL, cardTs).filter((m) => m.ts !== cardTs);
}

/** How many replies of a card's thread match. */
export function countReplies(fake: FakeSlack, cardTs: string, pattern: RegExp): number {
  return replies(fake, cardTs).filter((m) => pattern.test(m.text ?? '')).length;
}

/** Runs the slash command and the modal; returns the posted card and the request id on it. */
export async function requestImport(
  side: SlackSide,
  numbers: string,
  overrides: Parameters<typeof importFormValues>[1] = {},
  timeoutMs = 5_000,
): Promise<{ card: FakeMessage; requestId: string }> {
  const before = side.fake.callsTo('views.open').length;
  const command = await side.slack.sendSlashCommand({ command: '/hosted', text: `import ${numbers}` });
  if (command.status !== 200) throw new Error(`slash command answered ${command.status}`);
  const opened = await side.fake.waitFor(() => side.fake.callsTo('views.open')[before], timeoutMs);
  const viewId = (opened.response.view as { id?: string } | undefined)?.id;
  const cards = new Set(side.fake.channelMessages(CHANNEL).map((m) => m.ts));
  const submitted = await side.slack.sendViewSubmission({
    values: importFormValues(numbers, overrides),
    ...(viewId === undefined ? {} : { viewId }),
  });
  if (submitted.status !== 200 || submitted.json?.response_action !== undefined) {
    throw new Error(`modal refused: ${submitted.status} ${submitted.text}`);
  }
  const card = await side.fake.waitFor(
    () =>
      side.fake
        .channelMessages(CHANNEL)
        .find((m) => !cards.has(m.ts) && !m.thread_ts && messageText(m).includes('Import request')),
    timeoutMs,
  );
  const requestId = /HM-[A-Z0-9]+/.exec(messageText(card))?.[0];
  if (!requestId) throw new Error(`no request id on the card: ${messageText(card)}`);
  // The bot remembers the card (the thread's anchor) before it posts the first reply under it; a
  // file shared in the thread before that could not be tied to the request, so wait for the reply.
  await side.fake.waitFor(() => side.fake.thread(CHANNEL, card.ts).some((m) => m.ts !== card.ts), timeoutMs);
  return { card, requestId };
}

/** Clicks Approve on a card, as `userId`. */
export function clickApprove(side: SlackSide, card: FakeMessage, requestId: string, userId = APPROVER) {
  return side.slack.sendBlockAction({
    actionId: ids.card.approve,
    blockId: ids.card.actionsBlock,
    value: requestId,
    userId,
    messageTs: card.ts,
    channelId: CHANNEL,
  });
}

/** Shares a PDF in the card's thread (a `message` event with subtype file_share); returns the file id. */
export async function shareLoa(
  side: SlackSide,
  cardTs: string,
  options: { eventId?: string; retryNum?: number; fileId?: string; ts?: string } = {},
): Promise<{ fileId: string; status: number }> {
  const file =
    options.fileId === undefined
      ? side.fake.addFile(PDF, { name: 'signed-loa.pdf', mimetype: 'application/pdf', filetype: 'pdf' })
      : { id: options.fileId, name: 'signed-loa.pdf', mimetype: 'application/pdf', size: PDF.length };
  const sent = await side.slack.sendEvent({
    event: fileShareMessageEvent({
      channelId: CHANNEL,
      userId: REQUESTER,
      ts: options.ts ?? '1790000000.000100',
      threadTs: cardTs,
      files: [file],
    }),
    ...(options.eventId === undefined ? {} : { eventId: options.eventId }),
    ...(options.retryNum === undefined ? {} : { retryNum: options.retryNum, retryReason: 'http_timeout' }),
  });
  return { fileId: String(file.id), status: sent.status };
}

/** Polls `predicate` until it holds or `timeoutMs` passes (for state outside the fake: simulator, store). */
export async function eventually<T>(
  predicate: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  timeoutMs = 5_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await predicate();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await sleep(50);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
