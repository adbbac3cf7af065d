/*
 * Slack's mrkdwn as HTML: mentions, channels, dates and links from `<...>` control sequences,
 * code, bold, italic, strike, quotes, emoji shortcodes and line breaks. Text is escaped first, so
 * nothing a message carries becomes markup of its own.
 */
(() => {
  const EMOJI = {
    alarm_clock: '⏰',
    arrows_counterclockwise: '🔄',
    bar_chart: '📊',
    bell: '🔔',
    clipboard: '📋',
    eyes: '👀',
    gear: '⚙️',
    grey_question: '❔',
    heavy_check_mark: '✔️',
    heavy_multiplication_x: '✖️',
    hourglass: '⌛',
    hourglass_flowing_sand: '⏳',
    inbox_tray: '📥',
    information_source: 'ℹ️',
    large_blue_circle: '🔵',
    large_green_circle: '🟢',
    large_orange_diamond: '🔶',
    lock: '🔒',
    mag: '🔍',
    memo: '📝',
    no_entry: '⛔',
    no_entry_sign: '🚫',
    outbox_tray: '📤',
    page_facing_up: '📄',
    paperclip: '📎',
    red_circle: '🔴',
    repeat: '🔁',
    rotating_light: '🚨',
    tada: '🎉',
    telephone_receiver: '📞',
    thumbsup: '👍',
    warning: '⚠️',
    wastebasket: '🗑️',
    white_check_mark: '✅',
    x: '❌',
  };

  const esc = (s) =>
    String(s ?? '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;');
  /** Slack escapes only these three in message text; undo them before escaping for HTML. */
  const unentity = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  const emoji = (s) => s.replace(/:([a-z0-9_+-]+):/g, (m, name) => EMOJI[name] ?? m);

  const MONTHS =
    'January February March April May June July August September October November December'.split(' ');
  const DAYS = 'Sunday Monday Tuesday Wednesday Thursday Friday Saturday'.split(' ');
  const ordinal = (n) => {
    const teen = n % 100 >= 11 && n % 100 <= 13;
    return `${n}${teen ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] ?? 'th')}`;
  };
  const time = (d) => d.toLocaleTimeString('en-US', { hour: 'numeric', minute: '2-digit' });

  /** `<!date^epoch^{token} text|fallback>` as Slack's client shows it, in the reader's time zone. */
  function slackDate(epoch, format) {
    const d = new Date(epoch * 1000);
    const day = (x) => new Date(x.getFullYear(), x.getMonth(), x.getDate()).getTime();
    const diff = Math.round((day(d) - day(new Date())) / 86_400_000);
    const pretty = diff === 0 ? 'today' : diff === -1 ? 'yesterday' : diff === 1 ? 'tomorrow' : undefined;
    const dateShort = `${MONTHS[d.getMonth()].slice(0, 3)} ${d.getDate()}, ${d.getFullYear()}`;
    const date = `${MONTHS[d.getMonth()]} ${ordinal(d.getDate())}, ${d.getFullYear()}`;
    const dateLong = `${DAYS[d.getDay()]}, ${date}`;
    const cap = (s) => s[0].toUpperCase() + s.slice(1);
    const tokens = {
      date_num: d.toISOString().slice(0, 10),
      date,
      date_short: dateShort,
      date_long: dateLong,
      date_pretty: pretty ? cap(pretty) : date,
      date_short_pretty: pretty ? cap(pretty) : dateShort,
      date_long_pretty: pretty ? cap(pretty) : dateLong,
      time: time(d),
      time_secs: d.toLocaleTimeString('en-US'),
    };
    return format.replace(/\{(\w+)\}/g, (m, t) => tokens[t] ?? m);
  }

  /** One `<...>` control sequence: mention, channel, special mention, date or link. */
  function control(inner, ctx) {
    const [target, label] = inner.split('|', 2);
    if (target.startsWith('@')) {
      const id = target.slice(1);
      return `<span class="mention">@${esc(ctx.names?.[id] ?? label ?? id)}</span>`;
    }
    if (target.startsWith('#')) {
      return `<span class="mention">#${esc(label ?? ctx.channelName?.(target.slice(1)) ?? target.slice(1))}</span>`;
    }
    if (target.startsWith('!date^')) {
      const [, epoch, format] = target.split('^');
      return esc(Number.isFinite(Number(epoch)) ? slackDate(Number(epoch), format ?? '') : (label ?? ''));
    }
    if (target.startsWith('!subteam^')) return `<span class="mention">@${esc(label ?? 'group')}</span>`;
    if (target.startsWith('!')) return `<span class="mention">@${esc(target.slice(1))}</span>`;
    if (/^(https?:|mailto:)/.test(target)) {
      const href = esc(unentity(target));
      return `<a href="${href}" target="_blank" rel="noopener noreferrer">${esc(unentity(label ?? target))}</a>`;
    }
    return esc(`<${unentity(inner)}>`);
  }

  /** Slack's mrkdwn as HTML: control sequences, code, bold, italic, strike, quotes, emoji, line breaks. */
  function mrkdwn(text, ctx = {}) {
    // Finished HTML is parked behind private-use markers so later rules cannot touch it.
    const held = [];
    const hold = (html) => `\uE000${held.push(html) - 1}\uE001`;
    let s = String(text ?? '');
    s = s.replace(/```([\s\S]*?)```/g, (_, c) => hold(`<pre>${esc(unentity(c))}</pre>`));
    s = s.replace(/`([^`\n]+)`/g, (_, c) => hold(`<code>${esc(unentity(c))}</code>`));
    s = s.replace(/<([^<>\n]+)>/g, (_, inner) => hold(control(inner, ctx)));
    s = esc(unentity(s));
    s = s.replace(/(^|\n)&gt; ?([^\n]*)/g, '$1<span class="quote">$2</span>');
    for (const [mark, tag] of [
      ['\\*', 'b'],
      ['_', 'i'],
      ['~', 's'],
    ]) {
      const re = new RegExp(`(^|[^\\w${mark}])${mark}(?!\\s)([^\\n]*?[^\\s])${mark}(?![\\w${mark}])`, 'g');
      s = s.replace(re, `$1<${tag}>$2</${tag}>`);
    }
    s = emoji(s).replace(/\n/g, '<br>');
    return s.replace(/\uE000(\d+)\uE001/g, (_, i) => held[Number(i)]);
  }

  /** A text object (plain_text or mrkdwn) as HTML. */
  function textHtml(t, ctx) {
    if (!t) return '';
    return t.type === 'mrkdwn' ? mrkdwn(t.text, ctx) : emoji(esc(t.text));
  }

  window.Mrkdwn = { mrkdwn, textHtml, esc, emoji };
})();
