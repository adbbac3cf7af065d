/**
 * Text people type that ends up in Bandwidth's XML, in Slack messages and in logs. Control
 * characters there are never meant: a NUL or an escape sequence makes the XML invalid (Bandwidth
 * refuses the order) or rewrites a terminal showing the logs, and bidirectional overrides make a
 * name read differently from what it is ("Trojan Source"). Such text is refused where it is typed.
 */

/** C0 and C1 controls, DEL, zero-width and bidi formatting characters, line/paragraph separators, BOM. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2028\u2029\u2060-\u2069\ufeff]/u;

/**
 * Describes the first character of `text` that has no place in a name or an address, or
 * undefined when there is none.
 *
 * @example unsafeCharacter('Acme\u0000Dental') // 'an invisible control character (U+0000)'
 */
export function unsafeCharacter(text: string): string | undefined {
  const match = UNSAFE.exec(text);
  if (!match) return undefined;
  const code = match[0].codePointAt(0) ?? 0;
  return `an invisible control character (U+${code.toString(16).toUpperCase().padStart(4, '0')})`;
}
