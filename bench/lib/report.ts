import { fmt } from './stats';

/** One line of the benchmark table. */
export interface Row {
  /** Which of the six measurements (1-6). */
  id: number;
  measurement: string;
  /** Our figure, already formatted with its unit. */
  ours: string;
  /** The reference measured in the same run (bare Bolt, the SDK), when there is one. */
  reference?: string;
  /** reference / ours or ours / reference, as `label` says. */
  ratio?: { value: number; label: string };
  target: string;
  /** Whether the target was met; undefined when the row only informs. */
  met?: boolean;
  /** The command that reproduces the row. */
  command: string;
}

const HEADER = ['#', 'measurement', 'ours', 'reference', 'ratio', 'target', 'met', 'command'];

function cells(row: Row): string[] {
  return [
    String(row.id),
    row.measurement,
    row.ours,
    row.reference ?? '',
    row.ratio ? `${fmt(row.ratio.value)}× ${row.ratio.label}` : '',
    row.target,
    row.met === undefined ? '' : row.met ? 'yes' : '**no**',
    `\`${row.command}\``,
  ];
}

/** The rows as a Markdown table. */
export function markdownTable(rows: readonly Row[]): string {
  const lines = [HEADER, HEADER.map(() => '---'), ...rows.map(cells)];
  return lines.map((line) => `| ${line.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`).join('\n');
}

/** The rows as aligned plain text for the terminal. */
export function textTable(rows: readonly Row[]): string {
  const body = [HEADER, ...rows.map((r) => cells(r).map((c) => c.replace(/`|\*\*/g, '')))];
  const widths = HEADER.map((_, i) => Math.max(...body.map((line) => line[i]!.length)));
  return body
    .map((line) =>
      line
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
