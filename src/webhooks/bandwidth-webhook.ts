import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import { XmlParseError } from '../xml';
import { type Notification, NotificationFormatError, parseNotification } from './notification';

/** What the webhook hands a notification to: the workflow, in the running bot. */
export interface NotificationSink {
  /** Applies one notification; says what became of it (for the counters and logs). */
  receive(notification: Notification): Promise<'accepted' | 'duplicate' | 'unknown_order'>;
}

export interface BandwidthWebhookOptions {
  username: string;
  password: string;
  sink: NotificationSink;
  metrics: Metrics;
  logger: Logger;
  /** Largest body accepted; a notification listing 5,000 numbers is about 250 KB. */
  maxBytes?: number;
}

const REALM = 'Basic realm="bandwidth-notifications", charset="UTF-8"';

/**
 * The HTTP handler for Bandwidth's order notifications.
 *
 * Bandwidth's Basic authentication is a challenge: it first posts with no credentials, and
 * only sends them after a 401 that carries `WWW-Authenticate: Basic`. Without that header it
 * never tries again, and it never redelivers a notification either, so the poller remains the
 * safety net for anything lost here.
 */
export function createBandwidthWebhook(options: BandwidthWebhookOptions) {
  const { sink, metrics, logger, maxBytes = 1024 * 1024 } = options;
  const expected = Buffer.from(`${options.username}:${options.password}`);

  return async function handleBandwidthNotification(
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const outcome = await handle(req, res).catch((error: unknown) => {
      logger.error({ err: error }, 'bandwidth notification failed');
      reply(res, 500, 'error');
      return 'error';
    });
    metrics.notifications.inc({ outcome });
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<string> {
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      return reply(res, 405, 'method_not_allowed');
    }
    const credentials = basicCredentials(req.headers.authorization);
    if (!credentials) {
      res.setHeader('WWW-Authenticate', REALM);
      return reply(res, 401, 'challenged');
    }
    if (credentials.length !== expected.length || !timingSafeEqual(credentials, expected)) {
      logger.warn(
        { remote: req.socket.remoteAddress },
        'bandwidth notification with wrong credentials refused',
      );
      res.setHeader('WWW-Authenticate', REALM);
      return reply(res, 401, 'unauthorized');
    }
    const body = await readBody(req, maxBytes);
    if (!body) return reply(res, 413, 'too_large');

    let notification: Notification;
    try {
      notification = parseNotification(body, maxBytes);
    } catch (error) {
      if (error instanceof XmlParseError || error instanceof NotificationFormatError) {
        logger.warn({ reason: error.message }, 'bandwidth notification refused');
        return reply(res, 400, 'malformed');
      }
      throw error;
    }
    const outcome = await sink.receive(notification);
    logger.info(
      notification.kind === 'order'
        ? { orderId: notification.orderId, status: notification.status, outcome }
        : { eventType: notification.eventType, numbers: notification.numbers.length, outcome },
      'bandwidth notification',
    );
    return reply(res, 200, outcome);
  }
}

function reply(res: ServerResponse, status: number, outcome: string): string {
  if (!res.headersSent) {
    res.statusCode = status;
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.end(status === 200 ? 'OK' : outcome);
  }
  return outcome;
}

/** The decoded "user:password" bytes of a Basic Authorization header, or undefined. */
function basicCredentials(header: string | undefined): Buffer | undefined {
  const match = header?.match(/^Basic\s+([A-Za-z0-9+/=]+)\s*$/i);
  return match ? Buffer.from(match[1]!, 'base64') : undefined;
}

/** Reads the body, or returns undefined (and stops reading) once it passes `maxBytes`. */
function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  const declared = Number(req.headers['content-length']);
  if (declared > maxBytes) {
    req.resume();
    return Promise.resolve(undefined);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        req.removeAllListeners('data');
        req.resume();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(size > maxBytes ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
