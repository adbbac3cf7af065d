import { z } from 'zod';
import type { RequestDetails } from '../domain/request';
import { unsafeCharacter } from '../domain/safe-text';
import { parseTelephoneNumbers, type Tn } from '../domain/tn';
import { type FormErrors, filesOf, rawText, selectedValue, textValue, type ViewStateValues } from './form';
import { ids } from './ids';
import {
  FIELD_MAX,
  type ImportModalMetadata,
  LOA_FILETYPES,
  MAX_NUMBERS_PER_REQUEST,
  NUMBERS_FILETYPES,
  SUBSCRIBER_NAME_MAX,
} from './import-modal';
import { normalizeZip, regionCountry } from './regions';
import { clip, plural } from './text';

/** A valid import form. */
export interface ImportSubmission {
  /** The Numbers field as typed (empty when the list came as a file). */
  numbersText: string;
  /** The numbers found in the field: valid, normalized, each once. */
  numbers: Tn[];
  /** Slack file ids of a numbers file; the handler downloads it and parses it like the field. */
  numbersFileIds: string[];
  details: RequestDetails;
  /** Slack file ids of LOA files attached in the form. */
  loaFileIds: string[];
}

export type ImportSubmissionResult = { ok: true; value: ImportSubmission } | FormErrors;

const B = ids.importModal.blocks;
const A = ids.importModal.actions;

type Field = keyof typeof B;

/** How many bad entries an error message quotes before "and N more". */
const QUOTED_ENTRIES = 3;

function required(message: string, max: number, tooLong: (length: number) => string) {
  return z
    .string({ error: message })
    .min(1, { error: message })
    .refine((v) => v.length <= max, { error: (issue) => tooLong(String(issue.input).length) })
    .refine((v) => unsafeCharacter(v) === undefined, { error: (issue) => unsafeMessage(issue.input) });
}

function optional(max: number, what: string) {
  return z
    .string()
    .max(max, {
      error: (issue) => `${what} is ${String(issue.input).length} characters; the limit is ${max}`,
    })
    .refine((v) => unsafeCharacter(v) === undefined, { error: (issue) => unsafeMessage(issue.input) })
    .optional();
}

/** Control characters go into Bandwidth's XML and Slack's messages: refused on the field. */
function unsafeMessage(input: unknown): string {
  return `This contains ${unsafeCharacter(String(input)) ?? 'a character that is not allowed'}; type it again without it`;
}

type FileRef = { id: string; name?: string; filetype?: string };

/** Slack names a .txt file's type "text" while the file input lists extensions: one name for both. */
function fileKind(type: string): string {
  const kind = type.toLowerCase();
  return kind === 'text' ? 'txt' : kind;
}

function filesOfType(allowed: readonly string[], describe: string) {
  return z.array(z.custom<FileRef>()).superRefine((files, ctx) => {
    const wrong = files.filter((f) => !allowed.includes(fileKind(f.filetype ?? extension(f.name))));
    if (wrong.length > 0) {
      const names = wrong.map((f) => `${f.name ?? f.id} (${(f.filetype || 'unknown type').toUpperCase()})`);
      ctx.addIssue({ code: 'custom', message: `${names.join(', ')}: attach ${describe} instead` });
    }
  });
}

function extension(name: string | undefined): string {
  const dot = name?.lastIndexOf('.') ?? -1;
  return dot >= 0 && name ? name.slice(dot + 1) : '';
}

/**
 * The numbers field: every entry must be a number. It may be empty only when a file brings the
 * list (the handler parses that file the same way once downloaded).
 */
function numbersSchema(hasNumbersFile: boolean) {
  return z
    .string()
    .optional()
    .transform((text, ctx): Tn[] => {
      const parsed = parseTelephoneNumbers(text ?? '');
      if (parsed.invalid.length > 0) {
        const n = parsed.invalid.length;
        const quoted = parsed.invalid
          .slice(0, QUOTED_ENTRIES)
          .map((bad) => `${clip(bad.input, 40)} (${bad.reason})`);
        const more = n > QUOTED_ENTRIES ? `; and ${n - QUOTED_ENTRIES} more` : '';
        const head = n === 1 ? "1 entry isn't a phone number" : `${n} entries aren't phone numbers`;
        ctx.addIssue({ code: 'custom', message: `${head}: ${quoted.join('; ')}${more}` });
      } else if (parsed.numbers.length === 0 && !hasNumbersFile) {
        ctx.addIssue({
          code: 'custom',
          message: 'Enter at least one phone number, or attach a numbers file',
        });
      }
      if (parsed.numbers.length > MAX_NUMBERS_PER_REQUEST) {
        ctx.addIssue({
          code: 'custom',
          message: `That's ${plural(parsed.numbers.length, 'number')}; one request holds up to ${MAX_NUMBERS_PER_REQUEST.toLocaleString('en-US')}. Split the list.`,
        });
      }
      return parsed.numbers;
    });
}

/**
 * The form's schema. Cross-field rules (the ZIP format depends on the country of the chosen
 * state; numbers may come as a file) are built in from the raw values rather than checked on the
 * whole object, because zod skips whole-object refinements while any field is invalid, and a
 * requester should see every problem at once.
 */
function formSchema(context: { stateCode: string | undefined; hasNumbersFile: boolean }) {
  return z.object({
    numbers: numbersSchema(context.hasNumbersFile),
    numbersFile: filesOfType(NUMBERS_FILETYPES, 'a CSV or text file'),
    subscriberName: required(
      'Enter the subscriber name',
      SUBSCRIBER_NAME_MAX,
      (n) => `Subscriber name is ${n} characters; Bandwidth allows ${SUBSCRIBER_NAME_MAX}`,
    ),
    houseNumber: required(
      'Enter the house number',
      FIELD_MAX.houseNumber,
      (n) => `House number is ${n} characters; the limit is ${FIELD_MAX.houseNumber}`,
    ),
    streetName: required(
      'Enter the street name',
      FIELD_MAX.streetName,
      (n) => `Street name is ${n} characters; the limit is ${FIELD_MAX.streetName}`,
    ),
    city: required(
      'Enter the city',
      FIELD_MAX.city,
      (n) => `City is ${n} characters; the limit is ${FIELD_MAX.city}`,
    ),
    state: z
      .string({ error: 'Choose a state or province' })
      .refine((code) => regionCountry(code) !== undefined, {
        error: 'Choose a state or province from the list',
      }),
    zip: z.string({ error: 'Enter the ZIP or postal code' }).transform((zip, ctx) => {
      const result = normalizeZip(zip, context.stateCode);
      if ('problem' in result) {
        ctx.addIssue({ code: 'custom', message: result.problem });
        return z.NEVER;
      }
      return result.zip;
    }),
    county: optional(FIELD_MAX.county, 'County'),
    loaAuthorizingPerson: required(
      'Enter first and last name of the person who signs the LOA',
      FIELD_MAX.loaAuthorizingPerson,
      (n) => `Name is ${n} characters; the limit is ${FIELD_MAX.loaAuthorizingPerson}`,
    ).refine((name) => name.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length >= 2, {
      error: 'Enter first and last name',
    }),
    reference: optional(FIELD_MAX.reference, 'Reference'),
    loaFile: filesOfType(LOA_FILETYPES, 'the signed LOA as PDF, PNG, JPEG or TIFF'),
  });
}

/**
 * Reads the import modal's `view.state.values`. On failure, each message is keyed by the block_id
 * of the field at fault, ready for `ack({ response_action: 'errors', errors })`.
 */
export function parseImportSubmission(values: ViewStateValues): ImportSubmissionResult {
  const raw = {
    numbers: rawText(values, B.numbers, A.numbers),
    numbersFile: [...filesOf(values, B.numbersFile, A.numbersFile)],
    subscriberName: textValue(values, B.subscriberName, A.subscriberName),
    houseNumber: textValue(values, B.houseNumber, A.houseNumber),
    streetName: textValue(values, B.streetName, A.streetName),
    city: textValue(values, B.city, A.city),
    state: selectedValue(values, B.state, A.state),
    zip: textValue(values, B.zip, A.zip),
    county: textValue(values, B.county, A.county),
    loaAuthorizingPerson: textValue(values, B.loaAuthorizingPerson, A.loaAuthorizingPerson)?.replace(
      /\s+/g,
      ' ',
    ),
    reference: textValue(values, B.reference, A.reference),
    loaFile: [...filesOf(values, B.loaFile, A.loaFile)],
  };
  const schema = formSchema({ stateCode: raw.state, hasNumbersFile: raw.numbersFile.length > 0 });
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as Field | undefined;
      const blockId = field && field in B ? B[field] : B.numbers;
      errors[blockId] ??= issue.message;
    }
    return { ok: false, errors };
  }
  const form = parsed.data;
  const details: RequestDetails = {
    subscriberName: form.subscriberName,
    serviceAddress: {
      houseNumber: form.houseNumber,
      streetName: form.streetName,
      city: form.city,
      stateCode: form.state,
      zip: form.zip,
      ...(form.county ? { county: form.county } : {}),
    },
    loaAuthorizingPerson: form.loaAuthorizingPerson,
    ...(form.reference ? { reference: form.reference } : {}),
  };
  return {
    ok: true,
    value: {
      numbersText: raw.numbers?.trim() ?? '',
      numbers: form.numbers,
      numbersFileIds: form.numbersFile.map((f) => f.id),
      details,
      loaFileIds: form.loaFile.map((f) => f.id),
    },
  };
}

/**
 * The channel a submitted form's card goes to: the one the command was typed in, or the one
 * picked in the form (opened from the Home tab). Undefined when neither is there.
 */
export function importChannel(values: ViewStateValues, metadata: ImportModalMetadata): string | undefined {
  return metadata.channelId ?? values[B.channel]?.[A.channel]?.selected_conversation ?? undefined;
}

/** Reads the import modal's private_metadata; undefined when it is not ours. */
export function parseImportModalMetadata(privateMetadata: string): ImportModalMetadata | undefined {
  try {
    const parsed = z
      .strictObject({ channelId: z.string().min(1).optional() })
      .safeParse(JSON.parse(privateMetadata));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
