import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * Field names whose values are secrets, wherever they sit in a log line (top level or one or
 * two objects deep). pino replaces them with "[redacted]", so a token that slips into a logged
 * object still never reaches the log.
 */
const SECRET_FIELDS = [
  'token',
  'botToken',
  'appToken',
  'signingSecret',
  'clientSecret',
  'password',
  'authorization',
  'Authorization',
  'access_token',
  'cookie',
];

const REDACT_PATHS = SECRET_FIELDS.flatMap((field) => [field, `*.${field}`, `*.*.${field}`]);

/**
 * The one logger factory: structured JSON lines with ids (`requestId`, `orderId`, `channel`),
 * never secrets.
 *
 * @param destination where lines go; tests pass a stream to assert on what was logged.
 */
export function createLogger(level = 'info', destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'hosted-messaging-bot' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    },
    destination,
  );
}
