import { buildHelp } from '../../src/views/help';
import { checkBlockKitLimits } from '../../src/views/limits';
import { mrkdwnTexts } from './fixtures';

describe('buildHelp', () => {
  it('names every subcommand with the configured command', () => {
    const help = buildHelp('/numbers');
    const all = mrkdwnTexts(help.blocks).join('\n');
    for (const sub of ['import', 'check', 'status', 'list', 'export', 'help'])
      expect(all).toContain(`\`/numbers ${sub}`);
    expect(all).not.toContain('/hosted');
    expect(help.text).toContain('/numbers');
    expect(checkBlockKitLimits(help)).toEqual([]);
  });

  it('explains the LOA step', () => {
    expect(mrkdwnTexts(buildHelp('/hosted').blocks).join('\n')).toContain('Share the signed LOA');
  });
});
