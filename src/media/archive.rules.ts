/** The media archive's decisions: which files may be fetched and kept, under which name, when to try again, how long a link works. */
import { DAY, MINUTE } from '../kernel/clock.ts';

/** Copies tried in all before an archive is marked failed (the CDN answered no file in about five hours). */
export const MAX_ARCHIVE_ATTEMPTS = 6;

/** 5, 10, 20, 40, 80 minutes after attempts 1–5: a CDN's bad hour does not lose a post's picture. */
export function archiveRetryDelayMs(attempt: number): number {
  return Math.min(5 * 2 ** Math.max(0, attempt - 1), 360) * MINUTE;
}

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'image/heic': 'heic',
  'video/mp4': 'mp4',
  'video/quicktime': 'mov',
};

/** The file kind a content type names, when it is an image or video we keep; undefined for anything else (an HTML error page…). */
export function mediaExtension(contentType: string | null): string | undefined {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  return type ? EXTENSIONS[type] : undefined;
}

/** Where a copy goes in the store: by workspace and post, under the file row's own id (a new copy never overwrites an old one). */
export function storageKey(workspaceId: string, mediaId: string, fileId: string, extension: string): string {
  return `${workspaceId}/${mediaId}/${fileId}.${extension}`;
}

/**
 * Only https links on the network's own CDN hosts (its profile's `mediaFiles.hosts`, or a subdomain of
 * one) are fetched: a link is whatever the network's API said, and the archive must never be pointed at
 * an address of ours.
 */
export function isCdnLink(url: URL, hosts: readonly string[]): boolean {
  const host = url.hostname.toLowerCase();
  return url.protocol === 'https:' && url.username === '' && hosts.some((h) => host === h || host.endsWith(`.${h}`));
}

/**
 * A served copy's link lasts until midnight UTC 8 days on: at least a week, and the same all day, so a
 * page or an API client that reads the same post twice in a day gets the same URL (and a browser its cache).
 */
export function fileLinkExpiry(now: Date): Date {
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return new Date(midnight + 8 * DAY);
}

/**
 * One `Range: bytes=…` asked of a file of `size` bytes: `a-b`, `a-` or the last `-n` (RFC 9110 §14.1.2).
 * Undefined: the whole file (no header, several ranges, another unit: a server may answer those whole);
 * 'unsatisfiable': starts past the end (416).
 */
export function byteRange(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | undefined {
  const m = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    const last = Math.min(Number(m[2]), size);
    return last === 0 ? 'unsatisfiable' : { start: size - last, end: size - 1 };
  }
  const start = Number(m[1]);
  if (start >= size) return 'unsatisfiable';
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  return end < start ? undefined : { start, end };
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 * 1024) return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
  if (bytes >= 1024 * 1024) return `${Math.round(bytes / 1024 ** 2)} MB`;
  return `${Math.round(bytes / 1024)} KB`;
}
