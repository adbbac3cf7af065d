import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CustomRoute } from '@slack/bolt';
import type { Metrics } from './metrics';
import type { Store } from './store';

export interface HttpRoutesOptions {
  webhookPath: string;
  handleWebhook: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  metrics: Metrics;
  store: Pick<Store, 'get'>;
}

/**
 * The routes served beside Slack's `/slack/events` on the same HTTP server: Bandwidth's order
 * notifications, liveness, readiness and Prometheus metrics. Bolt does not await route
 * handlers, so each one answers its own errors.
 */
export function httpRoutes(options: HttpRoutesOptions): CustomRoute[] {
  const { webhookPath, handleWebhook, metrics, store } = options;
  const text = (res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8') => {
    res.writeHead(status, { 'Content-Type': type });
    res.end(body);
  };
  return [
    {
      path: webhookPath,
      method: ['POST', 'GET', 'PUT'],
      handler: (req, res) => void handleWebhook(req, res),
    },
    { path: '/healthz', method: 'GET', handler: (_req, res) => text(res, 200, 'ok\n') },
    {
      path: '/readyz',
      method: 'GET',
      handler: (_req, res) =>
        void store.get('health', 'ping').then(
          () => text(res, 200, 'ready\n'),
          () => text(res, 503, 'store unavailable\n'),
        ),
    },
    {
      path: '/metrics',
      method: 'GET',
      handler: (_req, res) =>
        void metrics.registry.metrics().then(
          (body) => text(res, 200, body, metrics.registry.contentType),
          () => text(res, 500, 'metrics unavailable\n'),
        ),
    },
  ];
}
