import { randomBytes } from 'node:crypto';
import type {
  FailureSpec,
  FakeChannel,
  FakeEphemeral,
  FakeFile,
  FakeMessage,
  FakeUser,
  FakeView,
  FileDownload,
  RecordedCall,
  ResponseUrlPost,
  UploadedFile,
} from './types';

/** Fixed identities and settings of one fake workspace. */
export interface WorkspaceConfig {
  botToken: string;
  botUserId: string;
  botId: string;
  teamId: string;
  appId: string;
  users: Map<string, FakeUser>;
  usergroups: Map<string, string[]>;
  channels: Map<string, FakeChannel>;
  triggerTtlMs: number;
  now: () => number;
}

interface IssuedTrigger {
  issuedAt: number;
  userId: string | undefined;
  exchanged: boolean;
}

interface PendingUpload {
  fileId: string;
  filename: string;
  length: number;
  altText?: string;
  bytes?: Buffer;
}

/**
 * Everything the fake workspace remembers. Arrays are cleared in place on reset so that a test
 * holding `fake.messages` keeps seeing the live list.
 */
export class SlackState {
  readonly calls: RecordedCall[] = [];
  readonly messages: FakeMessage[] = [];
  readonly ephemerals: FakeEphemeral[] = [];
  readonly views = new Map<string, FakeView>();
  readonly homeViews = new Map<string, FakeView>();
  readonly files = new Map<string, FakeFile>();
  readonly uploadedFiles: UploadedFile[] = [];
  readonly fileDownloads: FileDownload[] = [];
  readonly responseUrlPosts: ResponseUrlPost[] = [];
  readonly pendingUploads = new Map<string, PendingUpload>();
  private readonly failures = new Map<string, FailureSpec[]>();
  private readonly triggers = new Map<string, IssuedTrigger>();
  private readonly listeners = new Set<() => void>();
  private lastTsMicros = 0;
  private sequence = 0;

  constructor(readonly config: WorkspaceConfig) {}

  /** A message ts (`seconds.micros`) that is unique and increasing, as Slack's are within a channel. */
  nextTs(): string {
    const micros = Math.max(this.config.now() * 1000, this.lastTsMicros + 1);
    this.lastTsMicros = micros;
    const seconds = Math.floor(micros / 1_000_000);
    return `${seconds}.${String(micros % 1_000_000).padStart(6, '0')}`;
  }

  /** A Slack-looking id: prefix + 10 upper-case alphanumerics. */
  nextId(prefix: string): string {
    this.sequence += 1;
    return `${prefix}0${this.sequence.toString(36).toUpperCase().padStart(9, '0')}`;
  }

  /** Issues a trigger_id the way an interaction does, so views.open can later check it. */
  mintTriggerId(userId?: string): string {
    this.sequence += 1;
    const id = `${this.sequence}.${Math.floor(this.config.now() / 1000)}.${randomBytes(16).toString('hex')}`;
    this.triggers.set(id, { issuedAt: this.config.now(), userId, exchanged: false });
    return id;
  }

  /**
   * Exchanges a trigger for the right to show a view: once, within the TTL. Returns the error code
   * Slack would answer with, or the user the trigger belongs to.
   */
  exchangeTrigger(triggerId: string): { error: string } | { userId: string | undefined } {
    const trigger = this.triggers.get(triggerId);
    if (trigger === undefined) return { error: 'invalid_trigger_id' };
    if (trigger.exchanged) return { error: 'exchanged_trigger_id' };
    if (this.config.now() - trigger.issuedAt > this.config.triggerTtlMs)
      return { error: 'expired_trigger_id' };
    trigger.exchanged = true;
    return { userId: trigger.userId };
  }

  queueFailure(method: string, failure: FailureSpec, times = 1): void {
    const queue = this.failures.get(method) ?? [];
    for (let i = 0; i < times; i += 1) queue.push(failure);
    this.failures.set(method, queue);
  }

  takeFailure(method: string): FailureSpec | undefined {
    const queue = this.failures.get(method);
    const failure = queue?.shift();
    if (queue !== undefined && queue.length === 0) this.failures.delete(method);
    return failure;
  }

  findMessage(channel: string, ts: string): FakeMessage | undefined {
    return this.messages.find((m) => m.channel === channel && m.ts === ts);
  }

  channel(id: string): FakeChannel | undefined {
    const known = this.config.channels.get(id);
    if (known !== undefined) return known;
    return /^[CGD][A-Z0-9]{2,}$/.test(id) ? { id } : undefined;
  }

  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  changed(): void {
    for (const listener of [...this.listeners]) listener();
  }

  reset(): void {
    for (const list of [
      this.calls,
      this.messages,
      this.ephemerals,
      this.uploadedFiles,
      this.fileDownloads,
      this.responseUrlPosts,
    ]) {
      list.length = 0;
    }
    for (const map of [
      this.views,
      this.homeViews,
      this.files,
      this.pendingUploads,
      this.failures,
      this.triggers,
    ]) {
      map.clear();
    }
    this.changed();
  }
}
