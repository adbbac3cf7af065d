/**
 * Telephone numbers cross the client's interface as 10-digit NANP strings ("9195551234"). Bandwidth
 * v1 uses the same form on the wire; v2 uses E.164 ("+19195551234"). These two helpers are the only
 * place that knows the difference.
 */
export type ApiVersion = 'v1' | 'v2';

const TEN_DIGITS = /^\d{10}$/;
const E164_NANP = /^\+1(\d{10})$/;

/** The form Bandwidth expects for `version`. Anything not 10 digits is sent as given, for Bandwidth to judge. */
export function toWireTn(tn: string, version: ApiVersion): string {
  return version === 'v2' && TEN_DIGITS.test(tn) ? `+1${tn}` : tn;
}

/**
 * The 10-digit form of a number Bandwidth sent, whichever version sent it. Values that are neither
 * form (the checker echoes invalid input, e.g. "61746052083") are returned unchanged.
 */
export function fromWireTn(value: string): string {
  const e164 = E164_NANP.exec(value);
  return e164?.[1] ?? value;
}
