/** The media store MEDIA_STORE_URL names (store-url.ts): a folder, or an S3-compatible store. */
import { FolderStore } from './folder-store.ts';
import type { MediaStore } from './media-store.ts';
import type { MediaStoreLocation } from './store-url.ts';

/** The AWS SDK is loaded only when an S3 store is configured: a process with a folder store never pays for it. */
export async function createMediaStore(location: MediaStoreLocation): Promise<MediaStore> {
  if (location.kind === 'folder') return new FolderStore(location.dir);
  const { S3Store } = await import('./s3-store.ts');
  return new S3Store(location);
}
