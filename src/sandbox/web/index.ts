/**
 * The sandbox page: a small Slack-like client in the browser for trying the bot with no Slack app
 * and no Bandwidth account. `startSandbox()` wires the simulator, the fake Slack, the bot and the page.
 */
export {
  SANDBOX_CHANNEL,
  SANDBOX_PEOPLE,
  SANDBOX_SCHEDULE,
  type Sandbox,
  type SandboxOptions,
  startSandbox,
} from './sandbox';
export { type SandboxWeb, type SandboxWebOptions, startSandboxWeb } from './server';
export { createSandboxSession, type SandboxSession } from './session';
export type { PageState, SandboxPerson } from './snapshot';
