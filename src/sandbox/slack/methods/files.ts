import { extname } from 'node:path';
import { asObject, asString } from '../http-utils';
import type { SlackState } from '../state';
import type { FakeFile, FakeMessage, SlackObject } from '../types';
import { fail, type MethodHandler, missing, ok } from './context';

/** What a test knows about a file it drops into the fake (see `FakeSlack.addFile`). */
export interface NewFile {
  name: string;
  mimetype?: string;
  filetype?: string;
  title?: string;
  /** Who shared it; default the sandbox requester. */
  user?: string;
}

const TYPES: Record<string, { filetype: string; pretty: string; mimetype: string }> = {
  '.pdf': { filetype: 'pdf', pretty: 'PDF', mimetype: 'application/pdf' },
  '.png': { filetype: 'png', pretty: 'PNG', mimetype: 'image/png' },
  '.jpg': { filetype: 'jpg', pretty: 'JPEG', mimetype: 'image/jpeg' },
  '.jpeg': { filetype: 'jpg', pretty: 'JPEG', mimetype: 'image/jpeg' },
  '.tif': { filetype: 'tiff', pretty: 'TIFF', mimetype: 'image/tiff' },
  '.tiff': { filetype: 'tiff', pretty: 'TIFF', mimetype: 'image/tiff' },
  '.txt': { filetype: 'text', pretty: 'Plain Text', mimetype: 'text/plain' },
  '.csv': { filetype: 'csv', pretty: 'CSV', mimetype: 'text/csv' },
};

/**
 * Builds a Slack file object whose private URLs point back at the fake. Slack serves
 * `url_private_download` only to a request carrying a token that can see the file.
 */
export function createFile(
  state: SlackState,
  baseUrl: string,
  bytes: Buffer,
  meta: NewFile,
  id = state.nextId('F'),
): FakeFile {
  const known = TYPES[extname(meta.name).toLowerCase()];
  const mimetype = meta.mimetype ?? known?.mimetype ?? 'application/octet-stream';
  const user = meta.user ?? state.config.botUserId;
  const path = `${baseUrl}/files-pri/${state.config.teamId}-${id}`;
  const name = encodeURIComponent(meta.name);
  const created = Math.floor(state.config.now() / 1000);
  const file: SlackObject = {
    id,
    created,
    timestamp: created,
    name: meta.name,
    title: meta.title ?? meta.name,
    mimetype,
    filetype: meta.filetype ?? known?.filetype ?? 'binary',
    pretty_type: known?.pretty ?? 'Binary',
    user,
    user_team: state.config.teamId,
    editable: false,
    size: bytes.length,
    mode: 'hosted',
    is_external: false,
    external_type: '',
    is_public: false,
    public_url_shared: false,
    display_as_bot: false,
    username: '',
    url_private: `${path}/${name}`,
    url_private_download: `${path}/download/${name}`,
    permalink: `${baseUrl}/files/${user}/${id}/${name}`,
    permalink_public: `${baseUrl}/files-pub/${state.config.teamId}-${id}-0000000000/${name}`,
    channels: [],
    groups: [],
    ims: [],
    shares: {},
    comments_count: 0,
    has_rich_preview: false,
    file_access: 'visible',
  };
  const fake = { file, bytes };
  state.files.set(id, fake);
  return fake;
}

/** Marks a file shared into a channel or thread the way Slack's file object records it. */
function share(file: SlackObject, channel: string, ts: string, threadTs: string | undefined): void {
  const key = channel.startsWith('G') ? 'groups' : channel.startsWith('D') ? 'ims' : 'channels';
  const list = file[key] as string[];
  if (!list.includes(channel)) list.push(channel);
  const visibility = channel.startsWith('C') ? 'public' : 'private';
  const shares = file.shares as Record<string, Record<string, unknown[]>>;
  shares[visibility] ??= {};
  const entry = { ts, thread_ts: threadTs, reply_count: 0, reply_users: [], channel_name: channel };
  shares[visibility][channel] = [...(shares[visibility][channel] ?? []), entry];
}

const info: MethodHandler = ({ args, state }) => {
  const id = asString(args.file);
  const fake = id === undefined ? undefined : state.files.get(id);
  if (fake === undefined) return fail('file_not_found');
  return ok({ file: fake.file, comments: [], response_metadata: { next_cursor: '' } });
};

const getUploadURLExternal: MethodHandler = ({ args, state, baseUrl }) => {
  const filename = asString(args.filename);
  const length = Number(args.length);
  if (filename === undefined || filename === '') return missing('filename');
  if (!Number.isInteger(length) || length < 1) return fail('invalid_arguments', ['[ERROR] invalid length']);
  const fileId = state.nextId('F');
  const uploadId = `${fileId}-${state.nextId('U').slice(1)}`;
  state.pendingUploads.set(uploadId, { fileId, filename, length, altText: asString(args.alt_txt) });
  return ok({ upload_url: `${baseUrl}/upload/v1/${uploadId}`, file_id: fileId });
};

/** Stores bytes POSTed to an upload URL; false when the URL was never handed out. */
export function receiveUpload(state: SlackState, uploadId: string, bytes: Buffer): boolean {
  const pending = state.pendingUploads.get(uploadId);
  if (pending === undefined) return false;
  pending.bytes = bytes;
  return true;
}

const completeUploadExternal: MethodHandler = ({ args, state, baseUrl }) => {
  if (!Array.isArray(args.files) || args.files.length === 0) return missing('files');
  const requested = args.files.map((f) => asObject(f)).filter((f) => f !== undefined);
  const uploads = requested.map((f) => {
    const entry = [...state.pendingUploads.entries()].find(
      ([, p]) => p.fileId === f.id && p.bytes !== undefined,
    );
    return { request: f, entry };
  });
  if (uploads.some((u) => u.entry === undefined)) return fail('file_not_found');
  const channels = [asString(args.channel_id), ...(asString(args.channels)?.split(',') ?? [])]
    .map((c) => c?.trim())
    .filter((c): c is string => c !== undefined && c !== '');
  for (const channel of channels) {
    const known = state.channel(channel);
    if (known === undefined) return fail('channel_not_found');
    if (known.isMember === false) return fail('not_in_channel');
  }
  const threadTs = asString(args.thread_ts);
  const files = uploads.map(({ request, entry }) => {
    const [uploadId, pending] = entry!;
    state.pendingUploads.delete(uploadId);
    const title = asString(request.title) ?? pending.filename;
    // The id promised by getUploadURLExternal is the one the file keeps.
    const fake = createFile(
      state,
      baseUrl,
      pending.bytes!,
      { name: pending.filename, title },
      pending.fileId,
    );
    return fake;
  });
  const comment = asString(args.initial_comment);
  for (const channel of channels) {
    const message: FakeMessage = {
      channel,
      ts: state.nextTs(),
      thread_ts: threadTs,
      text: comment ?? '',
      blocks: comment === undefined && Array.isArray(args.blocks) ? args.blocks : undefined,
      reply_broadcast: false,
      user: state.config.botUserId,
      bot_id: state.config.botId,
      files: files.map((f) => f.file),
      reactions: [],
      updates: [],
      extra: { upload: true },
    };
    state.messages.push(message);
    for (const f of files) share(f.file, channel, message.ts, threadTs);
  }
  for (const f of files) {
    state.uploadedFiles.push({
      file: f.file,
      bytes: f.bytes,
      channelId: channels[0],
      threadTs,
      initialComment: comment,
    });
  }
  return ok({ files: files.map((f) => f.file) });
};

export const fileMethods: Record<string, MethodHandler> = {
  'files.info': info,
  'files.getUploadURLExternal': getUploadURLExternal,
  'files.completeUploadExternal': completeUploadExternal,
};
