/**
 * Where copies of creators' media are kept (the media archive, src/media/archive-*.ts): one small
 * interface, a folder in DATA_DIR by default (folder-store.ts) or any S3-compatible store when
 * MEDIA_STORE_URL is set (s3-store.ts). Files arrive whole and checked (size bound, sha256) as a
 * temporary file, so a store never sees a partial copy, and are read back as streams: no file is ever
 * held in memory. `createMediaStore` (create-media-store.ts) picks the kind.
 */
import type { Readable } from 'node:stream';
import type { MediaStoreLocation } from './store-url.ts';

export interface StoredFile {
  /** The file, or the bytes of the range asked for. */
  body: Readable;
  bytes: number;
  contentType: string;
}

/** Bytes `start` to `end`, both included (an HTTP Range request's). */
export interface ByteRange {
  start: number;
  end: number;
}

export interface FileToStore {
  /** A finished temporary file: the store copies or uploads it; the caller removes it afterwards. */
  path: string;
  bytes: number;
  contentType: string;
  sha256: string;
}

export interface MediaStore {
  /** 'folder' or 's3', for logs. */
  readonly kind: MediaStoreLocation['kind'];
  /** Stores the file at `key` (letters, digits, `_ - . /`), replacing what was there. */
  put(key: string, file: FileToStore): Promise<void>;
  /** The file at `key` (or only `range` of it: `bytes` is then the range's length), or undefined when there is none. */
  open(key: string, range?: ByteRange): Promise<StoredFile | undefined>;
  /** Deletes the file at `key`; a key with no file is not an error (a prune may run twice). */
  remove(key: string): Promise<void>;
  /** Lets go of open connections (the system's close). */
  close(): void;
}

/** Keys are ours (workspace, media and file ids), never a person's text: anything else is a bug. */
export function checkKey(key: string): string {
  if (!/^[A-Za-z0-9_-][A-Za-z0-9_./-]{0,500}$/.test(key) || key.split('/').some((part) => part === '' || part === '.' || part === '..')) {
    throw new Error('Invalid media store key');
  }
  return key;
}
