import type { MrkdwnElement, PlainTextElement } from '@slack/types';

/**
 * Text helpers for Block Kit. Anything a person typed (subscriber, address, reason, file name) or
 * Bandwidth sent (descriptions) goes through `escapeMrkdwn` before it lands in mrkdwn, so nobody
 * can slip `<!channel>`, `<@U…>` or a disguised `<https://…|link>` into a bot message.
 */

/** Escapes the three characters Slack treats as control characters in mrkdwn. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts `text` to at most `max` characters, ending with "…" when it had to cut. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return text.slice(0, Math.max(0, max));
  return `${text.slice(0, max - 1)}…`;
}

/** Escaped and clipped: clips the raw text first so an entity like `&amp;` is never cut in half. */
export function safe(text: string, max = 300): string {
  return escapeMrkdwn(clip(text, max));
}

/**
 * Text inside inline code: escaped, with backticks removed so the user's text cannot end the code
 * span early.
 */
export function code(text: string, max = 100): string {
  return `\`${safe(text.replace(/`/g, "'"), max)}\``;
}

export function plain(text: string, max: number): PlainTextElement {
  return { type: 'plain_text', text: clip(text, max), emoji: true };
}

export function mrkdwn(text: string): MrkdwnElement {
  return { type: 'mrkdwn', text };
}

/** A user mention; the id is checked so a stored value cannot smuggle other markup. */
export function mention(userId: string): string {
  return /^[UW][A-Z0-9]+$/.test(userId) ? `<@${userId}>` : safe(userId, 40);
}

/** A channel link, checked like `mention`. */
export function channelLink(channelId: string): string {
  return /^[CGD][A-Z0-9]+$/.test(channelId) ? `<#${channelId}>` : safe(channelId, 40);
}

/** Turns an audit actor ("user:U123", "bandwidth", "poller", "bot") into words. */
export function actorName(actor: string): string {
  if (actor.startsWith('user:')) return mention(actor.slice('user:'.length));
  if (actor === 'bandwidth') return 'Bandwidth';
  if (actor === 'poller') return 'the status check';
  if (actor === 'bot') return 'the bot';
  return safe(actor, 60);
}

/**
 * A date Slack shows in each reader's own time zone, e.g. "Today at 3:04 PM". The fallback, for
 * clients that can't format it, is the UTC time.
 */
export function slackDate(iso: string, format = '{date_short_pretty} at {time}'): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return safe(iso, 40);
  const fallback = `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `<!date^${Math.floor(ms / 1000)}^${format}|${fallback}>`;
}

/** "5,000": counts are read by people. */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** "1 number", "3 numbers", "5,000 numbers". */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? singular : pluralForm}`;
}

/**
 * Joins items with ", " until `budget` characters are used, then ends with "and N more".
 * Used for number lists that can run to thousands.
 */
export function listWithin(items: readonly string[], budget: number, separator = ', '): string {
  const shown: string[] = [];
  let used = 0;
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as string;
    const remaining = items.length - i - 1;
    const tail = remaining > 0 ? ` and ${remaining.toLocaleString('en-US')} more`.length : 0;
    const cost = item.length + (shown.length > 0 ? separator.length : 0);
    if (used + cost + tail > budget) {
      const rest = items.length - shown.length;
      if (shown.length === 0) return `${rest.toLocaleString('en-US')} items`;
      return `${shown.join(separator)} and ${rest.toLocaleString('en-US')} more`;
    }
    shown.push(item);
    used += cost;
  }
  return shown.join(separator);
}
