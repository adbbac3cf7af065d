/**
 * Telephone numbers as the two API versions write them. v1 takes and returns 10 digits with no
 * punctuation; v2 takes and returns E.164 (`+1` and 10 digits) (BANDWIDTH.md §0). Inside the
 * simulator every number is kept as its canonical 10 digits.
 */
export type ApiVersion = 'v1' | 'v2';

const NANP = /^[2-9]\d{2}[2-9]\d{6}$/;

/** The canonical 10 digits of a number written the way `version` requires, or undefined when invalid. */
export function parseTn(raw: string, version: ApiVersion): string | undefined {
  const value = raw.trim();
  const digits = version === 'v2' ? (/^\+1\d{10}$/.test(value) ? value.slice(2) : undefined) : value;
  return digits !== undefined && NANP.test(digits) ? digits : undefined;
}

/** A number in any common spelling (for look-ups by path), or undefined. */
export function parseTnLenient(raw: string): string | undefined {
  let digits = raw.replace(/\D/g, '');
  if (digits.length === 11 && digits.startsWith('1')) digits = digits.slice(1);
  return NANP.test(digits) ? digits : undefined;
}

/** Writes a canonical number for an API version or a subscription's NumberFormat. */
export function formatTn(tn: string, format: ApiVersion | 'LEGACY' | 'E164'): string {
  return format === 'v2' || format === 'E164' ? `+1${tn}` : tn;
}
