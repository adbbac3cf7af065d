import {
  actorName,
  clip,
  code,
  escapeMrkdwn,
  listWithin,
  mention,
  plural,
  safe,
  slackDate,
} from '../../src/views/text';

describe('escapeMrkdwn', () => {
  it('escapes &, < and > so user text cannot become a mention or a link', () => {
    expect(escapeMrkdwn('<!channel> & <@U123> <https://evil.example|bank>')).toBe(
      '&lt;!channel&gt; &amp; &lt;@U123&gt; &lt;https://evil.example|bank&gt;',
    );
  });

  it('escapes an ampersand before the others, so entities are not double-escaped wrongly', () => {
    expect(escapeMrkdwn('&lt;')).toBe('&amp;lt;');
  });

  it('leaves ordinary text alone', () => {
    expect(escapeMrkdwn("O'Brien Dental, Suite 4")).toBe("O'Brien Dental, Suite 4");
  });
});

describe('clip and safe', () => {
  it('cuts long text and ends it with an ellipsis', () => {
    expect(clip('abcdef', 4)).toBe('abc…');
    expect(clip('abc', 4)).toBe('abc');
  });

  it('clips before escaping so an entity is never cut in half', () => {
    const out = safe('&&&&&&', 3);
    expect(out).toBe('&amp;&amp;…');
  });

  it('code() drops backticks so text cannot close the code span', () => {
    expect(code('a`<@U1>`b')).toBe("`a'&lt;@U1&gt;'b`");
  });
});

describe('mention and actorName', () => {
  it('mentions a real user id', () => {
    expect(mention('U0ABC123')).toBe('<@U0ABC123>');
  });

  it('refuses to wrap anything else in mention markup', () => {
    expect(mention('U1> <!channel')).toBe('U1&gt; &lt;!channel');
  });

  it('names audit actors in words', () => {
    expect(actorName('user:U0ABC')).toBe('<@U0ABC>');
    expect(actorName('bandwidth')).toBe('Bandwidth');
    expect(actorName('poller')).toBe('the status check');
  });
});

describe('slackDate', () => {
  it('uses Slack date formatting with a UTC fallback', () => {
    expect(slackDate('2025-03-04T15:06:00.000Z')).toBe(
      '<!date^1741100760^{date_short_pretty} at {time}|2025-03-04 15:06 UTC>',
    );
  });

  it('shows an unparseable date as escaped text', () => {
    expect(slackDate('<soon>')).toBe('&lt;soon&gt;');
  });
});

describe('plural and listWithin', () => {
  it('pluralizes with thousands separators', () => {
    expect(plural(1, 'number')).toBe('1 number');
    expect(plural(5000, 'number')).toBe('5,000 numbers');
    expect(plural(2, 'entry', 'entries')).toBe('2 entries');
  });

  it('lists everything that fits', () => {
    expect(listWithin(['a', 'b', 'c'], 100)).toBe('a, b, c');
  });

  it('stops within the budget and says how many are left', () => {
    const items = Array.from({ length: 1000 }, (_, i) => `item${i}`);
    const out = listWithin(items, 200);
    expect(out.length).toBeLessThanOrEqual(200);
    expect(out).toMatch(/ and [\d,]+ more$/);
    const shown = out.replace(/ and [\d,]+ more$/, '').split(', ').length;
    expect(out).toContain(`and ${(1000 - shown).toLocaleString('en-US')} more`);
  });
});
