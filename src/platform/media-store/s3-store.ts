/**
 * Any S3-compatible store (AWS S3, MinIO, Cloudflare R2, Backblaze B2…), addressed path-style. Credentials
 * come from MEDIA_STORE_URL, else from the SDK's standard chain (AWS_ACCESS_KEY_ID and
 * AWS_SECRET_ACCESS_KEY, a profile, an instance role), which the SDK reads itself.
 *
 * Checksums are sent only where an operation requires them: the SDK's default (a CRC32 trailer in an
 * aws-chunked body on every upload) is not understood by every S3-compatible server, and one that does not
 * understand it stores the chunk framing as part of the file. Our own sha256 is recorded beside each copy.
 */
import fs from 'node:fs';
import type { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { type ByteRange, checkKey, type FileToStore, type MediaStore, type StoredFile } from './media-store.ts';
import type { S3Location } from './store-url.ts';

export class S3Store implements MediaStore {
  readonly kind = 's3' as const;
  readonly #client: S3Client;
  readonly #bucket: string;
  readonly #prefix: string;

  constructor(location: S3Location) {
    this.#client = new S3Client({
      region: location.region,
      endpoint: location.endpoint,
      forcePathStyle: true,
      credentials: location.credentials,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    this.#bucket = location.bucket;
    this.#prefix = location.prefix;
  }

  #key(key: string): string {
    return `${this.#prefix}${checkKey(key)}`;
  }

  async put(key: string, file: FileToStore): Promise<void> {
    await this.#client.send(
      new PutObjectCommand({
        Bucket: this.#bucket,
        Key: this.#key(key),
        Body: fs.createReadStream(file.path),
        ContentLength: file.bytes,
        ContentType: file.contentType,
        Metadata: { sha256: file.sha256 },
      }),
    );
  }

  async open(key: string, range?: ByteRange): Promise<StoredFile | undefined> {
    try {
      const object = await this.#client.send(new GetObjectCommand({ Bucket: this.#bucket, Key: this.#key(key), Range: range ? `bytes=${range.start}-${range.end}` : undefined }));
      if (!object.Body) return undefined;
      return { body: object.Body as Readable, bytes: object.ContentLength ?? 0, contentType: object.ContentType ?? 'application/octet-stream' };
    } catch (error) {
      if (error instanceof NoSuchKey || (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404)) return undefined;
      throw error;
    }
  }

  async remove(key: string): Promise<void> {
    await this.#client.send(new DeleteObjectCommand({ Bucket: this.#bucket, Key: this.#key(key) }));
  }

  close(): void {
    this.#client.destroy();
  }
}
