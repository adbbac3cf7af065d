import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createSlackSender, type FakeMessage } from '../../src/sandbox/slack';
import { ids } from '../../src/views/ids';
import { checkBlockKitLimits } from '../../src/views/limits';
import type { Row } from '../lib/report';
import {
  CHANNEL,
  COMMAND,
  REQUESTER,
  type Sandbox,
  SIGNING_SECRET,
  startBotProcess,
  until,
} from '../lib/sandbox';
import { fmt, median } from '../lib/stats';
import type { Scenario } from './types';

export interface BulkSize {
  numbers: number;
  rounds: number;
}

const B = ids.importModal.blocks;
const A = ids.importModal.actions;

/** view.state.values of the import modal filled in, with the numbers in an attached file. */
function formValues(file: Record<string, unknown>) {
  const text = (block: string, action: string, value: string | null) => ({
    [block]: { [action]: { type: 'plain_text_input', value } },
  });
  return {
    ...text(B.numbers, A.numbers, null),
    [B.numbersFile]: {
      [A.numbersFile]: {
        type: 'file_input',
        files: [{ id: file.id, name: file.name, filetype: file.filetype, size: file.size }],
      },
    },
    ...text(B.subscriberName, A.subscriberName, 'Acme Dental'),
    ...text(B.houseNumber, A.houseNumber, '900'),
    ...text(B.streetName, A.streetName, 'Main Campus Dr'),
    ...text(B.city, A.city, 'Raleigh'),
    [B.state]: { [A.state]: { type: 'static_select', selected_option: { value: 'NC' } } },
    ...text(B.zip, A.zip, '27606'),
    ...text(B.county, A.county, null),
    ...text(B.loaAuthorizingPerson, A.loaAuthorizingPerson, 'Pat Jones'),
    ...text(B.reference, A.reference, null),
  };
}

/**
 * A numbers file as a requester might export it: one per line, mixed formats, a header, and a few
 * lines that are not numbers or repeat one. The range crosses …1901-…1912, which the checker refuses.
 */
function numbersCsv(first: number, count: number): string {
  const lines = ['number'];
  for (let i = 0; i < count; i++) {
    const tn = String(first + i);
    lines.push(
      i % 3 === 0 ? `(${tn.slice(0, 3)}) ${tn.slice(3, 6)}-${tn.slice(6)}` : i % 3 === 1 ? `+1${tn}` : tn,
    );
  }
  lines.push('555-0100', 'not a number', String(first));
  return `${lines.join('\n')}\n`;
}

/**
 * A message in the channel itself, not a reply. A card that has replies carries its own ts as
 * thread_ts, as in Slack; the first reply can come within the same few milliseconds as the card.
 */
const isTopLevel = (m: FakeMessage) => m.thread_ts === undefined || m.thread_ts === m.ts;
const cardText = (m: FakeMessage) => JSON.stringify(m.blocks ?? []) + (m.text ?? '');

export const bulkRequestScenario: Scenario<BulkSize> = {
  name: 'bulk',
  sizes: { full: { numbers: 5_000, rounds: 3 }, smoke: { numbers: 50, rounds: 1 } },
  async run(sandbox: Sandbox, size, command): Promise<Row[]> {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hm-bench-'));
    const bot = await startBotProcess(sandbox, { STORE_URL: `sqlite://${path.join(dir, 'bot.sqlite')}` });
    const slack = createSlackSender({
      url: `${bot.url}/slack/events`,
      signingSecret: SIGNING_SECRET,
      fake: sandbox.fake,
      userId: REQUESTER,
      channelId: CHANNEL,
    });
    const times: number[] = [];
    const problems: string[] = [];
    try {
      for (let r = 0; r < size.rounds; r++) {
        const first = 9_195_000_000 + r * 20_000;
        const opened = sandbox.fake.callsTo('views.open').length;
        await slack.sendSlashCommand({ command: COMMAND, text: 'import' });
        await until(() => sandbox.fake.callsTo('views.open').length > opened, 10_000, 'the import modal');
        const file = sandbox.fake.addFile(numbersCsv(first, size.numbers), {
          name: 'numbers.csv',
          filetype: 'csv',
          user: REQUESTER,
        });
        const cardsBefore = new Set(sandbox.fake.channelMessages(CHANNEL).map((m) => m.ts));
        const t0 = performance.now();
        const submitted = await slack.sendViewSubmission({ values: formValues(file) });
        if (submitted.status !== 200 || submitted.json?.response_action) {
          throw new Error(`modal refused: ${submitted.status} ${submitted.text.slice(0, 300)}`);
        }
        // The card is valid once it shows the checker's verdict: the Approve button appears then.
        const card = await until(
          () =>
            sandbox.fake
              .channelMessages(CHANNEL)
              .find((m) => isTopLevel(m) && !cardsBefore.has(m.ts) && cardText(m).includes(ids.card.approve)),
          60_000,
          'the checked request card',
          10,
        );
        times.push(performance.now() - t0);
        const violations = checkBlockKitLimits({
          text: card.text ?? '',
          blocks: (card.blocks ?? []) as never,
        });
        if (violations.length > 0) problems.push(`${violations.length} Block Kit violations`);
        const text = cardText(card);
        const expectedImportable = (size.numbers - countRefused(first, size.numbers)).toLocaleString('en-US');
        if (!text.includes(expectedImportable)) problems.push(`card does not say ${expectedImportable}`);
        if (size.numbers >= 2_000 && !/1900[1-9]|19010|19012/.test(text))
          problems.push('card names no refusal code');
        await bot.worker.call('idle');
      }
    } finally {
      await bot.stop();
      rmSync(dir, { recursive: true, force: true });
    }
    const t = median(times);
    return [
      {
        id: 5,
        measurement: `${size.numbers.toLocaleString('en-US')}-number request (file in the modal): submit → checked card (median of ${size.rounds})${problems.length ? ` (${[...new Set(problems)].join('; ')})` : ', card within Block Kit limits, counts and refusals shown'}`,
        ours: fmt(t, 'ms'),
        target: '≤ 10 s',
        met: problems.length === 0 && t <= 10_000,
        command,
      },
    ];
  },
};

/** Numbers in [first, first + count) whose last four digits the simulator's checker refuses. */
function countRefused(first: number, count: number): number {
  let refused = 0;
  for (let n = first; n < first + count; n++) {
    const last4 = n % 10_000;
    if ((last4 >= 1901 && last4 <= 1910) || last4 === 1912) refused++;
  }
  return refused;
}
