/**
 * What the API and the pages show of a post's archive: where it stands, each file kept (with its size,
 * type, sha256 and a link we serve) or refused (with the reason), and the post's picture and video from
 * our copy. The links are signed and expire (archive.rules.ts `fileLinkExpiry`): whoever holds one sees
 * that one file, as the brand's signed Campaign Performance link shows the brand that one campaign.
 */
import type { Deps } from '../platform/deps.ts';
import { type ArchiveFileRow, archiveFiles, archivesOf } from './archive.repo.ts';
import { fileLinkExpiry } from './archive.rules.ts';
import { fileLink } from './file-link.ts';

export interface ArchiveFileView {
  position: number;
  role: 'media' | 'thumbnail';
  status: 'stored' | 'refused';
  contentType: string | null;
  bytes: number | null;
  sha256: string | null;
  /** Our copy, until `urlExpiresAt`; null for a refused file. */
  url: string | null;
  reason: string | null;
}

export interface ArchiveView {
  /** pending: queued or being copied; archived: every file the network gives was kept or refused (see files). */
  status: 'pending' | 'archived' | 'failed' | 'not_offered';
  reason: string | null;
  archivedAt: string | null;
  urlExpiresAt: string | null;
  files: ArchiveFileView[];
}

/** A post's archive, with its picture and video from our copy: the post's own files, else its first carousel item's. */
export interface ArchivedPost {
  view: ArchiveView;
  mediaUrl: string | null;
  thumbnailUrl: string | null;
}

const STATUS: Record<string, ArchiveView['status']> = { queued: 'pending', running: 'pending', archived: 'archived', failed: 'failed', not_offered: 'not_offered' };

export async function archiveViews(deps: Pick<Deps, 'db' | 'clock' | 'keyRing' | 'settings'>, mediaIds: readonly string[]): Promise<Map<string, ArchivedPost>> {
  const ids = [...new Set(mediaIds)];
  const [archives, files] = await Promise.all([archivesOf(deps.db, ids), archiveFiles(deps.db, ids)]);
  const expiresAt = fileLinkExpiry(deps.clock.now());
  const link = (file: ArchiveFileRow) => fileLink(deps.keyRing, deps.settings.publicUrl, file.id, expiresAt);
  const views = new Map<string, ArchivedPost>();
  for (const archive of archives) {
    const status = STATUS[archive.status];
    if (!status) continue; // being pruned: shown as no archive
    // A failed copy may have kept some files before it gave up: they are shown and served too.
    const own = files.filter((f) => f.media_id === archive.media_id);
    const fileViews = own.map((f) => ({
      position: f.position,
      role: f.role,
      status: f.status,
      contentType: f.content_type,
      bytes: f.bytes,
      sha256: f.sha256,
      url: f.status === 'stored' ? link(f) : null,
      reason: f.reason,
    }));
    const stored = fileViews.filter((f) => f.url !== null).sort((a, b) => a.position - b.position);
    const firstPosition = stored[0]?.position;
    const at = (role: 'media' | 'thumbnail') => stored.find((f) => f.position === firstPosition && f.role === role);
    const media = at('media');
    views.set(archive.media_id, {
      view: {
        status,
        reason: archive.reason,
        archivedAt: status === 'archived' && archive.finished_at ? archive.finished_at.toISOString() : null,
        urlExpiresAt: stored.length ? expiresAt.toISOString() : null,
        files: fileViews,
      },
      mediaUrl: media?.url ?? null,
      // A video's cover, else the picture itself (an image is its own thumbnail).
      thumbnailUrl: at('thumbnail')?.url ?? (media?.contentType?.startsWith('image/') ? media.url : null),
    });
  }
  return views;
}
