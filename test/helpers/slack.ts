/** Test-side entry to the fake Slack: the sandbox exports, plus a Bolt logger that keeps quiet. */
import { type Logger, LogLevel } from '@slack/bolt';

export * from '../../src/sandbox/slack';

/** A Bolt/WebClient logger that records lines instead of printing them, so tests can assert on warnings. */
export function recordingLogger(): Logger & { lines: Array<{ level: string; text: string }> } {
  const lines: Array<{ level: string; text: string }> = [];
  const log =
    (level: string) =>
    (...parts: unknown[]) => {
      lines.push({ level, text: parts.map(String).join(' ') });
    };
  let current = LogLevel.DEBUG;
  return {
    lines,
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    setLevel: (level) => {
      current = level;
    },
    getLevel: () => current,
    setName: () => {},
  };
}
