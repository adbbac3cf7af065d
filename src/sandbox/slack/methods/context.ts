import type { SlackState } from '../state';
import type { SlackObject, SlackResponse } from '../types';

/** What a Web API method implementation gets: parsed arguments, the workspace, and its own base URL. */
export interface MethodContext {
  args: SlackObject;
  state: SlackState;
  /** `http://127.0.0.1:PORT`, for links (permalinks, file URLs) that must point back at the fake. */
  baseUrl: string;
}

export type MethodHandler = (ctx: MethodContext) => SlackResponse;

export function ok(body: SlackObject = {}): SlackResponse {
  return { ok: true, ...body };
}

export function fail(error: string, messages?: string[]): SlackResponse {
  return messages === undefined
    ? { ok: false, error }
    : { ok: false, error, response_metadata: { messages } };
}

/** Slack's answer when a required argument is absent. */
export function missing(name: string): SlackResponse {
  return fail('invalid_arguments', [`[ERROR] missing required field: ${name}`]);
}

/** Slack's wording for a length limit, with a JSON pointer to the offending field. */
export function limitError(pointer: string, limit: number, what = 'characters'): string {
  return `[ERROR] must be less than ${limit + 1} ${what} [json-pointer:${pointer}]`;
}
