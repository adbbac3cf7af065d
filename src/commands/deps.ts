import type { BackgroundJobs } from '../background-jobs';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import type { ApproverDirectory } from '../slack/approvers';
import type { Notifier } from '../slack/notifier';
import type { SlackFilesPort, Workflow } from '../workflow';

/** What every Slack listener may use. Built once in app.ts. */
export interface ListenerDeps {
  workflow: Workflow;
  notifier: Notifier;
  approvers: ApproverDirectory;
  slackFiles: SlackFilesPort;
  jobs: BackgroundJobs;
  metrics: Metrics;
  logger: Logger;
  /** The slash command as configured, e.g. "/hosted". */
  command: string;
}
