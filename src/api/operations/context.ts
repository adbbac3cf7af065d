import type { ApiVersion } from '../numbers-format';
import type { ApiPaths } from '../paths';
import { backoffDelay, type RetryOptions } from '../retry';
import type { Logger, Transport } from '../transport';

/** What every operation needs: the transport, the paths for the API version, and retry settings. */
export interface OperationContext {
  transport: Transport;
  paths: ApiPaths;
  version: ApiVersion;
  retry: Required<RetryOptions>;
  random: () => number;
  sleep: (ms: number) => Promise<void>;
  logger?: Logger;
}

/** The pause before re-sending a create whose first attempt was lost (see `createOnce`). */
export function createPause(context: OperationContext): (attempt: number) => Promise<void> {
  return (attempt) => context.sleep(backoffDelay(attempt, context.retry, context.random));
}

/** `yyyy-MM-dd`, the only date form Bandwidth's list filters take. */
export type IsoDate = `${number}-${number}-${number}`;

/** Filters shared by the import and remove-imported order lists (BANDWIDTH.md §1.3). */
export interface OrderListQuery {
  customerOrderId?: string;
  /** A 10-digit number. */
  tn?: string;
  status?: readonly ('RECEIVED' | 'PROCESSING' | 'COMPLETE' | 'PARTIAL' | 'FAILED')[];
  createdDateFrom?: IsoDate;
  createdDateTo?: IsoDate;
  modifiedDateFrom?: IsoDate;
  modifiedDateTo?: IsoDate;
}
