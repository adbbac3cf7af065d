import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The bot's Prometheus metrics, on a registry of its own (never the global one, so two bots in
 * one test process don't collide). Served as text at GET /metrics.
 */
export interface Metrics {
  readonly registry: Registry;
  /** Slack requests by kind (command, action, view, event) and outcome (ok, refused, error). */
  readonly slackRequests: Counter<'kind' | 'outcome'>;
  /** Seconds from receiving a Slack request to acknowledging it. */
  readonly ackSeconds: Histogram<'kind'>;
  /** Bandwidth notifications by outcome: accepted, duplicate, unknown_order, challenged, unauthorized, malformed, too_large, error. */
  readonly notifications: Counter<'outcome'>;
  /** Bandwidth API calls by operation and outcome, with their latency. */
  readonly bandwidthCalls: Histogram<'operation' | 'outcome'>;
  /** Requests by state, refreshed by the poller. */
  readonly requestsByState: Gauge<'state'>;
  /** Seconds the last reconcile pass took and when it ran. */
  readonly pollerLastRun: Gauge;
  readonly pollerDuration: Histogram;
  /** Posts to Slack by outcome (ok, retried, error). */
  readonly slackPosts: Counter<'outcome'>;
}

/** Builds a fresh registry with the bot's metrics and Node's default process metrics. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    slackRequests: new Counter({
      name: 'hosted_bot_slack_requests_total',
      help: 'Slack requests by kind and outcome',
      labelNames: ['kind', 'outcome'],
      registers,
    }),
    ackSeconds: new Histogram({
      name: 'hosted_bot_slack_ack_seconds',
      help: 'Time from receiving a Slack request to acknowledging it',
      labelNames: ['kind'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    notifications: new Counter({
      name: 'hosted_bot_bandwidth_notifications_total',
      help: 'Bandwidth order notifications by outcome',
      labelNames: ['outcome'],
      registers,
    }),
    bandwidthCalls: new Histogram({
      name: 'hosted_bot_bandwidth_call_seconds',
      help: 'Bandwidth API calls by operation and outcome',
      labelNames: ['operation', 'outcome'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    requestsByState: new Gauge({
      name: 'hosted_bot_requests',
      help: 'Import requests by state',
      labelNames: ['state'],
      registers,
    }),
    pollerLastRun: new Gauge({
      name: 'hosted_bot_poller_last_run_timestamp_seconds',
      help: 'When the reconcile poller last finished a pass',
      registers,
    }),
    pollerDuration: new Histogram({
      name: 'hosted_bot_poller_pass_seconds',
      help: 'How long one reconcile pass took',
      buckets: [0.1, 0.5, 1, 5, 15, 60, 300],
      registers,
    }),
    slackPosts: new Counter({
      name: 'hosted_bot_slack_posts_total',
      help: 'Messages and card updates sent to Slack by outcome',
      labelNames: ['outcome'],
      registers,
    }),
  };
}
