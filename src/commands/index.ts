import type { App } from '@slack/bolt';
import { ids } from '../views/ids';
import { handleApproveAction } from './approve-action';
import { handleCardMenuAction } from './card-menu-action';
import type { ListenerDeps } from './deps';
import { handleAppHomeOpened, handleHomeNewImport, handleHomeRefresh } from './home';
import { handleImportSubmission } from './import-submission';
import { handleLoaPdfAction } from './loa-pdf-action';
import { handleRejectAction } from './reject-action';
import { handleRejectSubmission } from './reject-submission';
import { handleRetryFailedAction } from './retry-failed-action';
import { handleSlashCommand } from './slash-command';
import { handleStatusButton } from './status-button';
import { handleThreadFileShare } from './thread-file-share';

export type { ListenerDeps } from './deps';

/** Every Slack listener of the bot, one line each. */
export function registerListeners(app: App, deps: ListenerDeps): void {
  app.command(deps.command, handleSlashCommand(deps));
  app.view(ids.importModal.callbackId, handleImportSubmission(deps));
  app.view(ids.rejectModal.callbackId, handleRejectSubmission(deps));
  app.action(ids.card.approve, handleApproveAction(deps));
  app.action(ids.card.reject, handleRejectAction(deps));
  app.action(ids.card.overflow, handleCardMenuAction(deps));
  app.action(ids.card.status, handleStatusButton(deps));
  app.action(ids.card.loaPdf, handleLoaPdfAction(deps));
  app.action(ids.card.retryFailed, handleRetryFailedAction(deps));
  app.action(ids.home.refresh, handleHomeRefresh(deps));
  app.action(ids.home.newImport, handleHomeNewImport(deps));
  app.event('app_home_opened', handleAppHomeOpened(deps));
  app.event('message', handleThreadFileShare(deps));
}
