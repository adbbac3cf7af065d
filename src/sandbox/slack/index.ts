/** A stand-in for Slack on 127.0.0.1: the Web API the bot calls, and the signed requests Slack sends it. */
export { type FakeSlack, startFakeSlack, type UserMessage } from './fake-slack';
export type { NewFile } from './methods/files';
export * from './payloads';
export * from './signed-requests';
export * from './types';
