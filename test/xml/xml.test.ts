import { buildXml, parseXml, XmlParseError } from '../../src/xml';

function rejection(body: string, maxBytes?: number): string {
  try {
    parseXml(body, maxBytes);
  } catch (error) {
    if (error instanceof XmlParseError) return error.reason;
    throw error;
  }
  throw new Error('expected an XmlParseError');
}

describe('parseXml', () => {
  it('keeps tag values as strings, leading zeros included', () => {
    const doc = parseXml('<A><SiteId>0123</SiteId><Count>5000</Count><Flag>true</Flag></A>');
    expect(doc).toEqual({ A: { SiteId: '0123', Count: '5000', Flag: 'true' } });
  });

  it('always makes repeatable elements arrays, even with one child', () => {
    const doc = parseXml(
      '<A><TelephoneNumbers><TelephoneNumber>9195551234</TelephoneNumber></TelephoneNumbers></A>',
    );
    expect(doc).toEqual({ A: { TelephoneNumbers: { TelephoneNumber: ['9195551234'] } } });
  });

  it('decodes the built-in entities, as many as the text holds', () => {
    const doc = parseXml('<A><D>&apos;x&apos; is &lt;not&gt; a UUID &amp; nor &quot;y&quot; &amp; z</D></A>');
    expect(doc).toEqual({ A: { D: '\'x\' is <not> a UUID & nor "y" & z' } });
  });

  it('refuses a DOCTYPE, and with it every entity expansion bomb', () => {
    const bomb =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><A>&lol2;</A>';
    expect(rejection(bomb)).toBe('doctype');
    expect(rejection('<!doctype a SYSTEM "file:///etc/passwd"><a/>')).toBe('doctype');
  });

  it('refuses malformed, empty and oversized bodies', () => {
    expect(rejection('<A><B></A>')).toBe('malformed');
    expect(rejection('not xml at all')).toBe('malformed');
    expect(rejection('   ')).toBe('empty');
    expect(rejection(`<A>${'x'.repeat(2000)}</A>`, 1000)).toBe('too_large');
  });

  it('skips declarations, comments and attributes, and keeps CDATA as text', () => {
    const doc = parseXml(
      '<?xml version="1.0"?><!-- c --><A x="1" y=\'2\'><B><![CDATA[<raw> & ok]]></B><C/><!-- d --><D>&#65;&#x42;</D></A>',
    );
    expect(doc).toEqual({ A: { B: '<raw> & ok', C: '', D: 'AB' } });
  });

  it('keeps a tag that repeats unexpectedly as a list', () => {
    expect(parseXml('<A><Code>1</Code><Code>2</Code></A>')).toEqual({ A: { Code: ['1', '2'] } });
  });

  it('refuses what is not well-formed, naming the line', () => {
    expect(rejection('<A>\n<B>x</C></A>')).toBe('malformed');
    expect(() => parseXml('<A>\n<B>x</C></A>')).toThrow(/line 2/);
    expect(rejection('<A>AT&T</A>')).toBe('malformed');
    expect(rejection('<A><B></B>')).toBe('malformed');
    expect(rejection('<A/><B/>')).toBe('malformed');
    expect(rejection('<A b=1></A>')).toBe('malformed');
    expect(rejection('<1A></1A>')).toBe('malformed');
    expect(rejection(`${'<A>'.repeat(40)}${'</A>'.repeat(40)}`)).toBe('malformed');
  });

  it('accepts Buffers as well as strings', () => {
    expect(parseXml(Buffer.from('<A><B>1</B></A>'))).toEqual({ A: { B: '1' } });
  });
});

describe('buildXml', () => {
  it('writes a declaration, repeats arrays, escapes text and leaves out undefined fields', () => {
    const xml = buildXml({ A: { N: ['1', '2'], T: 'AT&T <x>', U: undefined } });
    expect(xml).toBe(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><A><N>1</N><N>2</N><T>AT&amp;T &lt;x&gt;</T></A>',
    );
  });

  it('round-trips through parseXml', () => {
    const original = {
      Root: { TelephoneNumbers: { TelephoneNumber: ['0195551234', '9195551235'] }, Name: "O'Brien & Sons" },
    };
    expect(parseXml(buildXml(original))).toEqual(original);
  });
});
