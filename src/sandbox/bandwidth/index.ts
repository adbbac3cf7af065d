/**
 * A simulator of Bandwidth's Dashboard ("Iris") API for hosted messaging, over real HTTP on
 * 127.0.0.1. The tests and people trying the bot without accounts use it. Which numbers do what
 * is described in RULES.md next to this file.
 */
export { startBandwidthSimulator } from './server';
export type * from './types';
export { LOA_DOCUMENT_TYPES } from './types';
