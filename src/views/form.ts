/**
 * Reading `view.state.values` from a view_submission. The shape is declared here rather than
 * imported from Bolt so views stay independent of the Slack client; Bolt's
 * `ViewOutput['state']['values']` is assignable to it.
 */
export interface SubmittedValue {
  type?: string;
  value?: string | null;
  selected_option?: { value: string } | null;
  selected_conversation?: string | null;
  files?: ReadonlyArray<{ id: string; name?: string; filetype?: string; size?: number }>;
}

export type ViewStateValues = Readonly<Record<string, Readonly<Record<string, SubmittedValue>>>>;

/** The failure half of every parse: messages keyed by the block_id they belong under. */
export interface FormErrors {
  ok: false;
  errors: Record<string, string>;
}

/** Trimmed text of an input, or undefined when it is empty or missing. */
export function textValue(values: ViewStateValues, blockId: string, actionId: string): string | undefined {
  const raw = values[blockId]?.[actionId]?.value;
  if (typeof raw !== 'string') return undefined;
  const trimmed = raw.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** Raw text of an input, untrimmed (for multi-line lists). */
export function rawText(values: ViewStateValues, blockId: string, actionId: string): string | undefined {
  const raw = values[blockId]?.[actionId]?.value;
  return typeof raw === 'string' ? raw : undefined;
}

export function selectedValue(
  values: ViewStateValues,
  blockId: string,
  actionId: string,
): string | undefined {
  return values[blockId]?.[actionId]?.selected_option?.value ?? undefined;
}

export function filesOf(
  values: ViewStateValues,
  blockId: string,
  actionId: string,
): ReadonlyArray<{ id: string; name?: string; filetype?: string }> {
  return values[blockId]?.[actionId]?.files ?? [];
}
