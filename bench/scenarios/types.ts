import type { Row } from '../lib/report';
import type { Sandbox } from '../lib/sandbox';

export type SizeName = 'full' | 'smoke';

/** One of the six measurements: its sizes, and how to run it against a started sandbox. */
export interface Scenario<Size> {
  name: string;
  sizes: Record<SizeName, Size>;
  /** `command` is what reproduces the rows, written into each. */
  run(sandbox: Sandbox, size: Size, command: string): Promise<Row[]>;
}
