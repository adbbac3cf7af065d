import { type Dispatcher, request } from 'undici';
import type { SlackFilesPort } from '../workflow';

/** The Web API call the downloader needs. Bolt's `app.client` satisfies it. */
export interface FilesInfoApi {
  files: {
    info(args: { file: string }): Promise<{
      file?: {
        name?: string;
        mimetype?: string;
        size?: number;
        url_private_download?: string;
        url_private?: string;
      };
    }>;
  };
}

export interface SlackFilesOptions {
  client: FilesInfoApi;
  botToken: string;
  /** Largest download accepted; the LOA limit. */
  maxBytes: number;
  timeoutMs?: number;
  dispatcher?: Dispatcher;
}

/**
 * Downloads files people share in Slack (the LOA, a list of numbers). Slack serves a private
 * file only with the bot token; with a wrong one it answers 200 with its HTML login page, which
 * the LOA check then refuses by its first bytes instead of uploading it to Bandwidth.
 */
export function createSlackFiles(options: SlackFilesOptions): SlackFilesPort {
  const { client, botToken, maxBytes, timeoutMs = 30_000, dispatcher } = options;
  return {
    async download(fileId) {
      const { file } = await client.files.info({ file: fileId });
      const url = file?.url_private_download ?? file?.url_private;
      if (!file || !url) throw new Error(`Slack has no downloadable file ${fileId}`);
      if ((file.size ?? 0) > maxBytes)
        throw new Error(`the file is ${file.size} bytes; the limit is ${maxBytes}`);
      const response = await request(url, {
        headers: { authorization: `Bearer ${botToken}` },
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        maxRedirections: 0,
        dispatcher,
      } as Parameters<typeof request>[1]);
      if (response.statusCode !== 200) {
        await response.body.dump();
        throw new Error(`downloading the file from Slack answered HTTP ${response.statusCode}`);
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of response.body) {
        size += (chunk as Buffer).length;
        if (size > maxBytes) {
          response.body.destroy();
          throw new Error(`the file is larger than ${maxBytes} bytes`);
        }
        chunks.push(chunk as Buffer);
      }
      return {
        bytes: Buffer.concat(chunks),
        mimetype: file.mimetype ?? 'application/octet-stream',
        name: file.name ?? fileId,
      };
    },
  };
}
