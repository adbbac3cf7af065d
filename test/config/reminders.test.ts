import { ConfigError, loadConfig } from '../../src/config';
import { minimal } from './fixtures';

describe('loadConfig: reminders', () => {
  it('reminds approvers after 4 hours and requesters about the LOA after 24 by default', () => {
    const config = loadConfig(minimal);
    expect(config.approvalReminderMs).toBe(4 * 3_600_000);
    expect(config.loaReminderMs).toBe(24 * 3_600_000);
  });

  it('takes hours, fractions included, and 0 to turn a reminder off', () => {
    const config = loadConfig({ ...minimal, APPROVAL_REMINDER_HOURS: '0.5', LOA_REMINDER_HOURS: '0' });
    expect(config.approvalReminderMs).toBe(1_800_000);
    expect(config.loaReminderMs).toBe(0);
  });

  it('names a negative or non-numeric setting', () => {
    let problems: string[] = [];
    try {
      loadConfig({ ...minimal, APPROVAL_REMINDER_HOURS: '-1', LOA_REMINDER_HOURS: 'daily' });
    } catch (error) {
      if (error instanceof ConfigError) problems = error.problems;
    }
    expect(problems).toEqual([
      'APPROVAL_REMINDER_HOURS must be 0 (off) or more',
      'LOA_REMINDER_HOURS must be a number of hours',
    ]);
  });
});
