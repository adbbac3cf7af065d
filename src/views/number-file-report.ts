import type { NumberFileProblem } from '../documents/number-file';
import { code, count, plural, safe } from './text';

/** Problems listed to the requester; the rest are counted (the card lists fewer still). */
const MAX_TOLD = 15;

/**
 * What the requester hears about an attached numbers file: the lines that held no usable number
 * (line, what was there, why), the first few of them, and how many more; duplicates counted.
 * Undefined when there is nothing to say.
 */
export function buildNumberFileReport(
  fileName: string,
  found: {
    numbers: readonly string[];
    problems: readonly NumberFileProblem[];
    duplicates: readonly string[];
  },
): string | undefined {
  if (found.problems.length === 0 && found.duplicates.length === 0) return undefined;
  const lines = [
    `:page_facing_up: In ${safe(fileName, 80)}: ${plural(found.numbers.length, 'number')} read${
      found.duplicates.length > 0 ? `, ${plural(found.duplicates.length, 'duplicate')} dropped` : ''
    }${found.problems.length > 0 ? `, ${plural(found.problems.length, 'line')} skipped:` : '.'}`,
  ];
  for (const p of found.problems.slice(0, MAX_TOLD)) {
    const what = p.text ? `${code(p.text, 60)} ` : '';
    lines.push(`• line ${count(p.line)}: ${what}${safe(p.reason, 200)}`);
  }
  if (found.problems.length > MAX_TOLD) {
    lines.push(
      `…and ${plural(found.problems.length - MAX_TOLD, 'more line')} like these. Fix them in the file and attach it again to import those numbers too.`,
    );
  } else if (found.problems.length > 0) {
    lines.push('Fix those lines and import them in a new request if they are needed.');
  }
  return lines.join('\n');
}
