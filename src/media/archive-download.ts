/**
 * One file from a network's CDN into a temporary file, streamed: bytes are counted and hashed (sha256)
 * as they pass and written straight to disk, so a video costs the process one chunk of memory whatever
 * its size. A file over the size bound is refused before it is read (its Content-Length) or as soon as
 * it passes the bound; a link that is not an image or video is refused unread. Failures worth another
 * try (an expired or refused link, a 5xx, a stall) are thrown as DownloadFailed.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { formatBytes, mediaExtension } from './archive.rules.ts';

export type Downloaded =
  | { ok: true; path: string; bytes: number; sha256: string; contentType: string; extension: string }
  | { ok: false; refused: 'too_large' | 'not_media'; reason: string };

export class DownloadFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DownloadFailed';
  }
}

class TooLarge extends Error {}

export interface DownloadOptions {
  maxBytes: number;
  /** How long the CDN may take to start answering. */
  timeoutMs: number;
  /** How long the body may pause before the download is given up. */
  stallMs: number;
  fetch?: typeof fetch;
  /** The CDN's host, as failures name it (the URL fetched may be mapped elsewhere: the sandbox). */
  host: string;
  /** Called every few megabytes; false stops the download (the run lost its lease). */
  onProgress?: () => Promise<boolean>;
}

const PROGRESS_EVERY = 16 * 1024 * 1024;

export async function downloadToTemp(url: URL, options: DownloadOptions): Promise<Downloaded> {
  const controller = new AbortController();
  let timer = setTimeout(() => controller.abort(new DownloadFailed(`${options.host} did not answer within ${options.timeoutMs} ms`)), options.timeoutMs);
  const stalled = () => {
    clearTimeout(timer);
    timer = setTimeout(() => controller.abort(new DownloadFailed(`${options.host} stopped sending the file`)), options.stallMs);
  };
  try {
    let response: Response;
    try {
      // No redirects: the link was checked against the network's CDN hosts, its target would not be.
      response = await (options.fetch ?? fetch)(url, { signal: controller.signal, redirect: 'manual' });
    } catch (error) {
      throw error instanceof DownloadFailed ? error : new DownloadFailed(`${options.host} could not be reached`);
    }
    if (!response.ok || !response.body) {
      await response.body?.cancel().catch(() => undefined);
      // Meta's CDN answers 403 "URL signature expired" for an old link: the next try asks for a fresh one.
      throw new DownloadFailed(`${options.host} answered ${response.status}${response.status === 403 ? ' (the link may have expired)' : ''}`);
    }
    const contentType = response.headers.get('content-type');
    const extension = mediaExtension(contentType);
    if (!extension) {
      await response.body.cancel().catch(() => undefined);
      return { ok: false, refused: 'not_media', reason: `The network sent ${contentType ?? 'a file with no type'}, not an image or a video.` };
    }
    const declared = Number(response.headers.get('content-length') ?? Number.NaN);
    if (declared > options.maxBytes) {
      await response.body.cancel().catch(() => undefined);
      return tooLarge(declared, options.maxBytes);
    }
    stalled();
    return await toTempFile(response.body as unknown as WebReadableStream<Uint8Array>, {
      ...options,
      contentType: contentType!.split(';')[0]!.trim(),
      extension,
      stalled,
      signal: controller.signal,
    });
  } finally {
    clearTimeout(timer);
  }
}

function tooLarge(bytes: number, max: number): Downloaded {
  const size = Number.isFinite(bytes) ? `The file is ${formatBytes(bytes)}, over` : 'The file is over';
  return { ok: false, refused: 'too_large', reason: `${size} the ${formatBytes(max)} limit (MEDIA_MAX_FILE_MB).` };
}

async function toTempFile(
  body: WebReadableStream<Uint8Array>,
  options: DownloadOptions & { contentType: string; extension: string; stalled: () => void; signal: AbortSignal },
): Promise<Downloaded> {
  const file = path.join(os.tmpdir(), `channelkeeper-archive-${randomBytes(8).toString('hex')}.part`);
  const hash = createHash('sha256');
  let bytes = 0;
  let sinceProgress = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      sinceProgress += chunk.length;
      if (bytes > options.maxBytes) return done(new TooLarge());
      hash.update(chunk);
      options.stalled();
      if (sinceProgress < PROGRESS_EVERY || !options.onProgress) return done(null, chunk);
      sinceProgress = 0;
      options.onProgress().then(
        (keep) => done(keep ? null : new DownloadFailed('the copy was taken over by another worker'), chunk),
        (error: unknown) => done(error as Error),
      );
    },
  });
  try {
    await pipeline(Readable.fromWeb(body), meter, fs.createWriteStream(file), { signal: options.signal });
    return { ok: true, path: file, bytes, sha256: hash.digest('hex'), contentType: options.contentType, extension: options.extension };
  } catch (error) {
    await fs.promises.rm(file, { force: true });
    if (error instanceof TooLarge) return tooLarge(Number.NaN, options.maxBytes);
    const reason = options.signal.reason;
    if (reason instanceof DownloadFailed) throw reason;
    throw error instanceof DownloadFailed ? error : new DownloadFailed('the file could not be read to its end');
  }
}
