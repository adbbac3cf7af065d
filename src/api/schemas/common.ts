import { z } from 'zod';
import { parseOrderStatus } from '../../domain/order-status';
import type { BandwidthErrorDetail } from '../errors';
import { fromWireTn } from '../numbers-format';

/**
 * Building blocks for the response schemas. `parseXml` gives strings for leaves, objects for
 * elements with children, arrays for repeatable elements, and '' for an empty element such as
 * `<Errors/>`; these helpers turn that into plain, typed values.
 */

/** An element with children; an empty or absent element reads as `{}`. */
export function element<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.preprocess((value) => (value === '' || value === undefined ? {} : value), z.object(shape));
}

/** A repeatable element: absent reads as [], empty occurrences are dropped. */
export function list<Item extends z.ZodType>(item: Item) {
  return z.preprocess((value) => {
    if (value === undefined) return [];
    return (Array.isArray(value) ? value : [value]).filter((entry) => entry !== '');
  }, z.array(item));
}

/** A text leaf that is optional; an empty element reads as absent. */
export const optionalText = z.preprocess(
  (value) => (value === '' ? undefined : value),
  z.string().optional(),
);

/**
 * Optional text under a tag that `parseXml` treats as repeatable elsewhere (`Note` repeats inside
 * `Notes`, but is a single leaf in order history): the occurrences are joined.
 */
export const optionalTextOrList = z.preprocess((value) => {
  const items = (Array.isArray(value) ? value : [value]).filter((item) => item !== undefined && item !== '');
  return items.length === 0 ? undefined : items.join('\n');
}, z.string().optional());

/** An integer carried as text. */
export const count = z
  .string()
  .regex(/^\d+$/)
  .transform((value) => Number(value));

/** A telephone number as Bandwidth sent it (v1 or v2 form), returned in 10-digit form. */
export const tn = z.string().transform(fromWireTn);

/** `<TelephoneNumbers><TelephoneNumber>…</TelephoneNumber>*</TelephoneNumbers>` → string[]. */
export const tnList = element({ TelephoneNumber: list(tn) }).transform((value) => value.TelephoneNumber);

/** A processing status in any case Bandwidth writes it. */
export const orderStatus = z
  .string()
  .transform((value) => parseOrderStatus(value) ?? value)
  .pipe(z.enum(['RECEIVED', 'PROCESSING', 'COMPLETE', 'PARTIAL', 'FAILED', 'EXCEPTION']));

const errorEntry = z
  .object({ Code: z.string(), Description: optionalText, TelephoneNumbers: tnList.optional() })
  .transform(
    (entry): BandwidthErrorDetail => ({
      code: entry.Code,
      description: entry.Description ?? '',
      ...(entry.TelephoneNumbers && entry.TelephoneNumbers.length > 0
        ? { numbers: entry.TelephoneNumbers }
        : {}),
    }),
  );

/**
 * The `Errors` element in both of its documented shapes, flattened:
 * flat repeated `Errors{Code, Description}` (400s) and nested `Errors/Error{Code, Description,
 * TelephoneNumbers}` (PARTIAL / FAILED orders).
 */
export const errorList = list(z.union([errorEntry, z.object({ Error: list(errorEntry) })])).transform(
  (entries) => entries.flatMap((entry) => ('Error' in entry ? entry.Error : [entry])),
);

const responseStatus = z.object({
  ResponseStatus: z.object({ ErrorCode: optionalText, Description: optionalText }),
});

/** The LOA endpoints answer in `fileUploadResponse{resultCode, resultMessage}`, 0 meaning success. */
const fileResult = z.object({ resultCode: z.string(), resultMessage: optionalText });

/**
 * Reads Bandwidth's error codes from any error body: `XxxResponse/ResponseStatus{ErrorCode,
 * Description}`, flat repeated `Errors{Code, Description}`, or nested `Errors/Error`; and, for the
 * LOA endpoints, a non-zero `resultCode` (their error body is undocumented; this is the shape of
 * their success body).
 * Returns [] when the body carries none of them.
 */
export function extractApiErrors(document: Record<string, unknown>): BandwidthErrorDetail[] {
  const root = Object.values(document)[0];
  if (root === undefined || typeof root !== 'object' || root === null) return [];
  const status = responseStatus.safeParse(root);
  if (status.success) {
    const { ErrorCode, Description } = status.data.ResponseStatus;
    if (ErrorCode !== undefined || Description !== undefined) {
      return [{ code: ErrorCode ?? '', description: Description ?? '' }];
    }
  }
  const file = fileResult.safeParse(root);
  if (file.success && file.data.resultCode !== '0') {
    return [{ code: file.data.resultCode, description: file.data.resultMessage ?? '' }];
  }
  const errors = errorList.safeParse((root as Record<string, unknown>).Errors);
  return errors.success ? errors.data : [];
}
