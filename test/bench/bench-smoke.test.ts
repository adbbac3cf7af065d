import type { Row } from '../../bench/lib/report';
import { markdownTable } from '../../bench/lib/report';
import { runSuite, SCENARIOS } from '../../bench/suite';

/**
 * Runs every benchmark scenario at a tiny size so the benchmark cannot rot. Timings are not
 * asserted (they belong to `npm run bench`); the rows must be well formed.
 */
describe('the benchmark suite at smoke size', () => {
  let rows: Row[];

  beforeAll(async () => {
    rows = await runSuite({ size: 'smoke' });
  }, 180_000);

  it('produces rows for each of the six measurements', () => {
    expect([...new Set(rows.map((r) => r.id))].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(SCENARIOS).toHaveLength(6);
  });

  it('fills in every row with a figure, a target and the command that reproduces it', () => {
    for (const row of rows) {
      expect(row.measurement).not.toBe('');
      expect(row.ours).toMatch(/\d|not run/);
      expect(row.target).not.toBe('');
      expect(row.command).toMatch(/^npm run bench/);
      if (row.ratio) expect(Number.isFinite(row.ratio.value)).toBe(true);
    }
  });

  it('renders them as a Markdown table with one line per row', () => {
    const table = markdownTable(rows).split('\n');
    expect(table).toHaveLength(rows.length + 2);
    for (const line of table) expect(line.split(' | ').length).toBe(8);
  });

  it('keeps its own checks green where they do not depend on speed', () => {
    const exactlyOnce = rows.filter((r) => r.id === 2 && r.ours !== 'not run');
    for (const row of exactlyOnce) expect(row.reference).toContain('one thread message per change');
    const bulk = rows.find((r) => r.id === 5);
    expect(bulk?.measurement).toContain('within Block Kit limits');
  });
});
