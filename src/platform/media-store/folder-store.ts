/**
 * The default media store: a folder (DATA_DIR/media). A file is copied beside its final name and then
 * renamed over it, so a reader never sees half a file, even when the temporary file lives on another disk.
 * The content type is told by the extension the archive gives every key.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { type ByteRange, checkKey, type FileToStore, type MediaStore, type StoredFile } from './media-store.ts';

const TYPES: Record<string, string> = { '.jpg': 'image/jpeg', '.png': 'image/png', '.webp': 'image/webp', '.gif': 'image/gif', '.mp4': 'video/mp4', '.mov': 'video/quicktime' };

export class FolderStore implements MediaStore {
  readonly kind = 'folder' as const;
  readonly #root: string;

  constructor(root: string) {
    this.#root = path.resolve(root);
  }

  #path(key: string): string {
    return path.join(this.#root, ...checkKey(key).split('/'));
  }

  async put(key: string, file: FileToStore): Promise<void> {
    const target = this.#path(key);
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    const part = `${target}.${randomBytes(6).toString('hex')}.part`;
    try {
      await fs.promises.copyFile(file.path, part);
      await fs.promises.rename(part, target);
    } catch (error) {
      await fs.promises.rm(part, { force: true });
      throw error;
    }
  }

  async open(key: string, range?: ByteRange): Promise<StoredFile | undefined> {
    const file = this.#path(key);
    try {
      const handle = await fs.promises.open(file, 'r');
      const { size } = await handle.stat();
      const contentType = TYPES[path.extname(file)] ?? 'application/octet-stream';
      if (range) return { body: handle.createReadStream({ start: range.start, end: range.end }), bytes: range.end - range.start + 1, contentType };
      return { body: handle.createReadStream(), bytes: size, contentType };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async remove(key: string): Promise<void> {
    await fs.promises.rm(this.#path(key), { force: true });
  }

  close(): void {}
}
