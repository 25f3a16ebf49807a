import { describe, expect, it } from 'vitest';
import { parseMediaStoreUrl } from './store-url.ts';

describe('MEDIA_STORE_URL', () => {
  it('unset: a folder in DATA_DIR', () => {
    expect(parseMediaStoreUrl(undefined, '/var/lib/ck')).toEqual({ kind: 'folder', dir: '/var/lib/ck/media' });
  });

  it('s3://bucket/prefix is Amazon S3, with the SDK’s own credentials', () => {
    expect(parseMediaStoreUrl('s3://creator-media/prod/archive?region=eu-west-1', '/d')).toEqual({
      kind: 's3',
      endpoint: undefined,
      region: 'eu-west-1',
      bucket: 'creator-media',
      prefix: 'prod/archive/',
      credentials: undefined,
    });
  });

  it('http(s)://key:secret@host/bucket is an S3-compatible server, path-style, with the credentials given', () => {
    expect(parseMediaStoreUrl('https://AKIA%2B1:s%2Fcret@minio.internal:9000/media', '/d')).toEqual({
      kind: 's3',
      endpoint: 'https://minio.internal:9000',
      region: 'us-east-1',
      bucket: 'media',
      prefix: '',
      credentials: { accessKeyId: 'AKIA+1', secretAccessKey: 's/cret' },
    });
  });

  it('says what is wrong, without quoting the secret', () => {
    for (const [url, message] of [
      ['not a url', /must be s3:\/\/bucket/],
      ['ftp://host/bucket', /s3:, http: or https:/],
      ['https://host/', /must name a bucket/],
      ['https://key@host/bucket', /both the access key and the secret/],
      ['https://key:hunter2@host/Bad_Bucket', /must name a bucket/],
    ] as const) {
      const result = parseMediaStoreUrl(url, '/d');
      expect(result).toMatch(message);
      expect(result).not.toContain('hunter2');
    }
  });
});
