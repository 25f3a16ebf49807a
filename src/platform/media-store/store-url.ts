/**
 * MEDIA_STORE_URL, read once by platform/config.ts:
 * - unset: a folder, DATA_DIR/media;
 * - `s3://bucket[/prefix]?region=eu-west-1`: Amazon S3 itself;
 * - `http(s)://[key:secret@]host[:port]/bucket[/prefix][?region=…]`: any S3-compatible server at that
 *   address, path-style. Without `key:secret` the SDK's standard credentials are used.
 */
import path from 'node:path';

export interface S3Location {
  kind: 's3';
  /** Absent: Amazon S3 for the region. */
  endpoint: string | undefined;
  region: string;
  bucket: string;
  /** '' or ending in '/'. */
  prefix: string;
  credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
}

export type MediaStoreLocation = { kind: 'folder'; dir: string } | S3Location;

/** The location, or a sentence saying what is wrong with the URL (never quoting its secret). */
export function parseMediaStoreUrl(value: string | undefined, dataDir: string): MediaStoreLocation | string {
  if (!value) return { kind: 'folder', dir: path.join(dataDir, 'media') };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'MEDIA_STORE_URL must be s3://bucket[/prefix] or http(s)://[key:secret@]host[:port]/bucket[/prefix]';
  }
  const region = url.searchParams.get('region') ?? 'us-east-1';
  const segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const s3 = url.protocol === 's3:';
  if (!s3 && url.protocol !== 'http:' && url.protocol !== 'https:') return 'MEDIA_STORE_URL must use s3:, http: or https:';
  const [bucket, ...rest] = s3 ? [url.hostname, ...segments] : segments;
  if (!bucket || !/^[a-z0-9][a-z0-9.-]{1,62}$/.test(bucket)) return 'MEDIA_STORE_URL must name a bucket (lower-case letters, digits, dots and hyphens)';
  if ((url.username === '') !== (url.password === '')) return 'MEDIA_STORE_URL must give both the access key and the secret (key:secret@), or neither';
  const credentials = url.username ? { accessKeyId: decodeURIComponent(url.username), secretAccessKey: decodeURIComponent(url.password) } : undefined;
  return { kind: 's3', endpoint: s3 ? undefined : url.origin, region, bucket, prefix: rest.length ? `${rest.join('/')}/` : '', credentials };
}
